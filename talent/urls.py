"""The talent app's pages. One namespace, ``talent``, for three places:
``/me/…`` (the professional's hub), the Apply page under ``/jobs/<slug>/apply/`` and
the applicants pages under ``/workspace/<enterprise_slug>/applicants/…``."""

from django.urls import include, path

from . import views

app_name = "talent"

me_patterns = [
    path("", views.me, name="me"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/submit/", views.submit_for_review, name="submit_for_review"),
    path("cv/", views.cv, name="cv"),
    path("cv/<int:pk>/download/", views.cv_download, name="cv_download"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path(
        "applications/<int:pk>/interviews/<int:interview_pk>/confirm/",
        views.interview_confirm,
        name="interview_confirm",
    ),
    path(
        "applications/<int:pk>/interviews/<int:interview_pk>/change/",
        views.interview_change,
        name="interview_change",
    ),
    path(
        "applications/<int:pk>/offers/<int:offer_pk>/accept/",
        views.offer_accept,
        name="offer_accept",
    ),
    path(
        "applications/<int:pk>/offers/<int:offer_pk>/decline/",
        views.offer_decline,
        name="offer_decline",
    ),
    path(
        "applications/<int:pk>/offers/<int:offer_pk>/letter.pdf",
        views.offer_pdf,
        name="offer_pdf",
    ),
    path("applications/<int:pk>/messages/", views.application_message, name="application_message"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/delete/", views.alert_delete, name="alert_delete"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.privacy_export, name="privacy_export"),
    path(
        "privacy/consents/<str:kind>/<str:change>/",
        views.consent_change,
        name="consent_change",
    ),
    path("privacy/delete/", views.account_delete, name="account_delete"),
]

urlpatterns = [
    path("me/", include(me_patterns)),
    path("", include("talent.urls_public")),
    path("workspace/", include("talent.urls_workspace")),
]
