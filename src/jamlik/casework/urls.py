from django.urls import path

from jamlik.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.index, name="index"),
    path("planer/ny/", views.plan_create, name="plan_create"),
    path("planer/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("planer/<int:pk>/andra/", views.plan_edit, name="plan_edit"),
    path("planer/<int:pk>/autospara/", views.plan_autosave, name="plan_autosave"),
    path("planer/<int:pk>/utkast/kasta/", views.draft_discard, name="draft_discard"),
    path("planer/<int:pk>/livsomraden/ny/", views.rating_create, name="rating_create"),
    path("planer/<int:pk>/delmal/nytt/", views.goal_create, name="goal_create"),
    path("planer/<int:pk>/delmal/<int:goal_id>/status/", views.goal_status, name="goal_status"),
    path("planer/<int:pk>/insatser/ny/", views.measure_create, name="measure_create"),
    path("planer/<int:pk>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("planer/<int:pk>/anteckningar/ny/", views.note_create, name="note_create"),
    path("planer/<int:pk>/team/lagg-till/", views.team_add, name="team_add"),
    path("planer/<int:pk>/samtycken/nytt/", views.consent_create, name="consent_create"),
    path(
        "planer/<int:pk>/samtycken/<int:consent_id>/aterkalla/", views.consent_revoke, name="consent_revoke"
    ),
    path("planer/<int:pk>/uppfoljning/ny/", views.review_create, name="review_create"),
    path("planer/<int:pk>/versioner/", views.versions, name="versions"),
    path("planer/<int:pk>/versioner/overenskommen/", views.version_agree, name="version_agree"),
    path("planer/<int:pk>/avsluta/", views.plan_close, name="plan_close"),
    path("planer/<int:pk>/atkomstlogg/", views.access_log, name="access_log"),
    path("planer/<int:pk>/export/", views.plan_export, name="plan_export"),
    path("planer/<int:pk>/nodatkomst/", views.emergency, name="emergency"),
    path("stickprov/", views.spot_checks, name="spot_checks"),
    path("stickprov/<int:pk>/", views.spot_check, name="spot_check"),
    path("uppfoljning/", views.equality_report, name="report"),
    path("uppfoljning/inskrivna/", views.enrolment, name="enrolment"),
    path("resurser/", views.resources, name="resources"),
    path("resurser/ny/", views.resource_create, name="resource_create"),
]
