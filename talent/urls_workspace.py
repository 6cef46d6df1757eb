"""The applicants pages of the enterprise workspace (mounted at ``/workspace/``)."""

from django.urls import path

from . import workspace

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
        "<slug:enterprise_slug>/applicants/board/",
        workspace.applicant_board,
        name="workspace_board",
    ),
    path(
        "<slug:enterprise_slug>/applicants/bulk-move/",
        workspace.application_bulk_move,
        name="workspace_applications_bulk_move",
    ),
    path(
        "<slug:enterprise_slug>/applicants/tags/",
        workspace.tag_list,
        name="workspace_tags",
    ),
    path(
        "<slug:enterprise_slug>/applicants/<int:pk>/tags/",
        workspace.application_tag,
        name="workspace_application_tag",
    ),
    path(
        "<slug:enterprise_slug>/applicants/<int:pk>/tags/<int:tag_pk>/remove/",
        workspace.application_untag,
        name="workspace_application_untag",
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
