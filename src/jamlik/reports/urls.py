from django.urls import path

from jamlik.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.definition_list, name="list"),
    path("ny/", views.definition_create, name="create"),
    path("fil/<int:pk>/<str:kind>/", views.download, name="download"),
    path("<slug:slug>/", views.definition_detail, name="detail"),
    path("<slug:slug>/andra/", views.definition_edit, name="edit"),
    path("<slug:slug>/kopiera/", views.definition_copy, name="copy"),
    path("<slug:slug>/generera/", views.definition_generate, name="generate"),
    path("<slug:slug>/status/", views.generation_status, name="status"),
]
