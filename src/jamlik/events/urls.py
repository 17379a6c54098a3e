from django.urls import path
from django.views.decorators.cache import never_cache

from jamlik.events import evaluation_views, views

app_name = "events"

# Pages behind a personal link show a person's name, e-mail and answers: never kept by a browser or a
# proxy (Cache-Control: no-store), so the next user of a shared computer cannot page back to them.
urlpatterns = [
    path("", views.event_list, name="list"),
    path("nytt/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/andra/", views.event_edit, name="edit"),
    path("<int:pk>/anmalan/", views.register, name="register"),
    path("<int:pk>/tappad-lank/", views.lost_link, name="lost_link"),
    path("<int:pk>/kvoter/ny/", views.quota_create, name="quota_create"),
    path("<int:pk>/tidspass/nytt/", views.slot_create, name="slot_create"),
    path("<int:pk>/pass/nytt/", views.session_create, name="session_create"),
    path("<int:pk>/fragor/ny/", views.question_create, name="question_create"),
    path("<int:pk>/platser/", views.allocation, name="allocation"),
    path("<int:pk>/deltagare/", views.participants, name="participants"),
    path("<int:pk>/deltagare/export.<str:fmt>", views.participants_export, name="participants_export"),
    path("<int:pk>/vantelista/", views.waiting_list, name="waiting_list"),
    path("<int:pk>/meddelande/", views.message, name="message"),
    path("<int:pk>/namnbrickor.pdf", views.badges_pdf, name="badges_pdf"),
    path("<int:pk>/narvarolista.pdf", views.attendance_pdf, name="attendance_pdf"),
    path("pass/<int:pk>/deltagare/", views.session_participants, name="session_participants"),
    path(
        "pass/<int:pk>/deltagare/export.<str:fmt>",
        views.session_participants_export,
        name="session_participants_export",
    ),
    path("vantelista/<int:pk>/flytta/", views.move_entry, name="move_entry"),
    path("anmalan/<str:token>/", never_cache(views.manage), name="manage"),
    path("anmalan/<str:token>/pass/", never_cache(views.change_sessions), name="change_sessions"),
    path("anmalan/<str:token>/avboka/", never_cache(views.cancel), name="cancel"),
    path(
        "anmalan/<str:token>/erbjudande/<int:entry_pk>/", never_cache(views.accept_offer), name="accept_offer"
    ),
    # The evaluation survey after the event.
    path("<int:pk>/utvardering/", evaluation_views.evaluation_page, name="evaluation"),
    path("<int:pk>/utvardering/andra/", evaluation_views.evaluation_edit, name="evaluation_edit"),
    path(
        "<int:pk>/utvardering/fragor/ny/",
        evaluation_views.evaluation_question_create,
        name="evaluation_question_create",
    ),
    path("<int:pk>/utvardering/skicka/", evaluation_views.evaluation_send, name="evaluation_send"),
    path("<int:pk>/utvardering/resultat/", evaluation_views.evaluation_results, name="evaluation_results"),
    path("<int:pk>/utvardering/uppfoljning/", evaluation_views.evaluation_feed, name="evaluation_feed"),
    path(
        "utvardering/<str:token>/", never_cache(evaluation_views.evaluation_answer), name="evaluation_answer"
    ),
]
