"""The shop's catalogue as the ERP feeds it, the orders the shop sends back, and the
problems each sync found.

Products and categories are keyed by the ERP's code (the one stable identifier both
sides share). `content_hash` is a digest of everything an import writes, so a
re-sent product that has not changed costs one dictionary look-up and no write.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from eventlog.models import Run

#: Longest product or category name the shop stores (its storefront's title limit).
NAME_MAX = 255
#: Longest product or category code.
CODE_MAX = 64


class Category(models.Model):
    code = models.CharField(_("code"), max_length=CODE_MAX, unique=True)
    erp_id = models.CharField(_("ERP id"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    content_hash = models.CharField(_("content hash"), max_length=32)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Product(models.Model):
    code = models.CharField(_("code"), max_length=CODE_MAX, unique=True)
    erp_id = models.CharField(_("ERP id"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    ean = models.CharField(_("EAN"), max_length=14, blank=True)
    #: The manufacturer's catalogue number (MPN): a third identifier marketplaces match on.
    catalogue_number = models.CharField(_("catalogue number"), max_length=64, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="products", verbose_name=_("category")
    )
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    stock = models.DecimalField(_("stock"), max_digits=12, decimal_places=3, default=0)
    active = models.BooleanField(_("active"), default=True)
    content_hash = models.CharField(_("content hash"), max_length=32)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            # The import's duplicate-EAN check against the catalogue (one query per batch).
            models.Index(fields=["ean"], name="erp_product_ean", condition=~Q(ean="")),
            # The import's check for codes that differ only in case (one query per batch).
            models.Index(Lower("code"), name="erp_product_code_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Order(models.Model):
    """An order placed in the shop, waiting to be sent to the ERP (or already sent)."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    placed_at = models.DateTimeField(_("placed"))
    customer_name = models.CharField(_("customer"), max_length=200)
    customer_email = models.EmailField(_("customer e-mail"))
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    # Claimed by an export run with a conditional UPDATE, so two exports never send one order.
    export_run = models.ForeignKey(
        Run, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("export run")
    )
    exported_at = models.DateTimeField(_("sent to ERP"), null=True, blank=True)

    class Meta:
        ordering = ["placed_at", "id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            # The export's "orders not yet sent" claim.
            models.Index(fields=["placed_at", "id"], name="erp_order_unsent", condition=Q(export_run__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    product_code = models.CharField(_("product code"), max_length=CODE_MAX)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.product_code} × {self.quantity}"


class ProblemKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    CATEGORY = "category", _("Category")


class Problem(models.Model):
    """One problem of one item, from the run that first found it until the run that no longer did.

    A problem that comes back after being fixed starts a new row, so "fixed in run N"
    and "failing since run M" stay true for every past run. At most one row per
    (kind, item, message code) is open at a time.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ProblemKind)
    item_code = models.CharField(_("item code"), max_length=128)
    message_code = models.CharField(_("message code"), max_length=64)
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    first_seen_run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="+", verbose_name=_("first seen"))
    last_seen_run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="+", verbose_name=_("last seen"))
    resolved_in_run = models.ForeignKey(
        Run, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("fixed in")
    )

    class Meta:
        verbose_name = _("sync problem")
        verbose_name_plural = _("sync problems")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "item_code", "message_code"],
                condition=Q(resolved_in_run__isnull=True),
                name="erp_problem_one_open",
            ),
        ]
        # The unique constraint's index also serves the import's "open problems of these items" look-up;
        # the run's "fixed" list uses resolved_in_run's foreign-key index.

    def __str__(self) -> str:
        return f"{self.kind} {self.item_code}: {self.message_code}"


class InboxClaim(models.Model):
    """A package at the top of the ERP inbox, claimed by the import run that copied it into processing/,
    whose original is still to be deleted (`inbox.claim`). The unique name makes the claim atomic on any
    storage: of two checks that see one package, only one inserts its row; the other waits for it on the
    unique index and then finds the name taken. The row goes once the original is deleted, so a package the
    ERP later drops under the same name is claimed anew."""

    name = models.CharField(_("name in the inbox"), max_length=255, unique=True)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="+", verbose_name=_("run"))
    #: What the original was when claimed: only that file is deleted, never one dropped over it since.
    size = models.BigIntegerField(_("size (bytes)"))
    modified_at = models.DateTimeField(_("modified"))
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbox claim")
        verbose_name_plural = _("inbox claims")

    def __str__(self) -> str:
        return self.name
