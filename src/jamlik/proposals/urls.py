from django.urls import path

from jamlik.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("beslutade-ej-genomforda/", views.not_implemented, name="not_implemented"),
    path("bortglomda/", views.stale, name="stale"),
    path("aterkoppling/", views.feedback_list, name="feedback"),
    path("aterkoppling/<int:pk>/last/", views.feedback_acknowledge, name="feedback_acknowledge"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("import/", views.import_page, name="import"),
    path("import/mall.xlsx", views.import_template, name="import_template"),
    path("process/<int:pk>/nytt/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/andra/", views.proposal_edit, name="edit"),
    path("<int:pk>/beslut/", views.proposal_decide, name="decide"),
    path("<int:pk>/bedomning/", views.proposal_assess, name="assess"),
]
