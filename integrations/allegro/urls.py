from django.urls import path

from . import views

app_name = "allegro"

urlpatterns = [
    path("", views.AccountsView.as_view(), name="accounts"),
    path("add/", views.AddView.as_view(), name="add"),
    path("authorisations/<int:pk>/", views.AuthorisationView.as_view(), name="authorisation"),
    path("<int:pk>/deactivate/", views.DeactivateView.as_view(), name="deactivate"),
    path("<int:pk>/poll/", views.PollView.as_view(), name="poll"),
]
