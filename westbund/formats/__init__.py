"""One date and time format per language (``settings.FORMAT_MODULE_PATH``).

Every ``|date``, the admin, e-mails and CSV exports read these through
``django.utils.formats``: a date is "2 Dec 2026" in English and "2026年12月2日" in
Chinese, a time is 24-hour, and the short forms are the long ones (no "12/02/2026",
which half the world reads as 12 February).

The first input format of each kind is ISO, because the admin's date and time widgets
write their values in it and the site's ``<input type="date">`` sends it.
"""

# The ISO forms every language reads (the widgets send them), each language's own after.
ISO_TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
ISO_DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
