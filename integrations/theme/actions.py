"""Changes shop admins make to the shop templates; each writes its journal entries in its own transaction.

Every action locks the template's row (`SELECT … FOR UPDATE`), compares the version
the admin's form was opened at with the stored one and refuses a stale change
(`StaleVersion`), so two admins editing at once never overwrite each other silently.
The journal entries (appearance tab) are written in the same transaction: a change
without its entry, or an entry of a change that was rolled back, cannot happen.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eventlog import writer
from eventlog.messages import Message
from eventlog.models import Initiator, ObjectType, Severity

from . import codes, diffs, kinds, parts
from .models import ShopTemplate
from .tab import APPEARANCE

AnyUser = User | AnonymousUser
# Room left in an entry's data for its other fields and the JSON around the diff.
_DATA_MARGIN = 512


class TemplateError(Exception):
    """A change refused; `str(error)` says why, for people."""


class StaleVersion(TemplateError):
    """The template was changed after the form was opened; `current` is it as stored now."""

    def __init__(self, current: ShopTemplate) -> None:
        self.current = current
        who = current.updated_by.get_username() if current.updated_by else _("someone else")
        super().__init__(
            _(
                "“%(name)s” was changed by %(user)s after you opened it (it is at version %(version)s now). "
                "Nothing was saved: compare your text with the current one below, then open the template again."
            )
            % {"name": current.name, "user": who, "version": current.version}
        )


class TemplateGone(TemplateError):
    def __init__(self) -> None:
        super().__init__(_("The template does not exist any more: someone deleted it."))


class NameTaken(TemplateError):
    def __init__(self, name: str) -> None:
        super().__init__(_("A template named “%(name)s” exists already; choose another name.") % {"name": name})


class TemplateIsLive(TemplateError):
    """A published template is not deleted: the shop shows it."""

    def __init__(self, template: ShopTemplate) -> None:
        super().__init__(
            _("“%(name)s” is live in the shop. Withdraw it from the shop (Unpublish) first, then delete it.")
            % {"name": template.name}
        )


class NothingToPublish(TemplateError):
    def __init__(self, template: ShopTemplate) -> None:
        super().__init__(_("“%(name)s” is live already exactly as it is.") % {"name": template.name})


def create_template(*, name: str, kind: str, content: str, user: AnyUser) -> ShopTemplate:
    """A new template (a draft, not live). Raises NameTaken, PermissionDenied."""
    _require(user, "theme.add_shoptemplate")
    with transaction.atomic():
        _check_name_free(name, None)
        template = ShopTemplate(name=name, kind=kind, content=content, updated_by=_person(user))
        _save(template)
        _record(template, user, event="template_created", part=parts.TEMPLATE, before="", after=content,
                message=Message(codes.CREATED, {"template": name}))  # fmt: skip
    return template


def edit_template(
    *, template_id: int, version: int, name: str, kind: str, content: str, user: AnyUser
) -> tuple[ShopTemplate, list[str]]:
    """Save an admin's edit of the draft; returns the template and the parts changed (none: nothing saved).

    One entry per part changed (name, kind, content). Raises StaleVersion, TemplateGone,
    NameTaken, PermissionDenied.
    """
    _require(user, "theme.change_shoptemplate")
    with transaction.atomic():
        template = _locked(template_id, version)
        old_name, old_kind, old_content = template.name, template.kind, template.content
        changed = [part for part, differs in ((parts.NAME, name != old_name), (parts.KIND, kind != old_kind),
                                              (parts.CONTENT, content != old_content)) if differs]  # fmt: skip
        if not changed:
            return template, []
        if parts.NAME in changed:
            _check_name_free(name, template.pk)
        template.name, template.kind, template.content = name, kind, content
        template.version += 1
        template.updated_by = _person(user)
        _save(template)
        if parts.NAME in changed:
            renamed = Message(codes.RENAMED, {"old": old_name, "template": name})
            _record(template, user, event="template_edited", part=parts.NAME, before=old_name, after=name,
                    message=renamed, extra={"old_name": old_name})  # fmt: skip
        if parts.KIND in changed:
            kind_change = {"before": _kind_message(old_kind), "after": _kind_message(kind)}
            _record(template, user, event="template_edited", part=parts.KIND, before=old_kind, after=kind,
                    message=Message(codes.KIND_CHANGED, {"template": name, **kind_change}))  # fmt: skip
        if parts.CONTENT in changed:

            def edited(diff: diffs.Diff) -> Message:
                return Message(codes.CONTENT_EDITED, {"template": name, "added": diff.added, "removed": diff.removed})

            _record(template, user, event="template_edited", part=parts.CONTENT, before=old_content, after=content,
                    message=edited)  # fmt: skip
    return template, changed


def publish_template(*, template_id: int, version: int, user: AnyUser) -> ShopTemplate:
    """Make the draft (at `version`) the live content; the entry's diff is published-before → published-now.

    Raises NothingToPublish, StaleVersion, TemplateGone, PermissionDenied.
    """
    _require(user, "theme.publish_shoptemplate")
    with transaction.atomic():
        template = _locked(template_id, version)
        if not template.has_unpublished_changes:
            raise NothingToPublish(template)
        before = template.published_content or ""
        template.published_content = template.content
        template.published_version = template.version
        template.published_at = timezone.now()
        _save(template, fields=["published_content", "published_version", "published_at", "updated_at"])
        _record(template, user, event="template_published", part=parts.PUBLISHED, before=before,
                after=template.content, severity=Severity.SUCCESS,
                message=Message(codes.PUBLISHED, {"template": template.name, "version": template.version}))  # fmt: skip
    return template


def unpublish_template(*, template_id: int, version: int, user: AnyUser) -> ShopTemplate:
    """Withdraw the live content from the shop (the draft stays).

    Raises StaleVersion, TemplateGone, PermissionDenied.
    """
    _require(user, "theme.publish_shoptemplate")
    with transaction.atomic():
        template = _locked(template_id, version)
        if not template.is_published:
            return template
        before = template.published_content or ""
        template.published_content = template.published_version = template.published_at = None
        _save(template, fields=["published_content", "published_version", "published_at", "updated_at"])
        _record(template, user, event="template_unpublished", part=parts.PUBLISHED, before=before, after="",
                severity=Severity.WARNING, message=Message(codes.UNPUBLISHED, {"template": template.name}))  # fmt: skip
    return template


def delete_template(*, template_id: int, version: int, user: AnyUser) -> str:
    """Delete a template that is not live; returns its name. The entry's diff holds the content that went.

    A published template is refused (TemplateIsLive): the shop shows it, and deleting it
    would break the pages using it with no trace of what they showed. Unpublishing first
    is a deliberate step of its own, in the journal too. Raises StaleVersion,
    TemplateGone, PermissionDenied.
    """
    _require(user, "theme.delete_shoptemplate")
    with transaction.atomic():
        template = _locked(template_id, version)
        if template.is_published:
            raise TemplateIsLive(template)
        _record(template, user, event="template_deleted", part=parts.TEMPLATE, before=template.content, after="",
                severity=Severity.WARNING, message=Message(codes.DELETED, {"template": template.name}))  # fmt: skip
        name = template.name
        template.delete()
    return name


def _require(user: AnyUser, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _person(user: AnyUser) -> User | None:
    return user if isinstance(user, User) else None


def _locked(template_id: int, version: int) -> ShopTemplate:
    template = (
        ShopTemplate.objects.select_for_update(of=("self",)).select_related("updated_by").filter(pk=template_id).first()
    )
    if template is None:
        raise TemplateGone
    if template.version != version:
        raise StaleVersion(template)
    return template


def _check_name_free(name: str, pk: int | None) -> None:
    # Case-insensitively: "Stopka" and "stopka" would be two templates nobody tells apart.
    same = ShopTemplate.objects.filter(name__iexact=name)
    if pk is not None:
        same = same.exclude(pk=pk)
    if same.exists():
        raise NameTaken(name)


def _save(template: ShopTemplate, fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():  # a savepoint: the unique name may be taken by a concurrent save
            template.save(update_fields=fields)
    except IntegrityError as exc:
        raise NameTaken(template.name) from exc


def _kind_message(kind: str) -> dict[str, Any]:
    return Message(kinds.message_code(kind)).as_param()


def _record(
    template: ShopTemplate,
    user: AnyUser,
    *,
    event: str,
    part: str,
    before: str,
    after: str,
    message: Message | Callable[[diffs.Diff], Message],
    severity: str = Severity.INFO,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """One entry of the appearance tab with the change as a diff; `message` may take the diff (its line counts)."""
    data: dict[str, Any] = {"template": template.name, "template_id": template.pk, "kind": template.kind,
                            "part": part, "version": template.version, **(extra or {})}  # fmt: skip
    budget = settings.JOURNAL_DATA_MAX_BYTES - len(json.dumps(data, ensure_ascii=False).encode()) - _DATA_MARGIN
    diff = diffs.unified(before, after, before_label=_side(part, "before"), after_label=_side(part, "after"),
                         budget=budget)  # fmt: skip
    data.update(diff=diff.text, added=diff.added, removed=diff.removed)
    if diff.truncated:
        data.update(diff_truncated=True, diff_lines=diff.lines)
    who = user.get_username()
    writer.record(
        tab=APPEARANCE.slug, severity=severity, event_type=event, initiator=Initiator.MANUAL, actor=who,
        object_type=ObjectType.TEMPLATE, object_id=part, data=data,
        message=message if isinstance(message, Message) else message(diff),
    )  # fmt: skip


def _side(part: str, side: str) -> str:
    # The diff's file names: which version of which part each side is ("published/before").
    return f"{part}/{side}"
