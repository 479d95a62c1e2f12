"""The BaseLinker integration file's state: its password, the pulls BaseLinker made, and
what each product looked like when it was last served.

BaseLinker alone knows which products it added or updated on its side; Dziennik can tell
a product served for the first time ("added") from one served again with changes
("updated") by the hash of what it served (`ServedProduct.content_hash`), and says so in
the panel.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from eventlog.models import Run
from integrations.credentials import EncryptedTextField
from integrations.erp.models import Product


class BaseLinkerSettings(models.Model):
    """The one row (pk=1) of the integration file's settings."""

    #: What BaseLinker sends as `bl_pass`; BASELINKER_PASSWORD overrides it when set.
    password = EncryptedTextField(_("password"), blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("BaseLinker settings")
        verbose_name_plural = _("BaseLinker settings")

    def __str__(self) -> str:
        return "BaseLinker"

    @classmethod
    def load(cls) -> BaseLinkerSettings:
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class Pull(models.Model):
    """One full pull by BaseLinker (ProductsList page 1 … its last ProductsData batch): one export run.

    `day` is unique: at most one pull a shop-local day (as in e-Sklep), and two requests
    opening a pull at once create one (the second gets the unique violation and joins it).
    """

    run = models.OneToOneField(Run, on_delete=models.CASCADE, related_name="baselinker_pull", verbose_name=_("run"))
    day = models.DateField(_("day"), unique=True)
    #: Pages of ProductsList the pull has, and those already counted (a repeated page counts once).
    pages = models.PositiveIntegerField(_("pages"), default=1)
    pages_counted = models.JSONField(_("pages counted"), default=list, blank=True)
    #: Products served in the listing, and of those the ones whose full data (ProductsData) was served.
    listed = models.PositiveIntegerField(_("listed"), default=0)
    data_served = models.PositiveIntegerField(_("data served"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    problems = models.PositiveIntegerField(_("problems"), default=0)
    last_request_at = models.DateTimeField(_("last request"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("BaseLinker pull")
        verbose_name_plural = _("BaseLinker pulls")
        indexes = [
            # The quiet-timeout check: open pulls only.
            models.Index(fields=["last_request_at"], name="bl_pull_open", condition=models.Q(closed_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.day} (run {self.run_id})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ServedProduct(models.Model):
    """What Dziennik last served BaseLinker of one product: its hash, and the pull that listed it."""

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("product")
    )
    content_hash = models.CharField(_("content hash"), max_length=32)
    first_served_at = models.DateTimeField(_("first served"))
    last_served_at = models.DateTimeField(_("last served"))
    #: The pull that last listed it, and the pull that last served its full data.
    listed_in = models.ForeignKey(
        Pull, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("listed in")
    )
    data_in = models.ForeignKey(
        Pull, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("data served in")
    )

    class Meta:
        verbose_name = _("served product")
        verbose_name_plural = _("served products")

    def __str__(self) -> str:
        return f"{self.product_id} {self.content_hash}"
