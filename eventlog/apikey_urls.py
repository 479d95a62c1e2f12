"""The panel's API key pages, under /journal/api-keys/ (their own namespace: the sidebar link's)."""

from django.urls import path

from .views.apikeys import ApiKeyCreateView, ApiKeyListView, ApiKeyRevokeView

app_name = "apikeys"

urlpatterns = [
    path("", ApiKeyListView.as_view(), name="list"),
    path("new/", ApiKeyCreateView.as_view(), name="create"),
    path("<int:pk>/revoke/", ApiKeyRevokeView.as_view(), name="revoke"),
]
