"""English dates in the panel: one format on every page, "02 Dec 2026 14:05".

Django's English formats give a page two ("Dec. 2, 2026, 2:05 p.m." on an entry's page,
"12/02/2026 2:05 p.m." in its list): a journal is read by the minute, lists and pages
side by side, and "12/02" means February to most of the shop's readers. So every format
the panel uses (`DATETIME_FORMAT` on pages, `SHORT_DATETIME_FORMAT` in lists and tables)
is the same day-month-year with a 24-hour time, the month named so that no reader takes
it for the day.
"""

DATE_FORMAT = "d M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "d M Y H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
