"""The workspace's offers, application threads and message templates
(``/workspace/<enterprise_slug>/applicants/<pk>/offers/…``, ``…/messages/`` and
``/workspace/<enterprise_slug>/message-templates/``).

As the applicant pages (``talent.workspace``): every view goes through
``workspace_view``, applications are read through the member's scope and offers and
templates through the enterprise found there, so another enterprise's are a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from enterprises.workspace import workspace_view
from westbund.core.bilingual import text_in
from westbund.core.forms import submit

from . import actions
from .actions.conversations import TEMPLATE_FIELDS
from .forms import MessageTemplateForm, OfferForm, OfferWithdrawForm
from .models import MessageTemplate, Offer
from .offer_pdf import offer_pdf_response
from .threads import post_message
from .workspace import _application, _detail, _render


def _offer(application, offer_pk) -> Offer:
    return get_object_or_404(
        application.offers.select_related("enterprise", "application__profile"), pk=offer_pk
    )


def default_letter(application) -> str:
    """A first letter in the candidate's language, for the recruiter to edit."""
    language = application.profile.user.preferred_language if application.profile else "en"
    with translation.override(language):
        return _(
            "Dear %(name)s,\n\nWe are delighted to offer you the position of %(role)s at "
            "%(enterprise)s, on the terms above.\n\nPlease accept or decline this offer in "
            "your West Bund Talent Hub account before it expires.\n\nKind regards,\n"
            "%(enterprise)s"
        ) % {
            "name": application.applicant_name,
            "role": text_in(application.role, "title", language),
            "enterprise": text_in(application.enterprise, "name", language),
        }


@never_cache
@workspace_view
def offer_new(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    if request.method == "POST":
        form = OfferForm(request.POST)
        if submit(
            form, lambda data: actions.draft_offer(application=application, by=request.user, **data)
        ):
            messages.success(
                request, _("The offer is saved as a draft. Check its letter, then submit it.")
            )
            return redirect(application.workspace_url() + "#offers")
    else:
        # The position as the letter names it: in the candidate's language.
        language = application.profile.user.preferred_language if application.profile else None
        form = OfferForm(
            initial={
                "position": text_in(application.role, "title", language),
                "letter": default_letter(application) if application.profile else "",
            }
        )
    return _render(
        request,
        "talent/workspace/offer_form.html",
        {"enterprise": enterprise, "application": application, "form": form},
    )


@never_cache
@workspace_view
def offer_edit(request, enterprise, pk, offer_pk):
    """A draft's terms, changed before it is submitted or sent."""
    application = _application(request, enterprise, pk)
    offer = _offer(application, offer_pk)
    if not offer.state_is.draft:
        messages.error(
            request, _("Only a draft can be changed: withdraw this offer and draft a new one.")
        )
        return redirect(application.workspace_url() + "#offers")
    form = OfferForm(
        request.POST or None,
        initial={name: getattr(offer, name) for name in actions.OfferTerms.__annotations__},
    )
    if request.method == "POST" and submit(
        form, lambda data: actions.change_draft_offer(offer=offer, by=request.user, **data)
    ):
        messages.success(request, _("The draft is saved. Check its letter, then submit it."))
        return redirect(application.workspace_url() + "#offers")
    return _render(
        request,
        "talent/workspace/offer_form.html",
        {"enterprise": enterprise, "application": application, "form": form, "offer": offer},
    )


def _offer_action(request, enterprise, pk, offer_pk, action, success, **kwargs):
    application = _application(request, enterprise, pk)
    offer = _offer(application, offer_pk)
    try:
        action(offer=offer, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(application.workspace_url() + "#offers")


@workspace_view
@require_POST
def offer_submit(request, enterprise, pk, offer_pk):
    if request.membership.is_admin:
        success = _("The offer is sent to the candidate.")
    else:
        success = _("The offer waits for the approval of an admin of your enterprise.")
    return _offer_action(request, enterprise, pk, offer_pk, actions.submit_offer, success)


@workspace_view
@require_POST
def offer_approve(request, enterprise, pk, offer_pk):
    # A recruiter, or the offer's own author, is refused by the action (403).
    return _offer_action(
        request,
        enterprise,
        pk,
        offer_pk,
        actions.approve_offer,
        _("Offer approved: it is sent to the candidate."),
    )


@workspace_view
@require_POST
def offer_withdraw(request, enterprise, pk, offer_pk):
    form = OfferWithdrawForm(request.POST)
    if not form.is_valid():
        application = _application(request, enterprise, pk)
        _offer(application, offer_pk)
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(application.workspace_url() + "#offers")
    return _offer_action(
        request,
        enterprise,
        pk,
        offer_pk,
        actions.withdraw_offer,
        _("The offer is withdrawn."),
        reason=form.cleaned_data["reason"],
    )


@never_cache
@workspace_view
def offer_pdf(request, enterprise, pk, offer_pk):
    application = _application(request, enterprise, pk)
    return offer_pdf_response(_offer(application, offer_pk))


@workspace_view
@require_POST
def application_message(request, enterprise, pk):
    application = _application(request, enterprise, pk)
    return post_message(
        request,
        application,
        sent=_("Message sent. The professional is told."),
        thread_url=application.workspace_url() + "#thread",
        page=lambda form: _detail(request, enterprise, application, message_form=form),
    )


# -- Message templates ------------------------------------------------------------------


def _templates(enterprise):
    return MessageTemplate.objects.filter(enterprise=enterprise)


def _template_page(request, enterprise, form, template=None):
    return _render(
        request,
        "talent/workspace/message_templates.html",
        {
            "enterprise": enterprise,
            "templates": _templates(enterprise),
            "form": form,
            "editing": template,
        },
    )


def _save_template(request, enterprise, template=None):
    form = MessageTemplateForm(request.POST, instance=MessageTemplate(enterprise=enterprise))
    if submit(
        form,
        lambda data: actions.save_message_template(
            enterprise=enterprise,
            by=request.user,
            fields={name: data[name] for name in TEMPLATE_FIELDS},
            template=template,
        ),
    ):
        messages.success(request, _("Template saved."))
        return redirect("talent:workspace_message_templates", enterprise.slug)
    return _template_page(request, enterprise, form, template)


@never_cache
@workspace_view
def message_templates(request, enterprise):
    if request.method == "POST":
        return _save_template(request, enterprise)
    return _template_page(request, enterprise, MessageTemplateForm())


@never_cache
@workspace_view
def message_template_edit(request, enterprise, template_pk):
    template = get_object_or_404(_templates(enterprise), pk=template_pk)
    if request.method == "POST":
        return _save_template(request, enterprise, template)
    return _template_page(request, enterprise, MessageTemplateForm(instance=template), template)


@workspace_view
@require_POST
def message_template_delete(request, enterprise, template_pk):
    template = get_object_or_404(_templates(enterprise), pk=template_pk)
    actions.delete_message_template(template=template, by=request.user)
    messages.success(request, _("Template deleted."))
    return redirect("talent:workspace_message_templates", enterprise.slug)
