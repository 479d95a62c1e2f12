from django.urls import path

from . import views

app_name = "baselinker"

urlpatterns = [
    # The integration file BaseLinker calls (its address is shown on the settings page).
    path("", views.integration_file, name="file"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
