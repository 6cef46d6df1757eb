"""Shared education vocabulary: degree levels and the nine C9 League universities.

Used by talent profiles (what a professional holds), policies (what a policy asks for)
and anything that compares the two, so that every app speaks the same codes.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Degree(models.TextChoices):
    """Highest degree held or required. Compare with ``degree_rank``, never by code."""

    OTHER = "other", _("Other / no degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    PHD = "phd", _("Doctorate (PhD)")


# Rank of each degree: a requirement of "master" is met by a master's or a doctorate.
DEGREE_RANK = {
    Degree.OTHER: 0,
    Degree.BACHELOR: 1,
    Degree.MASTER: 2,
    Degree.PHD: 3,
}


def degree_rank(code: str | None) -> int:
    """The rank of a degree code; unknown or empty codes rank lowest."""
    if not code:
        return 0
    try:
        return DEGREE_RANK[Degree(code)]
    except ValueError:
        return 0


def meets_degree(held: str | None, required: str | None) -> bool:
    """Whether holding ``held`` satisfies a requirement of ``required`` (empty: none)."""
    if not required:
        return True
    return degree_rank(held) >= degree_rank(required)


@dataclass(frozen=True)
class University:
    code: str
    name_en: str
    name_zh: str


# The C9 League, China's nine leading research universities. Codes are stable: they are
# stored in profiles, so never rename one.
C9_UNIVERSITIES = (
    University("pku", "Peking University", "北京大学"),
    University("tsinghua", "Tsinghua University", "清华大学"),
    University("fudan", "Fudan University", "复旦大学"),
    University("sjtu", "Shanghai Jiao Tong University", "上海交通大学"),
    University("zju", "Zhejiang University", "浙江大学"),
    University("ustc", "University of Science and Technology of China", "中国科学技术大学"),
    University("nju", "Nanjing University", "南京大学"),
    University("hit", "Harbin Institute of Technology", "哈尔滨工业大学"),
    University("xjtu", "Xi'an Jiaotong University", "西安交通大学"),
)

C9_CODES = frozenset(university.code for university in C9_UNIVERSITIES)


class C9University(models.TextChoices):
    """The C9 League as model choices (labels translated through the catalogue)."""

    PKU = "pku", _("Peking University")
    TSINGHUA = "tsinghua", _("Tsinghua University")
    FUDAN = "fudan", _("Fudan University")
    SJTU = "sjtu", _("Shanghai Jiao Tong University")
    ZJU = "zju", _("Zhejiang University")
    USTC = "ustc", _("University of Science and Technology of China")
    NJU = "nju", _("Nanjing University")
    HIT = "hit", _("Harbin Institute of Technology")
    XJTU = "xjtu", _("Xi'an Jiaotong University")


def is_c9(code: str | None) -> bool:
    """Whether a university code is one of the C9 League."""
    return bool(code) and code in C9_CODES
