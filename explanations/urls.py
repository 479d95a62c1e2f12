# Mounted at /journal/codes/ before the journal's own `<slug:tab>/` routes.
# "new" and "unexplained" are reserved words that no code may take (models.RESERVED_CODES).
from django.urls import path

from . import views

app_name = "explanations"

urlpatterns = [
    path("", views.ExplanationListView.as_view(), name="list"),
    path("new/", views.ExplanationFormView.as_view(), name="create"),
    path("unexplained/", views.UnexplainedView.as_view(), name="unexplained"),
    path("<str:code>/", views.ExplanationDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", views.ExplanationFormView.as_view(), name="edit"),
]
