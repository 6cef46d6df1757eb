from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.me, name="me"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/submit/", views.submit_for_review, name="submit_for_review"),
    path("cv/", views.cv, name="cv"),
    path("cv/<int:pk>/download/", views.cv_download, name="cv_download"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.privacy_export, name="privacy_export"),
    path(
        "privacy/consents/<str:kind>/<str:change>/",
        views.consent_change,
        name="consent_change",
    ),
    path("privacy/delete/", views.account_delete, name="account_delete"),
]
