from django.urls import path

from jamlik.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/andra/", views.process_edit, name="edit"),
]
