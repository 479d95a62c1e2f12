"""Polish dates in the panel: one format on every page, "02.12.2026 14:05".

Django's Polish formats give a page two ("2 grudnia 2026 14:05" on an entry's page,
"02-12-2026  14:05", with two spaces, in its list). Every format the panel uses
(`DATETIME_FORMAT` on pages, `SHORT_DATETIME_FORMAT` in lists and tables) is the
numeric date Polish readers write by hand and type into forms (Django's Polish
DATE_INPUT_FORMATS start with it), with a 24-hour time.
"""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
