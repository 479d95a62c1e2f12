"""Who may do what: the one declared table of the authorization matrix (tests/test_authorization_matrix.py).

Every URL of the URLconf has a row here, by its name (`namespace:name`; an unnamed pattern by its route,
e.g. "/api/v1/^(?P<rest>.*)$"), or falls under one of the PREFIX_RULES (Django's admin, static files,
i18n). A row says, for GET and for POST, the outcome each subject gets. A URL with no row fails the
matrix: whoever adds a URL declares here who may use it.

Subjects: `anon` (nobody logged in), `norole` (logged in, in no group), `support` (group Support),
`admin` (group Shop admin: everything in the panel, but not Django's admin, for it is not staff),
`superuser`; `key_in` and `key_out`, requests sending an API key (as `Authorization: Bearer` and
`x-api-key`) allowed, or not allowed, the tab the request uses (ceneo, custom-events). A key logs
nobody into the panel: for panel pages a key's request is an anonymous one.
"""

from __future__ import annotations

from dataclasses import dataclass

# Outcomes, as a user notices them.
#: Heard and judged: 2xx, a 3xx to a page other than a login page, or 400/405/409/422 (the input or
#: the method refused, after the permission check let it through).
OK = "ok"
#: 302 to a login page (the panel's /login/, or Django admin's own).
LOGIN = "login"
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not found"  # 404
UNAUTHORIZED = "unauthorized"  # 401: the API without a (known) key

SUBJECTS = ("anon", "norole", "support", "admin", "superuser", "key_in", "key_out")


@dataclass(frozen=True)
class Who:
    """The outcome of one request per subject."""

    anon: str
    norole: str
    support: str
    admin: str
    superuser: str
    key_in: str
    key_out: str

    def of(self, subject: str) -> str:
        return getattr(self, subject)


def panel(anon: str, norole: str, support: str, admin: str, superuser: str) -> Who:
    """A panel page: a request with an API key is an anonymous one."""
    return Who(anon, norole, support, admin, superuser, key_in=anon, key_out=anon)


