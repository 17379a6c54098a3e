from django.urls import path

from jamlik.kpis import views

app_name = "kpis"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nyckeltal.csv", views.export_csv, name="export_csv"),
    path("nytt/", views.kpi_create, name="create"),
    path("importera/", views.import_values, name="import"),
    path("mall.csv", views.download_template, name="template_csv"),
    path("rytm/", views.plan_rhythm, name="rhythm"),
    path("<int:pk>/", views.kpi_detail, name="detail"),
    path("<int:pk>/andra/", views.kpi_edit, name="edit"),
    path("<int:pk>/varden/", views.kpi_values, name="values"),
    path("<int:pk>/uppdatera/", views.kpi_refresh, name="refresh"),
    path("<int:pk>/till-forum/", views.send_to_forum, name="send_to_forum"),
]
