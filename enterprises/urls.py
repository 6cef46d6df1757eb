from django.urls import path

from . import views, workspace
from .feeds import LatestRolesFeed

app_name = "enterprises"

urlpatterns = [
    # Public: the job board and the directory.
    path("jobs/", views.job_board, name="jobs"),
    path("jobs/feed/", LatestRolesFeed(), name="feed"),
    path("jobs/<slug:slug>/", views.role_detail, name="role"),
    path("enterprises/", views.directory, name="directory"),
    path("enterprises/join/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("enterprises/<slug:slug>/", views.enterprise_detail, name="detail"),
    # The workspace: members only (see ``workspace.workspace_view``).
    path("workspace/", workspace.index, name="workspace"),
    path(
        "workspace/<slug:enterprise_slug>/",
        workspace.dashboard,
        name="workspace_dashboard",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/",
        workspace.role_list,
        name="workspace_roles",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/new/",
        workspace.role_create,
        name="workspace_role_create",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/<int:pk>/",
        workspace.role_detail,
        name="workspace_role",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/<int:pk>/edit/",
        workspace.role_edit,
        name="workspace_role_edit",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/<int:pk>/submit/",
        workspace.role_submit,
        name="workspace_role_submit",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/<int:pk>/close/",
        workspace.role_close,
        name="workspace_role_close",
    ),
    path(
        "workspace/<slug:enterprise_slug>/roles/<int:pk>/duplicate/",
        workspace.role_duplicate,
        name="workspace_role_duplicate",
    ),
    path(
        "workspace/<slug:enterprise_slug>/page/",
        workspace.enterprise_edit,
        name="workspace_enterprise",
    ),
    path(
        "workspace/<slug:enterprise_slug>/members/",
        workspace.members,
        name="workspace_members",
    ),
    path(
        "workspace/<slug:enterprise_slug>/members/invite/",
        workspace.member_invite,
        name="workspace_member_invite",
    ),
    path(
        "workspace/<slug:enterprise_slug>/members/<int:pk>/remove/",
        workspace.member_remove,
        name="workspace_member_remove",
    ),
    path(
        "workspace/<slug:enterprise_slug>/invitations/<int:pk>/revoke/",
        workspace.invitation_revoke,
        name="workspace_invitation_revoke",
    ),
]
