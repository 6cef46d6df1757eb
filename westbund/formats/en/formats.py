from westbund.formats import ISO_DATETIME_INPUT_FORMATS, ISO_TIME_INPUT_FORMATS

# "2 Dec 2026, 14:30": day, month, year in the order read everywhere but the US.
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
FIRST_DAY_OF_WEEK = 1  # Monday, as in China

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-02: what the widgets send
    "%d %b %Y",  # 2 Dec 2026: what DATE_FORMAT shows
    "%d %B %Y",  # 2 December 2026
    "%Y/%m/%d",  # 2026/12/02
]
TIME_INPUT_FORMATS = ISO_TIME_INPUT_FORMATS
DATETIME_INPUT_FORMATS = [
    *ISO_DATETIME_INPUT_FORMATS,
    "%d %b %Y, %H:%M",
    "%d %b %Y %H:%M",
    "%Y/%m/%d %H:%M",
]
