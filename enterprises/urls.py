from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("jobs/", views.job_board, name="jobs"),
    path("enterprises/", views.directory, name="directory"),
]
