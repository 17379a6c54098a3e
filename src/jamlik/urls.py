from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from jamlik.api.api import api
from jamlik.core import views as core_views

admin.site.site_header = "Jämlik"
admin.site.site_title = "Jämlik"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("konto/logga-in/", core_views.LoginView.as_view(), name="login"),
    path("konto/logga-in/sso/", core_views.oidc_start, name="oidc_start"),
    path("konto/logga-in/sso/tillbaka/", core_views.oidc_callback, name="oidc_callback"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/aterstall/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "konto/losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/losenord/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/losenord/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("sprak/", set_language, name="set_language"),
    path("program/", include("jamlik.goals.urls")),
    path("forandringsprocesser/", include("jamlik.processes.urls")),
    path("forslag/", include("jamlik.proposals.urls")),
    path("indikatorer/", include("jamlik.indicators.urls")),
    path("kompetens/", include("jamlik.labour.urls")),
    path("moten/", include("jamlik.events.urls")),
    path("uppfoljning/", include("jamlik.followup.urls")),
    path("familjearbete/", include("jamlik.casework.urls")),
    path("nyckeltal/", include("jamlik.kpis.urls")),
    path("organisation/", include("jamlik.core.urls")),
    path("rapporter/", include("jamlik.reports.urls")),
    path("api/", api.urls),
    path("halsa/live/", core_views.health_live, name="health_live"),
    path("halsa/redo/", core_views.health_ready, name="health_ready"),
    path("admin/", admin.site.urls),
]

handler400 = "jamlik.core.errors.bad_request"
handler403 = "jamlik.core.errors.permission_denied"
handler404 = "jamlik.core.errors.page_not_found"
handler500 = "jamlik.core.errors.server_error"
