from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from config import api
from eventlog import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="eventlog:overview", permanent=False)),
    # Before the journal: its `<slug:tab>/` routes would take "codes".
    path("journal/codes/", include("explanations.urls")),
    path("journal/api-keys/", include("eventlog.apikey_urls")),
    path("journal/api/", include("eventlog.api_docs_urls")),
    path("erp/", include("integrations.erp.urls")),
    path("sms/", include("integrations.sms.urls")),
    path("custom-events/", include("integrations.custom_events.urls")),
    path("mailings/", include("integrations.messaging.urls")),
    path("appearance/", include("integrations.theme.urls")),
    path("prestashop/", include("integrations.prestashop.urls")),
    path("allegro/", include("integrations.allegro.urls")),
    path("baselinker/", include("integrations.baselinker.urls")),
    # An entry's "Show personal data" (journal/<tab>/<id>/reveal/), beside the journal's own routes.
    path("journal/", include("access.urls")),
    path("journal/", include("eventlog.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language can be switched on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls()),
    # Answered first by eventlog.health.HealthCheckMiddleware; the route names it for reverse().
    path("healthz", health.healthz, name="healthz"),
]
# A database outage raised before a view (the login check reading the session) is a 503 too.
handler500 = "eventlog.outage.server_error"
