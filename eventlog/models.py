"""The journal's storage: one `Entry` table for every tab, and `Run` for jobs.

On PostgreSQL `eventlog_entry` is range-partitioned by `occurred_at` (one partition
per month, see `partitions.py`); its primary key is `(id, occurred_at)` there, which
Django never needs to know: ids come from one sequence and are unique.
Rows are written only through `eventlog.writer`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import messages, tabs


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    SUCCESS = "success", _("Success")
    WARNING = "warning", _("Warning")
    ERROR = "error", _("Error")


#: The severities of a problem: what the overview counts and an explanation is about.
PROBLEM_SEVERITIES = (Severity.WARNING.value, Severity.ERROR.value)


class Initiator(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("Manual")
    EXTERNAL = "external", _("External change")
    API = "api", _("API")


class ObjectType(models.TextChoices):
    PRODUCT = "product", _("Product")
    ORDER = "order", _("Order")
    OFFER = "offer", _("Offer")
    LISTING = "listing", _("Listing")
    CATEGORY = "category", _("Category")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone number")
    MAILING = "mailing", _("Mailing")
    TEMPLATE = "template", _("Template")
    CUSTOMER = "customer", _("Customer")
    EVENT = "event", _("Custom event")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    ABORTED = "aborted", _("Aborted")


class RunOutcome(models.TextChoices):
    """What the panel shows of a run: its status, and "succeeded with problems" for a run that succeeded while
    recording errors (items it skipped, messages it could not send). A display state only, computed from the
    run's register (`Run.outcome`); no field holds it."""

    QUEUED = RunStatus.QUEUED.value, RunStatus.QUEUED.label
    RUNNING = RunStatus.RUNNING.value, RunStatus.RUNNING.label
    SUCCEEDED = RunStatus.SUCCEEDED.value, RunStatus.SUCCEEDED.label
    SUCCEEDED_WITH_PROBLEMS = "succeeded_with_problems", _("Succeeded with problems")
    FAILED = RunStatus.FAILED.value, RunStatus.FAILED.label
    ABORTED = RunStatus.ABORTED.value, RunStatus.ABORTED.label

    @classmethod
    def of(cls, status: str, has_errors: bool) -> "RunOutcome":
        """The outcome of a run in `status` whose register holds an error entry or not."""
        if status == RunStatus.SUCCEEDED and has_errors:
            return cls.SUCCEEDED_WITH_PROBLEMS
        return cls(status) if status in cls.values else cls.QUEUED


#: The badge of each outcome: the project's run-status colours, and Bootstrap's warning badge (dark text on
#: amber, contrast 10:1) for a success with problems.
_OUTCOME_BADGES = {RunOutcome.SUCCEEDED_WITH_PROBLEMS: "text-bg-warning"}


def errors_recorded(run: str = "pk") -> Exists:
    """`Run.objects.annotate(errors_in_register=errors_recorded())`: whether a run's register holds an error entry, for
    `Run.outcome` without a query per run; `run` names the run's id in another model's query ("run_id"). Uses
    index: entry_run (run, occurred_at, id), probed per run."""
    return Exists(Entry.objects.filter(run_id=OuterRef(run), severity=Severity.ERROR))


