from django.urls import path

from . import views

app_name = "erp"

urlpatterns = [
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("runs/<int:pk>/problems/", views.ProblemsView.as_view(), name="problems"),
    path("runs/<int:pk>/products.xlsx", views.ProblemsXlsxView.as_view(), {"kind": "product"}, name="products_xlsx"),
    path(
        "runs/<int:pk>/categories.xlsx", views.ProblemsXlsxView.as_view(), {"kind": "category"}, name="categories_xlsx"
    ),
]
