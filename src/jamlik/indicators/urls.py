from django.urls import path

from jamlik.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/andra/", views.indicator_edit, name="edit"),
    path("importera/", views.import_values, name="import"),
    path("mall.csv", views.download_template, {"fmt": "csv"}, name="template_csv"),
    path("mall.xlsx", views.download_template, {"fmt": "xlsx"}, name="template_xlsx"),
]
