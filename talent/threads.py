"""The one way a message is posted to an application's thread, for both sides of it:
the professional in ``/me/`` and the enterprise in its workspace."""

from django.contrib import messages
from django.shortcuts import redirect

from westbund.core.forms import submit

from . import actions
from .forms import MessageForm


def post_message(request, application, *, sent: str, thread_url: str, page):
    """Send the posted message, or show the page again with the form's errors.

    ``sent`` is the confirmation in the sender's words; ``page(form)`` renders the
    application page of the sender's side with the form that failed."""
    form = MessageForm(request.POST)
    if submit(
        form, lambda data: actions.send_message(application=application, by=request.user, **data)
    ):
        messages.success(request, sent)
        return redirect(thread_url)
    return page(form)
