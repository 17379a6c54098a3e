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

from jamlik.goals import house_views  # noqa: E402  (the House's pages, kept apart from the programme's)

urlpatterns += [
    path("hus/", house_views.house_list, name="house_list"),
    path("hus/nytt/", house_views.house_create, name="house_create"),
    path("hus/<int:pk>/", house_views.house_detail, name="house_detail"),
    path("hus/<int:pk>/andra/", house_views.house_edit, name="house_edit"),
    path("hus/<int:pk>/rum/nytt/", house_views.room_create, name="room_create"),
    path("hus/<int:pk>/garage/", house_views.garage, name="garage"),
    path("hus/<int:pk>/garage/parkera/", house_views.parked_issue_create, name="parked_issue_create"),
    path("rum/<int:pk>/", house_views.room_detail, name="room_detail"),
    path("rum/<int:pk>/andra/", house_views.room_edit, name="room_edit"),
    path("rum/<int:pk>/dokument/nytt/", house_views.room_link_create, name="room_link_create"),
    path("garage/<int:pk>/", house_views.parked_issue_detail, name="parked_issue_detail"),
    path("garage/<int:pk>/andra/", house_views.parked_issue_edit, name="parked_issue_edit"),
    path("garage/<int:pk>/plocka-upp/", house_views.parked_issue_pick_up, name="parked_issue_pick_up"),
    path("garage/<int:pk>/slapp/", house_views.parked_issue_drop, name="parked_issue_drop"),
]
