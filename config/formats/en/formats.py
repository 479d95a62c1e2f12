"""English dates in the panel: Django's, with 24-hour times that keep their minutes.

Django's English formats write "8 p.m." for 20:00 and "7:55 p.m." beside it; a journal
is read by the minute, and its shop's staff read 24-hour times in Polish too.
"""

DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
TIME_FORMAT = "H:i"
