"""The knowledge base is seeded from the integrations' codes.py after every migrate."""

from django.core.management import call_command

from eventlog import demo
from eventlog.models import Entry
from explanations.defaults import declared
from explanations.models import Explanation


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def test_every_problem_code_the_demo_data_emits_has_an_explanation(db):
    """A warning or error links to its explanation; info entries carry codes for their language only."""
    demo.seed(3000, days=30)
    problems = Entry.objects.exclude(message_code="").filter(severity__in=["warning", "error"])
    emitted = set(problems.values_list("message_code", flat=True).distinct())
    assert len(emitted) >= 15  # the demo covers every tab's codes
    explained = set(Explanation.objects.filter(code__in=emitted).values_list("code", flat=True))
    assert sorted(emitted - explained) == []


def test_every_seeded_explanation_has_both_languages(db):
    for item in declared():
        assert all(item.values.get(name) for name in ("title_en", "title_pl", "meaning_en", "meaning_pl",
                                                      "fix_en", "fix_pl")), item.code  # fmt: skip
    codes = [item.code for item in declared()]
    assert len(codes) == len(set(codes)), "a code is declared in two codes.py files"


def test_migrate_does_not_overwrite_what_a_shop_admin_edited(db):
    Explanation.objects.filter(code="PS_AUTH_FAILED").update(title_en="Our own words", fix_en="Call Marek", edited=True)
    migrate()
    edited = Explanation.objects.get(code="PS_AUTH_FAILED")
    assert (edited.title_en, edited.fix_en) == ("Our own words", "Call Marek")


def test_migrate_restores_unedited_texts_and_missing_codes(db):
    Explanation.objects.filter(code="SMS_GATEWAY_REJECTED").delete()
    Explanation.objects.filter(code="STOCK_MISMATCH").update(title_en="stale text")
    migrate()
    assert Explanation.objects.get(code="SMS_GATEWAY_REJECTED").title_en == "The SMS gateway rejected the message"
    stock = Explanation.objects.get(code="STOCK_MISMATCH")
    assert stock.title_en == "Stock in the marketplace differs from the shop"
    assert not stock.edited
