from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("<slug:tab>/<int:pk>/reveal/", views.RevealPersonalDataView.as_view(), name="reveal"),
]
