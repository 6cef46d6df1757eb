"""The applicants and talent pool pages of the enterprise workspace (mounted at ``/workspace/``)."""

from django.urls import path

from . import pool, workspace

urlpatterns = [
    path(
        "<slug:enterprise_slug>/applicants/",
        workspace.applicant_list,
        name="workspace_applicants",
    ),
    path(
        "<slug:enterprise_slug>/applicants/roles/<int:role_pk>/",
        workspace.applicant_list,
        name="workspace_role_applicants",
    ),
    path(
        "<slug:enterprise_slug>/applicants/roles/<int:role_pk>/export.csv",
        workspace.applicant_export,
        name="workspace_role_applicants_csv",
    ),
    path(
        "<slug:enterprise_slug>/applicants/<int:pk>/",
        workspace.application_detail,
        name="workspace_application",
    ),
    path(
        "<slug:enterprise_slug>/applicants/<int:pk>/move/",
        workspace.application_move,
        name="workspace_application_move",
    ),
    path(
        "<slug:enterprise_slug>/applicants/<int:pk>/undo/",
        workspace.application_undo,
        name="workspace_application_undo",
    ),
    path(
        "<slug:enterprise_slug>/applicants/<int:pk>/notes/",
        workspace.application_note,
        name="workspace_application_note",
    ),
]

urlpatterns += [
    path("<slug:enterprise_slug>/talent-pool/", pool.pool, name="workspace_pool"),
    path(
        "<slug:enterprise_slug>/talent-pool/invitations/",
        pool.invitation_list,
        name="workspace_pool_invitations",
    ),
    path(
        "<slug:enterprise_slug>/talent-pool/<int:profile_pk>/invite/",
        pool.invite,
        name="workspace_pool_invite",
    ),
]
