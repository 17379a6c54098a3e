from django.urls import path

from jamlik.core import views

app_name = "core"

urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("enheter/<str:code>/", views.unit_detail, name="unit_detail"),
]
