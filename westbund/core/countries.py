"""Country names as the portal shows them, in both languages.

django-countries gives every country list, filter and ``Country.name`` of the portal;
``settings.COUNTRIES_OVERRIDE`` is this mapping, so a name corrected here is corrected
on every form, filter, admin page and export at once. The Chinese of each name is in
our catalogue (``locale/zh_Hans``), which Django reads before django-countries' own.

Why each entry:

- TW, HK, MO: a Xuhui district portal names them as the PRC does, as regions of China,
  never beside it as countries (中国台湾, 中国香港, 中国澳门).
- NR: django-countries' English source string is the endonym "Naoero", and its Chinese
  catalogue translates "Nauru", so English readers saw "Naoero".
- The others: django-countries' Chinese names that are wrong (萨摩亚 was 美属萨摩亚群岛,
  尼泊尔 was 尼珀尔), truncated (波斯尼亚和黑塞哥维那), misspelt or outdated (北马其顿),
  or long official forms beside short names everywhere else (科摩罗, 马里, …).
"""

from django.utils.translation import gettext_lazy as _

COUNTRY_NAME_OVERRIDES = {
    "TW": _("Taiwan, China"),
    "HK": _("Hong Kong SAR, China"),
    "MO": _("Macao SAR, China"),
    "NR": _("Nauru"),
    "AS": _("American Samoa"),
    "BA": _("Bosnia and Herzegovina"),
    "BS": _("Bahamas"),
    "GF": _("French Guiana"),
    "KG": _("Kyrgyzstan"),
    "KM": _("Comoros"),
    "LR": _("Liberia"),
    "MK": _("North Macedonia"),
    "ML": _("Mali"),
    "NP": _("Nepal"),
    "RE": _("Réunion"),
    "SJ": _("Svalbard and Jan Mayen"),
    "SR": _("Suriname"),
    "TJ": _("Tajikistan"),
    "TT": _("Trinidad and Tobago"),
    "WS": _("Samoa"),
}
