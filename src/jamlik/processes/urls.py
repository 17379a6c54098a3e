from django.urls import path

from jamlik.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("ny/", views.process_create, name="create"),
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/andra/", views.process_edit, name="edit"),
    path("<int:pk>/syfte/", views.process_purpose, name="purpose"),
    path("<int:pk>/godkann/", views.process_approve, name="approve"),
    path("<int:pk>/status/", views.process_status, name="status"),
    path("<int:pk>/processledare/", views.process_leaders, name="leaders"),
    path("<int:pk>/fas/", views.process_phase, name="phase"),
    path("<int:pk>/aktiviteter/ny/", views.activity_create, name="activity_create"),
    path("<int:pk>/deltagare/ny/", views.participant_create, name="participant_create"),
    path("<int:pk>/dokument/ny/", views.link_create, name="link_create"),
]
