from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.MailingListView.as_view(), name="mailings"),
    path("new/", views.MailingCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MailingDetailView.as_view(), name="mailing"),
    path("<int:pk>/edit/", views.MailingEditView.as_view(), name="edit"),
    path("<int:pk>/send/", views.MailingSendView.as_view(), name="send"),
    path("failed/<int:entry_id>/resend/", views.ResendView.as_view(), name="resend"),
]