# Shorthands, in the order of SUBJECTS.
PUBLIC = Who(OK, OK, OK, OK, OK, OK, OK)
LOGGED_IN = panel(LOGIN, OK, OK, OK, OK)
PANEL_READ = panel(LOGIN, FORBIDDEN, OK, OK, OK)
SHOP_ADMIN = panel(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)
#: Django's admin: whoever is not staff is sent to the admin's login page.
SUPERUSER = panel(LOGIN, LOGIN, LOGIN, LOGIN, OK)
#: The API: no key is 401 (a panel login is no key), a key without the tab 403.
API_TAB = Who(UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED, OK, FORBIDDEN)
NOWHERE = Who(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
#: Refused to every logged-in user, whatever the role (e.g. deleting entries of a tab that keeps them).
NO_ONE = panel(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
#: A page of Django's admin that not even a superuser may use (a read-only model: no "add").
ADMIN_REFUSED = panel(LOGIN, LOGIN, LOGIN, LOGIN, FORBIDDEN)

#: Tabs whose entries a shop admin deletes by hand (failed e-mails; README, "Settings → Event journal").
DELETABLE_TABS = frozenset({"email"})
#: Tabs that hold customers' e-mails or phone numbers (README, "What writes each tab"; issue 11 §4).
PERSONAL_TABS = frozenset({"email", "bulk-mailing", "sms", "custom-events"})


@dataclass(frozen=True)
class Row:
    """The outcomes of GET and of POST; None: that method is another row's (two patterns, one path)."""

    get: Who | None
    post: Who | None

    def of(self, method: str) -> Who | None:
        return self.get if method == "GET" else self.post


@dataclass(frozen=True)
class ByTab:
    """A URL of a tab whose outcome depends on the tab: `rows` for the tabs named, `other` for the rest."""

    rows: dict[str, Row]
    other: Row

    def of_tab(self, tab: str) -> Row:
        return self.rows.get(tab, self.other)


def same(who: Who) -> Row:
    return Row(get=who, post=who)


def reads(read: Who, write: Who) -> Row:
    """GET reads (the page), POST changes something."""
    return Row(get=read, post=write)


def only_in(tabs: frozenset[str], row: Row, other: Row) -> ByTab:
    return ByTab({tab: row for tab in tabs}, other)


_NOTHING_TO_REVEAL = panel(LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)

TABLE: dict[str, Row | ByTab] = {
    # The panel's start, login and logout.
    "/": same(LOGGED_IN),  # a redirect to the overview
    "login": same(PUBLIC),
    # The health probe: for load balancers and compose, no login (it tells nothing but ok / fail).
    "healthz": same(PUBLIC),
    # Logging out is a POST that ends on the login page; a GET is refused (405).
    "logout": Row(get=LOGGED_IN, post=panel(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),
    # The journal.
    "eventlog:overview": same(PANEL_READ),
    "eventlog:search": same(PANEL_READ),
    "eventlog:settings": same(SHOP_ADMIN),
    # Beat's schedules: Support reads when the jobs run (the list has no POST: 405), shop admins change them.
    "eventlog:schedules:list": same(PANEL_READ),
    "eventlog:schedules:edit": same(SHOP_ADMIN),
    "eventlog:runs": same(PANEL_READ),
    "eventlog:run": same(PANEL_READ),
    "eventlog:run_abort": same(SHOP_ADMIN),
    # The file of an export job a shop admin started: for them and other shop admins, not for Support
    # (who may download the exports they start); a POST is 405 once the export permission let it through.
    "eventlog:export_download": Row(get=SHOP_ADMIN, post=PANEL_READ),
    "eventlog:tab": same(PANEL_READ),
    "eventlog:export_xlsx": same(PANEL_READ),
    "eventlog:export_csv": same(PANEL_READ),
    "eventlog:export_links": same(PANEL_READ),
    # A GET is 405 (after the permission check); deleting is refused in the tabs that keep their entries.
    "eventlog:delete": only_in(DELETABLE_TABS, same(SHOP_ADMIN), other=Row(get=SHOP_ADMIN, post=NO_ONE)),
    # "Show personal data" on an entry's page: a recorded POST, for holders of view_personal_data (shop
    # admins); in a tab without personal data there is nothing to show (404).
    "access:reveal": only_in(PERSONAL_TABS, same(SHOP_ADMIN), other=Row(get=SHOP_ADMIN, post=_NOTHING_TO_REVEAL)),
    "eventlog:detail": same(PANEL_READ),
    # Message codes: everyone logged in reads them, shop admins write.
    "explanations:list": same(LOGGED_IN),
    "explanations:detail": same(LOGGED_IN),
    "explanations:create": same(SHOP_ADMIN),
    "explanations:edit": same(SHOP_ADMIN),
    "explanations:unexplained": same(SHOP_ADMIN),
    # API keys and the API's reference.
    "apikeys:list": same(SHOP_ADMIN),
    "apikeys:create": same(SHOP_ADMIN),
    "apikeys:revoke": same(SHOP_ADMIN),
    "api_docs:docs": same(PANEL_READ),
    # ERP sync.
    "erp:upload": same(SHOP_ADMIN),
    "erp:export": same(SHOP_ADMIN),
    "erp:problems": same(PANEL_READ),
    "erp:products_xlsx": same(PANEL_READ),
    "erp:categories_xlsx": same(PANEL_READ),
    # SMS.
    "sms:queue": reads(PANEL_READ, SHOP_ADMIN),
    "sms:retry": same(SHOP_ADMIN),
    # Custom events.
    "custom_events:events": same(PANEL_READ),
    "custom_events:create": same(SHOP_ADMIN),
    "custom_events:edit": same(SHOP_ADMIN),
    "custom_events:log": same(PANEL_READ),
    "custom_events:scenarios": same(PANEL_READ),
    "custom_events:scenario_create": same(SHOP_ADMIN),
    "custom_events:scenario_edit": same(SHOP_ADMIN),
    # Bulk mailings are shop admins' work (Support reads their entries in the Bulk mailing tab).
    "messaging:mailings": same(SHOP_ADMIN),
    "messaging:create": same(SHOP_ADMIN),
    "messaging:mailing": same(SHOP_ADMIN),
    "messaging:edit": same(SHOP_ADMIN),
    "messaging:send": same(SHOP_ADMIN),
    "messaging:resend": same(SHOP_ADMIN),
    # Shop appearance.
    "theme:list": same(PANEL_READ),
    "theme:detail": same(PANEL_READ),
    "theme:create": same(SHOP_ADMIN),
    "theme:edit": same(SHOP_ADMIN),
    "theme:publish": same(SHOP_ADMIN),
    "theme:unpublish": same(SHOP_ADMIN),
    "theme:delete": same(SHOP_ADMIN),
    # PrestaShop: Support reads every section; forms that change something are shop admins'.
    "prestashop:accounts": same(PANEL_READ),
    "prestashop:account_add": same(SHOP_ADMIN),
    "prestashop:connection": reads(PANEL_READ, SHOP_ADMIN),
    "prestashop:account_delete": same(SHOP_ADMIN),
    "prestashop:mapping": reads(PANEL_READ, SHOP_ADMIN),
    "prestashop:analyse": same(SHOP_ADMIN),
    "prestashop:order_settings": reads(PANEL_READ, SHOP_ADMIN),
    "prestashop:product_fields": reads(PANEL_READ, SHOP_ADMIN),
    "prestashop:templates": same(PANEL_READ),
    "prestashop:template_add": same(SHOP_ADMIN),
    "prestashop:template_edit": same(SHOP_ADMIN),
    "prestashop:template_delete": same(SHOP_ADMIN),
    "prestashop:template_default": same(SHOP_ADMIN),
    "prestashop:imports": same(PANEL_READ),
    "prestashop:import_add": same(SHOP_ADMIN),
    "prestashop:import": reads(PANEL_READ, SHOP_ADMIN),
    "prestashop:import_edit": same(SHOP_ADMIN),
    "prestashop:linking": reads(PANEL_READ, SHOP_ADMIN),
    "prestashop:linking_catalogue": same(PANEL_READ),
    "prestashop:sync_reports": same(PANEL_READ),
    # Allegro.
    "allegro:accounts": same(PANEL_READ),
    "allegro:add": same(SHOP_ADMIN),
    "allegro:authorisation": same(SHOP_ADMIN),
    "allegro:deactivate": same(SHOP_ADMIN),
    "allegro:poll": same(SHOP_ADMIN),
    # BaseLinker: its servers call the integration file with the password in the body, not a login.
    "baselinker:file": same(PUBLIC),
    "baselinker:settings": reads(PANEL_READ, SHOP_ADMIN),
    # The HTTP API: keys, never the panel's login.
    "api:openapi-json": same(PUBLIC),
    "api:api-root": same(NOWHERE),
    "api:list_entries": Row(get=API_TAB, post=None),  # one path with create_entries: GET is this one
    "api:create_entries": Row(get=None, post=API_TAB),
    # A GET of the call is 405 before any key is asked for.
    "api:call": Row(get=PUBLIC, post=API_TAB),
    "/api/v1/^(?P<rest>.*)$": same(NOWHERE),
    # Django's admin, where it differs from its prefix rule. The login page is everyone's; logging out
    # sends a non-staff user to the admin's index (and so to its login), a superuser to the panel's login.
    "admin:login": same(PUBLIC),
    "admin:logout": Row(get=panel(LOGIN, OK, OK, OK, OK), post=panel(LOGIN, OK, OK, OK, LOGIN)),
    # The autocomplete refuses a request naming no field (403); its POST is 405.
    "admin:autocomplete": Row(get=ADMIN_REFUSED, post=SUPERUSER),
    "/admin/(?P<url>.*)$": same(panel(LOGIN, LOGIN, LOGIN, LOGIN, NOT_FOUND)),
    # Entries are written only through the journal's writer, calls only by the API, login records
    # only by django-axes: their admin pages read, never add; custom events are deleted in the panel.
    "admin:eventlog_entry_add": same(ADMIN_REFUSED),
    "admin:erp_inboxclaim_add": same(ADMIN_REFUSED),
    "admin:eventlog_entry_change": Row(get=SUPERUSER, post=ADMIN_REFUSED),
    "admin:custom_events_call_add": same(ADMIN_REFUSED),
    "admin:custom_events_customevent_add": same(ADMIN_REFUSED),
    "admin:custom_events_customevent_delete": same(ADMIN_REFUSED),
    "admin:axes_accessattempt_add": same(ADMIN_REFUSED),
    "admin:axes_accesslog_add": same(ADMIN_REFUSED),
    "admin:axes_accessfailurelog_add": same(ADMIN_REFUSED),
}

#: URLs declared by where they are (checked when no row names the URL), first match wins.
PREFIX_RULES: tuple[tuple[str, Row], ...] = (
    ("/admin/", same(SUPERUSER)),
    ("/static/", same(PUBLIC)),
    ("/i18n/", same(PUBLIC)),  # set_language: the language can be switched on the login page too
)


def row_for(key: str, path: str, tab: str = "") -> Row | None:
    """The declared row of the URL named `key` at its concrete `path` (of `tab`, for a tab's URL); None
    when undeclared."""
    if key in TABLE:
        row = TABLE[key]
        return row.of_tab(tab) if isinstance(row, ByTab) else row
    for prefix, row in PREFIX_RULES:
        if path.startswith(prefix):
            return row
    return None
