"""Finding what each installed app declares in a module of a known name (`tab.py`,
`codes.py`, `demo.py`), so that the journal imports no integration by name."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[ModuleType]:
    """`<app>.<name>` of every installed app that has one, in the order of INSTALLED_APPS."""
    return [
        importlib.import_module(f"{app_config.name}.{name}")
        for app_config in apps.get_app_configs()
        if module_has_submodule(app_config.module, name)
    ]
