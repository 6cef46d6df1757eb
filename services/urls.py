from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("", views.index, name="index"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/for-me/", views.policies_for_me, name="policies_for_me"),
    path("policies/<slug:slug>/", views.policy_detail, name="policy_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("housing/", views.housing, name="housing"),
    path("housing/apartments/", views.apartments, name="apartments"),
    path("housing/apartments/apply/", views.apartment_apply, name="apartment_apply"),
    path(
        "housing/apartments/applications/<int:pk>/",
        views.apartment_application,
        name="apartment_application",
    ),
    path(
        "housing/apartments/applications/<int:pk>/answer/",
        views.apartment_respond,
        name="apartment_respond",
    ),
    path(
        "housing/apartments/applications/<int:pk>/withdraw/",
        views.apartment_withdraw,
        name="apartment_withdraw",
    ),
    path("work-permit/", views.work_permit, name="work_permit"),
    path("housing/guides/<slug:slug>/", views.housing_guide, name="housing_guide"),
    path("manual/", views.manual_index, name="manual_index"),
    path("manual/search/", views.manual_search, name="manual_search"),
    path("manual/print/", views.manual_print, name="manual_print"),
    path("manual/manual.pdf", views.manual_pdf_download, name="manual_pdf"),
    path("manual/<slug:slug>/", views.manual_chapter, name="manual_chapter"),
    path("community/", views.community, name="community"),
    path("community/events.ics", views.events_feed, name="events_feed"),
    path("community/association/", views.association, name="association"),
    path("community/events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("community/events/<slug:slug>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("community/events/<slug:slug>/cancel/", views.event_cancel, name="event_cancel"),
    path("community/events/<slug:slug>/event.ics", views.event_ics, name="event_ics"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<str:reference>/", views.request_detail, name="request_detail"),
    path(
        "requests/<str:reference>/attachments/<int:pk>/",
        views.request_attachment,
        name="request_attachment",
    ),
]
