"""The two published versions of the work-permit points table (积分要素计分赋值表),
as data officers can correct or supersede in the admin.

Checked on 2026-12-01 against copies of the official text found with the project's
search tool (see each table's source and source note); the official attachment on the
foreign-experts administration's site could not be retrieved here.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

SALARY = [
    # (label en, label zh, from CNY, below CNY, points)
    ("450,000 CNY or more (45万+)", "45万元及以上", 450000, None, 20),
    ("350,000–449,999 CNY ([35,45)万)", "[35,45)万元", 350000, 450000, 17),
    ("250,000–349,999 CNY ([25,35)万)", "[25,35)万元", 250000, 350000, 14),
    ("150,000–249,999 CNY ([15,25)万)", "[15,25)万元", 150000, 250000, 11),
    ("70,000–149,999 CNY ([7,15)万)", "[7,15)万元", 70000, 150000, 8),
    ("50,000–69,999 CNY ([5,7)万)", "[5,7)万元", 50000, 70000, 5),
    ("Less than 50,000 CNY", "小于5万元", 0, 50000, 0),
]
EDUCATION = [
    ("phd", "Doctorate or equivalent", "博士或相当", 20),
    ("master", "Master's degree or equivalent", "硕士或相当", 15),
    ("bachelor", "Bachelor's degree or equivalent", "学士或相当", 10),
]
MONTHS = [
    ("9 months a year or more", "年工作时间9个月及以上", 9, None, 15),
    ("6 to 8 months", "[6,9)个月", 6, 9, 10),
    ("3 to 5 months", "[3,6)个月", 3, 6, 5),
    ("Less than 3 months", "小于3个月", 0, 3, 0),
]
REGION = [
    ("western", "Western region", "西部地区", 10),
    ("northeast", "Old industrial bases such as the Northeast", "东北地区等老工业基地", 10),
    ("special", "Special areas such as national poverty counties", "国家级贫困县等特别地区", 10),
]


def _work_years(cap):
    """2 years: 5 points; one more per further year, up to ``cap``."""
    bands = [("Less than 2 years", "不满两年", 0, 2, 0)]
    last = cap - 5 + 2  # the first year count that reaches the cap
    for years in range(2, last):
        bands.append((f"{years} years", f"{years}年", years, years + 1, 5 + years - 2))
    bands.append((f"{last} years or more", f"{last}年及以上", last, None, cap))
    return bands


TABLES = [
    {
        "version": "2016-trial",
        "name_en": "Points table, trial version (试用版)",
        "name_zh": "积分要素计分赋值表(试用版)",
        "published_on": date(2017, 4, 6),
        "source_en": (
            "积分要素计分赋值表(试用版), the points table of the 外国人来华工作分类标准 as "
            "used in the pilot of the work-permit system (外专发〔2016〕151号, Oct 2016 – "
            "Mar 2017); text as republished by Huaiyin Institute of Technology on 2017-04-06."
        ),
        "source_zh": (
            "《积分要素计分赋值表(试用版)》,外国人来华工作许可制度试点(外专发〔2016〕151号,"
            "2016年10月至2017年3月)所用《外国人来华工作分类标准》积分表;"
            "据淮阴工学院2017年4月6日转载文本。"
        ),
        "source_url": "https://jlc.hyit.edu.cn/info/1069/1226.htm",
        "source_note_en": (
            "Every figure was checked against that republished text, not against the "
            "official original, which could not be retrieved here. The text writes the "
            "age bands as [18,25), [26,45), [46,55), [56,60), over 60: taken literally, "
            "ages 25, 45, 55 and 60 fall in no band and score 0 — ask the hub. The "
            "provincial bonus (0–10 points, set by the provincial authority) is not "
            "counted by the self-check. The publication date is the republication's."
        ),
        "source_note_zh": (
            "各项分值均与上述转载文本核对,未能取得官方原文核对。原文年龄分段为[18,25)、"
            "[26,45)、[46,55)、[56,60)、大于60,按字面理解25、45、55、60岁不在任何分段,"
            "得0分,请咨询人才服务中心。省级外国人工作管理部门鼓励性加分(0–10分)不计入"
            "自测。发布日期为转载日期。"
        ),
        "work_years_cap": 15,
        "chinese": [
            ("chinese_degree", "A bachelor's degree or above taught in Chinese",
             "取得以汉语为教学语言的学士及以上学位", 10),
            ("hsk5", "HSK level 5 or above", "通过汉语水平考试(HSK)五级或以上", 10),
            ("hsk4", "HSK level 4", "通过汉语水平考试(HSK)四级", 8),
            ("hsk3", "HSK level 3", "通过汉语水平考试(HSK)三级", 6),
            ("hsk2", "HSK level 2", "通过汉语水平考试(HSK)二级", 4),
            ("hsk1", "HSK level 1", "通过汉语水平考试(HSK)一级", 2),
        ],
        "chinese_max": 10,
        "age": [
            ("18 to 24", "[18,25)岁", 18, 25, 10),
            ("26 to 44", "[26,45)岁", 26, 45, 15),
            ("46 to 54", "[46,55)岁", 46, 55, 10),
            ("56 to 59", "[56,60)岁", 56, 60, 5),
            ("Over 60", "大于60岁", 61, None, 0),
        ],
        "distinction": [
            ("top_university", "Graduated from a top-100 university abroad",
             "毕业于世界排名前100位的国外知名大学", 5),
            ("fortune500", "Worked for a Fortune Global 500 company",
             "有世界500强企业任职经验", 5),
        ],
        "is_current": False,
    },
    {
        "version": "2017",
        "name_en": "Points table, provisional version (暂行版), 2017",
        "name_zh": "积分要素计分赋值表(暂行版),2017年",
        "published_on": date(2017, 4, 1),
        "source_en": (
            "积分要素计分赋值表(暂行版) of the 外国人来华工作分类标准(试行), with the "
            "nationwide work-permit system (外专发〔2017〕40号, in force from 2017-04-01); "
            "text as republished by smebrother.com and, in English, by the Irish Chamber "
            "of Commerce in China."
        ),
        "source_zh": (
            "《外国人来华工作分类标准(试行)》之《积分要素计分赋值表(暂行版)》,随全国实施"
            "外国人来华工作许可制度(外专发〔2017〕40号,2017年4月1日起施行);据 smebrother.com "
            "转载文本及中国爱尔兰商会英文译本。"
        ),
        "source_url": "https://irishchamberchina.com/work-permit-points-system/",
        "source_note_en": (
            "Every figure was checked against the two republished texts, which agree; the "
            "official attachment of 外专发〔2017〕40号 could not be retrieved here, so "
            "that it carries this version (rather than the trial one) is not verified. "
            "The date is the nationwide start of the system (verified in the text of the "
            "notice). The provincial bonus (0–10 points) is not counted by the self-check."
        ),
        "source_note_zh": (
            "各项分值均与两份一致的转载文本核对;未能取得外专发〔2017〕40号附件官方原文,"
            "该附件所载为此版本(而非试用版)一事未经核实。日期为全国实施之日(已在通知文本中"
            "核实)。省级鼓励性加分(0–10分)不计入自测。"
        ),
        "work_years_cap": 20,
        "chinese": [
            ("former_chinese", "Formerly a Chinese national", "曾经具有中国国籍的外国人", 5),
            ("chinese_degree", "A bachelor's degree or above taught in Chinese",
             "取得以汉语为教学语言的学士及以上学位", 5),
            ("hsk5", "HSK level 5 or above", "通过汉语水平考试(HSK)五级或以上", 5),
            ("hsk4", "HSK level 4", "通过汉语水平考试(HSK)四级", 4),
            ("hsk3", "HSK level 3", "通过汉语水平考试(HSK)三级", 3),
            ("hsk2", "HSK level 2", "通过汉语水平考试(HSK)二级", 2),
            ("hsk1", "HSK level 1", "通过汉语水平考试(HSK)一级", 1),
        ],
        "chinese_max": 5,
        "age": [
            ("18 to 25", "[18,25]岁", 18, 26, 10),
            ("26 to 45", "[26,45]岁", 26, 46, 15),
            ("46 to 55", "[46,55]岁", 46, 56, 10),
            ("56 to 60", "[56,60]岁", 56, 61, 5),
            ("Over 60", "大于60岁", 61, None, 0),
        ],
        "distinction": [
            ("foreign_university", "Graduated from a high-level university abroad",
             "毕业于国(境)外高水平大学", 5),
            ("fortune500", "Worked for a Fortune Global 500 company",
             "有世界500强企业任职经验", 5),
            ("patents", "Holds patents or other intellectual property",
             "具有专利等知识产权", 5),
            ("china_5_years", "Has worked in China for 5 years or more in a row",
             "已连续在华工作年限5年及以上", 5),
        ],
        "is_current": True,
    },
]


def _number_bands(factor, Band, rows):
    for order, (en, zh, low, below, points) in enumerate(rows):
        Band.objects.create(
            factor=factor, label_en=en, label_zh=zh, order=order, points=points,
            min_value=None if low is None else Decimal(low),
            below_value=None if below is None else Decimal(below),
        )  # fmt: skip


def _choice_bands(factor, Band, rows):
    for order, (code, en, zh, points) in enumerate(rows):
        Band.objects.create(
            factor=factor, code=code, label_en=en, label_zh=zh, order=order, points=points
        )


def seed(apps, schema_editor):
    Table = apps.get_model("services", "PermitPointsTable")
    Factor = apps.get_model("services", "PermitFactor")
    Band = apps.get_model("services", "PermitBand")
    for spec in TABLES:
        table = Table.objects.create(
            **{key: spec[key] for key in (
                "version", "name_en", "name_zh", "published_on", "source_en", "source_zh",
                "source_url", "source_note_en", "source_note_zh", "is_current",
            )}
        )  # fmt: skip

        def factor(code, kind, en, zh, max_points, order, *, question_en="", question_zh="",
                   unit_en="", unit_zh="", can_improve=True):  # fmt: skip
            return Factor.objects.create(
                table=table, code=code, kind=kind, name_en=en, name_zh=zh,
                max_points=max_points, order=order, question_en=question_en,
                question_zh=question_zh, unit_en=unit_en, unit_zh=unit_zh,
                can_improve=can_improve,
            )  # fmt: skip

        _number_bands(
            factor("salary", "number", "Annual salary paid in China", "国内聘用单位支付年薪", 20, 1,
                   question_en="Your annual salary from the employer in China",
                   question_zh="国内聘用单位支付的年薪", unit_en="CNY a year", unit_zh="元/年"),
            Band, SALARY,
        )  # fmt: skip
        _choice_bands(
            factor("education", "choice", "Education", "受教育程度", 20, 2,
                   question_en="Your highest degree", question_zh="最高学位"),
            Band, EDUCATION,
        )  # fmt: skip
        _number_bands(
            factor("work_years", "number", "Relevant work experience", "相关工作年限",
                   spec["work_years_cap"], 3,
                   question_en="Years of work experience relevant to the post",
                   question_zh="与岗位相关的工作年限", unit_en="years", unit_zh="年"),
            Band, _work_years(spec["work_years_cap"]),
        )  # fmt: skip
        _number_bands(
            factor("months_in_china", "number", "Time worked in China each year",
                   "每年工作时间", 15, 4,
                   question_en="Months a year you will work in China",
                   question_zh="每年在华工作月数", unit_en="months a year", unit_zh="月/年"),
            Band, MONTHS,
        )  # fmt: skip
        _choice_bands(
            factor("chinese", "choice", "Chinese proficiency", "汉语水平", spec["chinese_max"], 5,
                   question_en="Your Chinese", question_zh="您的汉语水平"),
            Band, spec["chinese"],
        )  # fmt: skip
        _choice_bands(
            factor("region", "choice", "Work in an encouraged region", "工作定向", 10, 6,
                   question_en="Where the job is (the West Bund is none of these)",
                   question_zh="工作地点(西岸不属于以下地区)", can_improve=False),
            Band, REGION,
        )  # fmt: skip
        _number_bands(
            factor("age", "number", "Age", "年龄", 15, 7, question_en="Your age",
                   question_zh="您的年龄", unit_en="years", unit_zh="岁", can_improve=False),
            Band, spec["age"],
        )  # fmt: skip
        _choice_bands(
            factor("distinction", "flags", "University, Fortune Global 500 and more",
                   "知名大学、世界500强等", 5, 8,
                   question_en="Any of these that apply to you",
                   question_zh="符合以下哪些条件"),
            Band, spec["distinction"],
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("services", "PermitPointsTable").objects.filter(
        version__in=[spec["version"] for spec in TABLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0004_permit_table_and_apartments")]

    operations = [migrations.RunPython(seed, unseed)]
