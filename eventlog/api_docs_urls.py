"""The panel's API reference, under /journal/api/ (its own namespace: the sidebar link's)."""

from django.urls import path

from .views.api_docs import ApiDocsView

app_name = "api_docs"

urlpatterns = [path("", ApiDocsView.as_view(), name="docs")]