class Run(models.Model):
    """One execution of a background job; its journal entries are its event register."""

    kind = models.CharField(_("kind"), max_length=32)
    tab = models.CharField(_("tab"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus, default=RunStatus.QUEUED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    counters = models.JSONField(_("counters"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    #: The summary as a message (`{"code": …, "params": …}`, see messages.py), shown in the
    #: reader's language; `summary` holds its text in the shop's language.
    summary_message = models.JSONField(_("summary message"), null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("started by")
    )
    #: The last sign of life: queued, claimed, or progress saved. A run "running" whose
    #: heartbeat is older than JOURNAL_RUN_STALE_SECONDS lost its worker (eventlog.runs).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    #: How many times its task was sent to a worker (the first time and each resume).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: Why a failed run failed, as the worker saw it (the summary says it for people).
    error = models.TextField(_("error"), blank=True)
    abort_requested_at = models.DateTimeField(_("abort requested"), null=True, blank=True)
    abort_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abort requested by"),
    )

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        permissions = [("start_job", _("Can start jobs"))]
        indexes = [
            # The stale-run check (beat, every minute): the few runs still queued or running.
            models.Index(fields=["status"], name="run_unfinished", condition=Q(status__in=["queued", "running"])),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def summary_text(self) -> str:
        """The summary in the reader's language (as stored when it has no message)."""
        summary = self.summary_message
        if isinstance(summary, dict):
            return messages.render(summary.get("code", ""), summary.get("params"), self.summary)
        return self.summary

    @property
    def pending(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def has_errors(self) -> bool:
        """Whether the run recorded an error entry: `errors_in_register` when the queryset annotated it
        (`errors_recorded()`), else one query, kept for the next call."""
        if "errors_in_register" not in self.__dict__:
            self.__dict__["errors_in_register"] = Entry.objects.filter(run_id=self.pk, severity=Severity.ERROR).exists()
        return bool(self.__dict__["errors_in_register"])

    @property
    def outcome(self) -> RunOutcome:
        """The status as shown: a success that recorded errors is "succeeded with problems" (amber), so that a
        run which skipped items never reads as a plain green success beside its red summary."""
        return RunOutcome.of(self.status, self.status == RunStatus.SUCCEEDED and self.has_errors)

    @property
    def outcome_badge(self) -> str:
        """The CSS classes of the outcome's badge (besides "badge")."""
        outcome = self.outcome
        return _OUTCOME_BADGES.get(outcome, f"run-status-{outcome.value}")


class Entry(models.Model):
    """One journal entry. Every tab's rows live here, told apart by `tab`."""

    id = models.BigAutoField(primary_key=True)
    tab = models.CharField(_("tab"), max_length=32)
    occurred_at = models.DateTimeField(_("date"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity)
    event_type = models.CharField(_("event type"), max_length=64)
    message = models.TextField(_("message"))
    message_code = models.CharField(_("message code"), max_length=64, blank=True)
    #: The placeholders' values of a message the project wrote itself (see messages.py): the
    #: message is then shown in the reader's language. None for text that came from outside.
    message_params = models.JSONField(_("message parameters"), null=True, blank=True)
    initiator = models.CharField(_("initiator"), max_length=16, choices=Initiator, default=Initiator.AUTOMATIC)
    actor = models.CharField(_("user"), max_length=150, blank=True)
    account = models.CharField(_("account"), max_length=128, blank=True)
    # One of the services the entry's tab declares (`Tab.services`); the writer checks it.
    service = models.CharField(_("service"), max_length=32, blank=True)
    object_type = models.CharField(_("object type"), max_length=32, choices=ObjectType, blank=True)
    object_id = models.CharField(_("object id"), max_length=128, blank=True)
    data = models.JSONField(_("data fields"), default=dict, blank=True)
    # Same message (or code) about the same object in the same tab: "only unique messages".
    fingerprint = models.BigIntegerField(_("fingerprint"))
    # No database constraint: a foreign key from a partitioned table would make every
    # partition drop wait on `eventlog_run`; runs outlive their entries instead.
    run = models.ForeignKey(
        Run,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("job run"),
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        permissions = [
            ("export_entry", _("Can export journal entries")),
            # Customers' e-mails and phone numbers are masked (j***@example.com) without it.
            ("view_personal_data", _("Can see customers' personal data in full")),
        ]
        # Every list is ordered by (occurred_at, id) descending and scoped to a tab.
        # Each index serves one filter of the tab lists, newest first; indexes of
        # optional fields are partial so that rows without the value cost the writer
        # nothing there.
        # Free text: the GIN index `entry_search` on eventlog_search_document(message,
        # message_code, object_id, account), made by migration 0012 on PostgreSQL only and
        # kept out of this list because SQLite cannot have it; eventlog/search.py writes the
        # same expression. `entry_search_problems` (migration 0014) is the same for warnings
        # and errors only, for a search with ?severity=.
        indexes = [
            # The plain tab list, its date range and keyset paging.
            models.Index(fields=["tab", "-occurred_at", "-id"], name="entry_tab_time"),
            # ?severity= on a tab list, and the overview's 24-hour error/warning counts.
            models.Index(fields=["tab", "severity", "-occurred_at", "-id"], name="entry_tab_severity"),
            # ?event_type= on a tab list.
            models.Index(fields=["tab", "event_type", "-occurred_at", "-id"], name="entry_tab_event"),
            # ?initiator= on a tab list.
            models.Index(fields=["tab", "initiator", "-occurred_at", "-id"], name="entry_tab_initiator"),
            # ?account= on a tab list.
            models.Index(
                fields=["tab", "account", "-occurred_at", "-id"], name="entry_tab_account", condition=~Q(account="")
            ),
            # ?service= on a tab list (offers: Allegro, eBay).
            models.Index(
                fields=["tab", "service", "-occurred_at", "-id"], name="entry_tab_service", condition=~Q(service="")
            ),
            # ?object_id= on a tab list and the cross-tab search by object id.
            models.Index(fields=["object_id", "-occurred_at", "-id"], name="entry_object", condition=~Q(object_id="")),
            # "Only unique messages": a group's entries (its count and first date) and
            # whether an entry has a newer one in its group (see grouping.py).
            models.Index(fields=["tab", "fingerprint", "-occurred_at", "-id"], name="entry_tab_fingerprint"),
            # A run's event register on the run and entry detail pages.
            models.Index(fields=["run", "occurred_at", "id"], name="entry_run", condition=Q(run__isnull=False)),
            # Recent problems with one message code (the explanation page); only
            # warnings and errors with a code, a small share of the journal.
            models.Index(
                fields=["message_code", "-occurred_at", "-id"],
                name="entry_problem_code",
                condition=~Q(message_code="") & Q(severity__in=["warning", "error"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tab} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("eventlog:detail", args=[self.tab, self.pk])

    @property
    def text(self) -> str:
        """The message as the reader sees it: in their language when the project wrote it."""
        return messages.render(self.message_code, self.message_params, self.message)

    @property
    def is_problem(self) -> bool:
        return self.severity in PROBLEM_SEVERITIES

    def get_service_display(self) -> str:
        """The service's label, as its tab declares it (the field has no choices: tabs bring their services)."""
        tab = tabs.get(self.tab)
        if not self.service or tab is None:
            return self.service
        return str(tab.service_label(self.service))


class Rollup(models.Model):
    """How many entries of one group, with the same filterable fields, one hour holds (eventlog/rollups.py).

    One row per (tab, fingerprint, hour, severity, event_type, initiator, account, service,
    message_code); the object follows from the fingerprint. Only hours before the
    horizon (RollupHorizon) are rolled up; the field names are Entry's, so that the lists' filters
    and the tabs' rules (`Tab.hidden_after`) apply to rollups as they are.
    """

    hour = models.DateTimeField(_("hour"))
    tab = models.CharField(_("tab"), max_length=32)
    fingerprint = models.BigIntegerField(_("fingerprint"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity)
    event_type = models.CharField(_("event type"), max_length=64)
    initiator = models.CharField(_("initiator"), max_length=16, choices=Initiator)
    account = models.CharField(_("account"), max_length=128, blank=True)
    service = models.CharField(_("service"), max_length=32, blank=True)
    object_type = models.CharField(_("object type"), max_length=32, choices=ObjectType, blank=True)
    object_id = models.CharField(_("object id"), max_length=128, blank=True)
    message_code = models.CharField(_("message code"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("entries"))
    first = models.DateTimeField(_("first"))
    last = models.DateTimeField(_("latest"))

    class Meta:
        verbose_name = _("group rollup")
        verbose_name_plural = _("group rollups")
        constraints = [
            # Also the index of a page's groups: WHERE tab = … AND fingerprint IN (…).
            models.UniqueConstraint(
                fields=[
                    "tab",
                    "fingerprint",
                    "hour",
                    "severity",
                    "event_type",
                    "initiator",
                    "account",
                    "service",
                    "message_code",
                ],
                name="rollup_key",
            )
        ]
        # Retention's month drop (rollups.forget_between).
        indexes = [models.Index(fields=["hour"], name="rollup_hour")]

    def __str__(self) -> str:
        return f"{self.tab} {self.fingerprint} {self.hour:%Y-%m-%d %H}:00 ×{self.count}"


class ProblemRollup(models.Model):
    """How many warnings (or errors) with one message code (or none) a tab had in one hour.

    The overview's counts and "codes without an explanation" add these up (eventlog/rollups.py):
    per tab, severity and code, not per group, since nearly every group of a shop is one entry
    and a month of group rollups is nearly as long as the month.
    """

    hour = models.DateTimeField(_("hour"))
    tab = models.CharField(_("tab"), max_length=32)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity)
    message_code = models.CharField(_("message code"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("entries"))
    last = models.DateTimeField(_("latest"))

    class Meta:
        verbose_name = _("problem rollup")
        verbose_name_plural = _("problem rollups")
        constraints = [
            models.UniqueConstraint(fields=["tab", "severity", "hour", "message_code"], name="problem_rollup_key")
        ]
        # The overview's and the codes page's hours, and retention's month drop.
        indexes = [models.Index(fields=["hour"], name="problem_rollup_hour")]

    def __str__(self) -> str:
        return f"{self.message_code} {self.hour:%Y-%m-%d %H}:00 ×{self.count}"


class RollupHorizon(models.Model):
    """The one row saying up to when (exclusive, a whole hour) every entry is in Rollup."""

    sealed_until = models.DateTimeField(_("rolled up until"))

    class Meta:
        verbose_name = _("rollup horizon")
        verbose_name_plural = _("rollup horizon")

    def __str__(self) -> str:
        return f"{self.sealed_until:%Y-%m-%d %H:%M}"


class TabRetention(models.Model):
    """A shop admin's choice of how long one tab keeps its entries (else the tab's default)."""

    tab = models.CharField(_("tab"), max_length=32, primary_key=True)
    days = models.PositiveIntegerField(_("days kept"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("changed by")
    )

    class Meta:
        verbose_name = _("retention of a tab")
        verbose_name_plural = _("retention of tabs")

    def __str__(self) -> str:
        return f"{self.tab}: {self.days}"


class ApiKey(models.Model):
    """A key with which one integration account writes to (and reads) the journal over HTTP.

    The secret is shown once, when the key is issued (`issue`); only its SHA-256 is
    stored: the secret is 32 random bytes, so a fast hash is as safe as a slow one and
    costs nothing per request. Entries written with the key carry initiator "api" and
    the key's name as their account.
    """

    #: The integration account the key belongs to; entries carry it as their account.
    name = models.CharField(_("name"), max_length=100, unique=True)
    #: Slugs of the tabs the key may write to and read.
    tabs = models.JSONField(_("tabs"), default=list)
    #: The first characters of the key, shown so that people can tell keys apart.
    prefix = models.CharField(_("key prefix"), max_length=16)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("created by")
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return self.name


class IdempotencyRecord(models.Model):
    """The first answer to an API request sent with an `Idempotency-Key` header.

    Written in the same transaction as the entries it answers, so a record exists
    exactly when its entries do; a retry with the same key and body gets `status`
    and `body` again and writes nothing. Kept JOURNAL_API_IDEMPOTENCY_HOURS (at least 24).
    """

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+", verbose_name=_("API key"))
    #: The client's `Idempotency-Key` header, unique per API key.
    key = models.CharField(_("idempotency key"), max_length=255)
    #: SHA-256 of the request body as received (before gzip decoding): another body under the same key is refused.
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("response"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_per_api_key")]
        # The cleanup deletes the oldest first (eventlog.api.idempotency.remove_expired).
        indexes = [models.Index(fields=["created_at"], name="idempotency_created")]

    def __str__(self) -> str:
        return self.key
