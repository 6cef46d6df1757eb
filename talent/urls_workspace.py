"""The applicants and talent pool pages of the enterprise workspace (mounted at ``/workspace/``)."""

from django.urls import path

from . import pool, workspace, workspace_interviews

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
    path(
        "<slug:enterprise_slug>/applicants/<int:application_pk>/interviews/new/",
        workspace_interviews.interview_new,
        name="workspace_interview_new",
    ),
    path(
        "<slug:enterprise_slug>/applicants/roles/<int:role_pk>/criteria/",
        workspace_interviews.criteria,
        name="workspace_role_criteria",
    ),
    path(
        "<slug:enterprise_slug>/applicants/roles/<int:role_pk>/criteria/<int:pk>/delete/",
        workspace_interviews.criterion_delete,
        name="workspace_role_criterion_delete",
    ),
    path(
        "<slug:enterprise_slug>/interviews/",
        workspace_interviews.interview_list,
        name="workspace_interviews",
    ),
    path(
        "<slug:enterprise_slug>/interviews/<int:pk>/",
        workspace_interviews.interview_detail,
        name="workspace_interview",
    ),
    path(
        "<slug:enterprise_slug>/interviews/<int:pk>/reschedule/",
        workspace_interviews.interview_reschedule,
        name="workspace_interview_reschedule",
    ),
    path(
        "<slug:enterprise_slug>/interviews/<int:pk>/cancel/",
        workspace_interviews.interview_cancel,
        name="workspace_interview_cancel",
    ),
    path(
        "<slug:enterprise_slug>/interviews/<int:pk>/done/",
        workspace_interviews.interview_done,
        name="workspace_interview_done",
    ),
    path(
        "<slug:enterprise_slug>/interviews/<int:pk>/scorecard/",
        workspace_interviews.scorecard_submit,
        name="workspace_interview_scorecard",
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
