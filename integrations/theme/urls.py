# Mounted at /appearance/ (the journal's tab of their changes is /journal/appearance/).
from django.urls import path

from . import views

app_name = "theme"

urlpatterns = [
    path("", views.TemplateListView.as_view(), name="list"),
    path("new/", views.TemplateCreateView.as_view(), name="create"),
    path("<int:pk>/", views.TemplateDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.TemplateEditView.as_view(), name="edit"),
    path("<int:pk>/publish/", views.TemplatePublishView.as_view(), name="publish"),
    path("<int:pk>/unpublish/", views.TemplateUnpublishView.as_view(), name="unpublish"),
    path("<int:pk>/delete/", views.TemplateDeleteView.as_view(), name="delete"),
]
