from django.urls import path

from jamlik.goals import views

app_name = "goals"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("nytt/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/andra/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/malomraden/nytt/", views.target_area_create, name="target_area_create"),
    path("<int:pk>/principer/ny/", views.principle_create, name="principle_create"),
    path("<int:pk>/kunskapsgrund/ny/", views.knowledge_item_create, name="knowledge_item_create"),
    path("malomraden/<int:pk>/", views.target_area_detail, name="target_area_detail"),
    path("malomraden/<int:pk>/andra/", views.target_area_edit, name="target_area_edit"),
    path("malomraden/<int:pk>/strategier/ny/", views.strategy_create, name="strategy_create"),
    path("strategier/<int:pk>/andra/", views.strategy_edit, name="strategy_edit"),
    path("principer/<int:pk>/andra/", views.principle_edit, name="principle_edit"),
    path("kunskapsgrund/<int:pk>/andra/", views.knowledge_item_edit, name="knowledge_item_edit"),
]
