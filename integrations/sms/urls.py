from django.urls import path

from . import views

app_name = "sms"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("<int:pk>/retry/", views.RetryView.as_view(), name="retry"),
]
