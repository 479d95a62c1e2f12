from django.urls import path

from .views import accounts, config, imports, linking, reports, settings_templates

app_name = "prestashop"

# Sections of one account are under /prestashop/<account>/ (see sections.py).
urlpatterns = [
    path("", accounts.AccountListView.as_view(), name="accounts"),
    path("add/", accounts.AccountCreateView.as_view(), name="account_add"),
    path("<int:account>/", accounts.ConnectionView.as_view(), name="connection"),
    path("<int:account>/delete/", accounts.AccountDeleteView.as_view(), name="account_delete"),
    path("<int:account>/mapping/", config.MappingView.as_view(), name="mapping"),
    path("<int:account>/mapping/analyse/", config.AnalyseView.as_view(), name="analyse"),
    path("<int:account>/orders/", config.OrderSettingsView.as_view(), name="order_settings"),
    path("<int:account>/product-fields/", config.ProductFieldsView.as_view(), name="product_fields"),
    path("<int:account>/templates/", settings_templates.TemplateListView.as_view(), name="templates"),
    path("<int:account>/templates/add/", settings_templates.TemplateCreateView.as_view(), name="template_add"),
    path("<int:account>/templates/<int:pk>/", settings_templates.TemplateUpdateView.as_view(), name="template_edit"),
    path(
        "<int:account>/templates/<int:pk>/delete/",
        settings_templates.TemplateDeleteView.as_view(),
        name="template_delete",
    ),
    path(
        "<int:account>/templates/<int:pk>/default/",
        settings_templates.TemplateDefaultView.as_view(),
        name="template_default",
    ),
    path("<int:account>/imports/", imports.ImportListView.as_view(), name="imports"),
    path("<int:account>/imports/add/", imports.ImportCreateView.as_view(), name="import_add"),
    path("<int:account>/imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import"),
    path("<int:account>/imports/<int:pk>/edit/", imports.ImportEditView.as_view(), name="import_edit"),
    path("<int:account>/linking/", linking.LinkingView.as_view(), name="linking"),
    path("<int:account>/linking/catalogue.xlsx", linking.CatalogueView.as_view(), name="linking_catalogue"),
    path("<int:account>/sync/", reports.SyncReportListView.as_view(), name="sync_reports"),
]
