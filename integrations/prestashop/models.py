"""The PrestaShop integration module's configuration and state, per PrestaShop account.

An `Account` is one PrestaShop shop (its webservice URL and key) with the module's
settings, section by section as the module's pages show them: the connection, the
mappings of the shop's payment, delivery and order-status lists (`RemoteChoice` →
`ShopMethod`), the order settings, the product field mapping, the settings templates
(`SettingsTemplate`), imports (`Import`, `ImportItem`), and the links between local
products and PrestaShop products (`Offer`, one per PrestaShop product or combination).

What each section did is not here but in the PrestaShop tab of the journal (`tab.py`):
these tables are the current state, the journal its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integrations.credentials import EncryptedTextField

#: PrestaShop's webservice key: 32 characters (PROTOCOLS.md §1.1, 401/18 otherwise).
KEY_LENGTH = 32


class ProductField(models.TextChoices):
    """The PrestaShop product / combination fields that can carry an identifier (PROTOCOLS.md §1.2)."""

    EAN13 = "ean13", "ean13"
    REFERENCE = "reference", "reference"
    MPN = "mpn", "mpn"
    SUPPLIER_REFERENCE = "supplier_reference", "supplier_reference"
    UPC = "upc", "upc"
    ISBN = "isbn", "isbn"


class Identifier(models.TextChoices):
    """How a PrestaShop product is matched to a local one (import and linking)."""

    EAN = "ean", _("EAN")
    SYMBOL = "symbol", _("Symbol")
    CATALOGUE_NUMBER = "catalogue_number", _("Catalogue number")


class MethodKind(models.TextChoices):
    PAYMENT = "payment", _("Payment method")
    DELIVERY = "delivery", _("Delivery method")
    ORDER_STATUS = "order_status", _("Order status")


class ShopMethod(models.Model):
    """The shop's own payment method, delivery method or order status (seeded, editable in the admin)."""

    kind = models.CharField(_("kind"), max_length=16, choices=MethodKind.choices)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("shop method or status")
        verbose_name_plural = _("shop methods and statuses")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="prestashop_shopmethod_code")]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """One PrestaShop shop the module talks to, with every section's settings."""

    # Connection -------------------------------------------------------------------
    #: The shop's address, e.g. "https://sklep.example.pl" (no trailing slash; the API is under /api/).
    url = models.URLField(_("shop URL"), max_length=300)
    #: The webservice key, encrypted at rest; the panel shows only `key_hint`.
    key = EncryptedTextField(_("webservice key"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The last connection test: when, whether it passed, and PrestaShop's `PSWS-Version`.
    checked_at = models.DateTimeField(_("connection checked"), null=True, blank=True)
    connected = models.BooleanField(_("connection correct"), default=False)
    version = models.CharField(_("PrestaShop version"), max_length=32, blank=True)
    #: The first successful login (it starts the analysis that fills the mapping lists).
    first_connected_at = models.DateTimeField(null=True, blank=True)

    # Order settings ---------------------------------------------------------------
    orders_enabled = models.BooleanField(_("download orders"), default=False)
    #: Orders changed since then are downloaded (default: the account's creation).
    orders_from = models.DateTimeField(_("download orders from"), null=True, blank=True)
    orders_into_status = models.ForeignKey(
        ShopMethod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": MethodKind.ORDER_STATUS},
        verbose_name=_("download into status"),
    )
    #: Shop order statuses (ShopMethod ids, in the order chosen) in which a downloaded order
    #: still takes updates from PrestaShop; an order in the first one counts as started and takes no more.
    orders_update_statuses = models.JSONField(_("statuses in which orders still update"), default=list, blank=True)
    sync_order_status = models.BooleanField(_("update order statuses"), default=False)
    send_tracking_numbers = models.BooleanField(_("send tracking numbers"), default=False)
    send_sales_documents = models.BooleanField(_("send sales documents"), default=False)
    sync_stock = models.BooleanField(_("update stock"), default=False)
    #: The order download's cursor: the newest `date_upd` (PrestaShop's time, naive) already read.
    orders_cursor = models.CharField(max_length=19, blank=True)

    # Product field mapping (PROTOCOLS.md §1.2) --------------------------------------
    product_ean_field = models.CharField(
        _("EAN field"), max_length=24, choices=ProductField.choices, default=ProductField.EAN13
    )
    product_symbol_field = models.CharField(
        _("symbol field"), max_length=24, choices=ProductField.choices, default=ProductField.REFERENCE
    )
    product_catalogue_field = models.CharField(
        _("catalogue number field"), max_length=24, choices=ProductField.choices, default=ProductField.MPN
    )
    combination_ean_field = models.CharField(
        _("EAN field of combinations"), max_length=24, choices=ProductField.choices, default=ProductField.EAN13
    )
    combination_symbol_field = models.CharField(
        _("symbol field of combinations"), max_length=24, choices=ProductField.choices, default=ProductField.REFERENCE
    )
    combination_catalogue_field = models.CharField(
        _("catalogue number field of combinations"),
        max_length=24,
        choices=ProductField.choices,
        default=ProductField.MPN,
    )

    class Meta:
        ordering = ["url", "id"]
        verbose_name = _("PrestaShop account")
        verbose_name_plural = _("PrestaShop accounts")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The account as the journal names it (the entries' `account`): the shop's host."""
        from urllib.parse import urlsplit

        return urlsplit(self.url).netloc or self.url

    @property
    def key_hint(self) -> str:
        from integrations.credentials import hint

        return hint(self.key)


class RemoteChoice(models.Model):
    """A payment method, carrier or order state the PrestaShop shop uses, and the shop's own it maps to.

    Collected by the analysis after the first login (and again on request) from the orders
    and the carriers / order states. A payment method has no resource of its own in the
    webservice: its `external_id` is the order's `module` (technical name) and its name the
    order's `payment` label (PROTOCOLS.md §1.2).
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="choices")
    kind = models.CharField(_("kind"), max_length=16, choices=MethodKind.choices)
    external_id = models.CharField(_("PrestaShop id"), max_length=64)
    name = models.CharField(_("name in PrestaShop"), max_length=200)
    #: Orders seen using it in the last analysis (0 = offered by the shop but not in use).
    used_by_orders = models.PositiveIntegerField(_("orders using it"), default=0)
    mapped_to = models.ForeignKey(
        ShopMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("maps to")
    )

    class Meta:
        ordering = ["account", "kind", "name"]
        verbose_name = _("PrestaShop method or status")
        verbose_name_plural = _("PrestaShop methods and statuses")
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "external_id"], name="prestashop_remotechoice_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SettingsTemplate(models.Model):
    """Which parts of an offer sync automatically; every offer has one. Exactly one per account is the default."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(_("default"), default=False)
    sync_description = models.BooleanField(_("description"), default=False)
    sync_delivery_prices = models.BooleanField(_("delivery price list"), default=False)
    sync_price = models.BooleanField(_("product price"), default=False)
    sync_stock = models.BooleanField(_("stock"), default=True)

    class Meta:
        ordering = ["account", "-is_default", "name"]
        verbose_name = _("settings template")
        verbose_name_plural = _("settings templates")
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="prestashop_template_name"),
            models.UniqueConstraint(fields=["account"], condition=Q(is_default=True), name="prestashop_one_default"),
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PREPARING = "preparing", _("Preparing")
    PREPARED = "prepared", _("Prepared for import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    ABORTED = "aborted", _("Aborted")


class Import(models.Model):
    """A product import's parameters and its two stages; editable only while a draft."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="imports")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.DRAFT)
    id_from = models.PositiveIntegerField(_("from ID"), null=True, blank=True)
    id_to = models.PositiveIntegerField(_("to ID"), null=True, blank=True)
    #: Given PrestaShop product ids (empty: all in the range).
    ids = models.JSONField(_("given IDs"), default=list, blank=True)
    changed_since = models.DateTimeField(_("from date"), null=True, blank=True)
    identifier = models.CharField(
        _("unique identifier"), max_length=16, choices=Identifier.choices, default=Identifier.EAN
    )
    with_stock = models.BooleanField(_("with stock"), default=True)
    only_active = models.BooleanField(_("only active products"), default=True)
    #: Stage 1 ("prepare": ids and names) and stage 2 (the import itself).
    prepare_run = models.ForeignKey("eventlog.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    import_run = models.ForeignKey("eventlog.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("product import")
        verbose_name_plural = _("product imports")

    def __str__(self) -> str:
        return f"{self.account} #{self.pk}"

    @property
    def editable(self) -> bool:
        return self.status == ImportStatus.DRAFT


class ItemStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared for import")
    CREATED = "created", _("Created")
    LINKED = "linked", _("Linked to existing")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class ImportItem(models.Model):
    """One PrestaShop product (or combination) of an import: collected by stage 1, settled by stage 2."""

    job = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="items")
    external_id = models.PositiveIntegerField(_("PrestaShop id"))
    #: PrestaShop's `id_product_attribute`: 0 for the product itself.
    combination_id = models.PositiveIntegerField(_("combination id"), default=0)
    name = models.CharField(_("name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PREPARED)
    #: Why it was skipped or failed, in the shop's language as stored, and as a message
    #: (`eventlog.messages`: {"code", "params"}) shown in the reader's language.
    reason = models.TextField(_("reason"), blank=True)
    reason_message = models.JSONField(null=True, blank=True)
    product = models.ForeignKey("erp.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["job", "external_id", "combination_id"]
        verbose_name = _("imported product")
        verbose_name_plural = _("imported products")
        constraints = [
            models.UniqueConstraint(fields=["job", "external_id", "combination_id"], name="prestashop_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.external_id}/{self.combination_id} {self.name}"


class Offer(models.Model):
    """A local product linked to a PrestaShop product or combination, with its settings template.

    Unique on (account, external id, combination): an import resumed after its worker
    died finds the offer it made and creates nothing twice.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="offers")
    external_id = models.PositiveIntegerField(_("PrestaShop id"))
    combination_id = models.PositiveIntegerField(_("combination id"), default=0)
    product = models.ForeignKey("erp.Product", on_delete=models.CASCADE, related_name="prestashop_offers")
    template = models.ForeignKey(
        SettingsTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)
    #: The stock last accepted by PrestaShop (None: never pushed); the stock push sends what differs.
    pushed_stock = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["account", "external_id", "combination_id"]
        verbose_name = _("PrestaShop offer")
        verbose_name_plural = _("PrestaShop offers")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_id", "combination_id"], name="prestashop_offer_unique"
            ),
            models.UniqueConstraint(fields=["account", "product"], name="prestashop_offer_product"),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.external_id}/{self.combination_id}"


class Order(models.Model):
    """An order downloaded from PrestaShop, in the shop's own status."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="orders")
    external_id = models.PositiveIntegerField(_("PrestaShop id"))
    reference = models.CharField(_("reference"), max_length=32)
    #: PrestaShop's `current_state` (order_states id) as last read.
    external_state = models.CharField(_("PrestaShop status"), max_length=16, blank=True)
    status = models.ForeignKey(
        ShopMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("status")
    )
    payment = models.ForeignKey(ShopMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery = models.ForeignKey(ShopMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    total_paid = models.DecimalField(_("total paid"), max_digits=12, decimal_places=2, default=0)
    #: PrestaShop's `date_upd` of the version we hold.
    external_updated_at = models.CharField(max_length=19, blank=True)
    created_at = models.DateTimeField(_("downloaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["account", "-external_id"]
        verbose_name = _("PrestaShop order")
        verbose_name_plural = _("PrestaShop orders")
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="prestashop_order_unique")]

    def __str__(self) -> str:
        return self.reference
