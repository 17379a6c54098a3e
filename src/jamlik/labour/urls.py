from django.urls import path

from jamlik.labour import views

app_name = "labour"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nara-dem-som-forlorar-jobb/", views.close_to_job_losses, name="close_to_job_losses"),
    path("natverk/", views.network, name="network"),
    path("importera/matris/", views.import_matrix, name="import_matrix"),
    path("importera/sysselsattning/", views.import_employment, name="import_employment"),
    path("importera/<int:pk>/bekrafta/", views.confirm_import, name="confirm_import"),
    path("mall-matris.csv", views.download_template, {"target": "matrix"}, name="template_matrix"),
    path(
        "mall-sysselsattning.csv",
        views.download_template,
        {"target": "employment"},
        name="template_employment",
    ),
]
