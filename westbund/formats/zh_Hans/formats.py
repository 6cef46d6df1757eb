from westbund.formats import ISO_DATETIME_INPUT_FORMATS, ISO_TIME_INPUT_FORMATS

# "2026年12月2日 14:30", as Chinese government pages write dates.
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
FIRST_DAY_OF_WEEK = 1  # 星期一

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-02: what the widgets send
    "%Y/%m/%d",  # 2026/12/02
    "%Y年%m月%d日",  # 2026年12月2日: what DATE_FORMAT shows
]
TIME_INPUT_FORMATS = ISO_TIME_INPUT_FORMATS
DATETIME_INPUT_FORMATS = [
    *ISO_DATETIME_INPUT_FORMATS,
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
]
