"""What the queue takes: phone numbers as people write them, and SMS parts as networks count them."""

import pytest
from django.core.exceptions import ValidationError

from integrations.sms.queue import enqueue
from integrations.sms.validation import count_parts, normalize_phone


@pytest.mark.parametrize(
    "written",
    ["600100200", "600 100 200", "600-100-200", "+48 600 100 200", "0048600100200", "48600100200", "(+48) 600.100.200"],
)
def test_a_polish_mobile_number_is_stored_in_e164(written):
    assert normalize_phone(written) == "+48600100200"


def test_a_foreign_number_in_e164_is_kept():
    assert normalize_phone("+420 601 123 456") == "+420601123456"


@pytest.mark.parametrize("written", ["", "abc", "12345", "+48 22 123 45 67", "+48 600 100 20", "+0 600 100 200"])
def test_what_is_no_mobile_number_is_refused(written):
    with pytest.raises(ValidationError):
        normalize_phone(written)


@pytest.mark.parametrize(
    ("text", "length", "parts", "unicode"),
    [
        ("a" * 160, 160, 1, False),
        ("a" * 161, 161, 2, False),
        ("a" * 306, 306, 2, False),
        ("a" * 307, 307, 3, False),
        ("€" * 80, 160, 1, False),  # an extension character counts twice
        ("ą" * 70, 70, 1, True),  # Polish letters go as UCS-2
        ("ą" * 71, 71, 2, True),
        ("", 0, 0, False),
    ],
)
def test_parts_are_counted_as_networks_split_a_message(text, length, parts, unicode):
    counted = count_parts(text)
    assert (counted.length, counted.parts, counted.unicode) == (length, parts, unicode)


def test_enqueue_refuses_a_bad_number_before_anything_is_written(db):
    with pytest.raises(ValidationError, match="not a Polish mobile number"):
        enqueue("+48 22 123 45 67", "Dzień dobry")
