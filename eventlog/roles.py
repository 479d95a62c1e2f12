"""The panel's two roles, kept as groups that migrations create and extend."""

from django.contrib.auth.management import create_permissions

SHOP_ADMIN = "Shop admin"
SUPPORT = "Support"


def create_all_permissions(apps) -> None:
    """Permissions are normally created after all migrations; the groups need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group: str, app_label: str, model: str, actions: tuple[str, ...] = ("add", "change", "delete", "view")):
    """Give `group` the `actions` permissions on `app_label.model` (for data migrations)."""
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]
    )
    Group.objects.get(name=group).permissions.add(*wanted)
