"""Demo data: ~70 Innovation Center enterprises and a few hundred AI roles.

Called by ``manage.py seed_demo`` once the demo accounts exist. Idempotent: an
enterprise whose slug exists is left as it is (with its roles). A fixed random seed
makes every fresh database the same (dates are relative to the day it runs).
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from westbund.accounts.groups import make_officer
from westbund.taxonomy import Specialty

from .models import Enterprise, Membership, Role, RoleTransition

SEED = 20260701
S = Specialty

# (English, Chinese) brand words and business words; combined into invented names.
BRANDS = [
    ("Qiming", "启明"),
    ("Tianyan", "天衍"),
    ("Xinghe", "星河"),
    ("Yunfan", "云帆"),
    ("Lingxi", "灵犀"),
    ("Mingjing", "明镜"),
    ("Haina", "海纳"),
    ("Jinghong", "惊鸿"),
    ("Zhuque", "朱雀"),
    ("Beacon", "灯塔"),
    ("Meridian", "子午"),
    ("Cirrus", "卷云"),
    ("Tidal", "潮汐"),
    ("Vertex", "顶点"),
    ("Harbor", "港湾"),
    ("Nebula", "星云"),
    ("Polaris", "北极星"),
    ("Cedar", "雪松"),
    ("Summit", "峰峦"),
    ("Lattice", "晶格"),
    ("Prism", "棱镜"),
    ("Helix", "螺旋"),
    ("Longhua", "龙华"),
    ("Riverside", "滨江"),
    ("Dawnlight", "晨光"),
    ("Fenghua", "风华"),
    ("Yuheng", "玉衡"),
    ("Tianshu", "天枢"),
    ("Kaiyang", "开阳"),
    ("Xuanwu", "玄武"),
    ("Qingluan", "青鸾"),
    ("Wanxiang", "万象"),
]
BUSINESSES = [
    ("Foundation Models", "基础模型", [S.LLM_PRETRAINING, S.ALIGNMENT]),
    ("Language Models", "语言模型", [S.LLM_PRETRAINING, S.NLP]),
    ("Multimodal AI", "多模态智能", [S.MULTIMODAL, S.COMPUTER_VISION]),
    ("Vision", "视觉科技", [S.COMPUTER_VISION, S.MULTIMODAL]),
    ("Speech Technology", "语音科技", [S.SPEECH, S.NLP]),
    ("Robotics", "机器人", [S.EMBODIED_AI, S.COMPUTER_VISION]),
    ("Embodied Intelligence", "具身智能", [S.EMBODIED_AI, S.MULTIMODAL]),
    ("AI Compute", "智算", [S.AI_INFRA, S.DATA_ENGINEERING]),
    ("Inference Cloud", "推理云", [S.AI_INFRA]),
    ("Data Intelligence", "数据智能", [S.DATA_ENGINEERING, S.RECSYS]),
    ("AI Safety Lab", "安全实验室", [S.AI_SAFETY, S.ALIGNMENT]),
    ("Recommendation Labs", "推荐实验室", [S.RECSYS, S.AI_PRODUCT]),
    ("AI Products", "智能产品", [S.AI_PRODUCT, S.NLP]),
]
TITLES = {
    S.LLM_PRETRAINING: [
        ("LLM Pre-training Engineer", "大模型预训练工程师"),
        ("Large Language Model Researcher", "大语言模型研究员"),
        ("Distributed Training Engineer", "分布式训练工程师"),
    ],
    S.ALIGNMENT: [
        ("RLHF Alignment Researcher", "RLHF对齐研究员"),
        ("Fine-tuning Engineer", "模型微调工程师"),
        ("Post-training Algorithm Engineer", "后训练算法工程师"),
    ],
    S.MULTIMODAL: [
        ("Multimodal Large Model Algorithm Engineer", "多模态大模型算法工程师"),
        ("Vision-Language Model Researcher", "视觉语言模型研究员"),
        ("Video Generation Algorithm Engineer", "视频生成算法工程师"),
    ],
    S.COMPUTER_VISION: [
        ("Computer Vision Engineer", "计算机视觉工程师"),
        ("3D Vision Researcher", "三维视觉研究员"),
    ],
    S.SPEECH: [
        ("Speech Recognition Engineer", "语音识别工程师"),
        ("Speech Synthesis Researcher", "语音合成研究员"),
    ],
    S.NLP: [
        ("NLP Algorithm Engineer", "自然语言处理算法工程师"),
        ("Retrieval-Augmented Generation Engineer", "检索增强生成工程师"),
    ],
    S.RECSYS: [
        ("Recommendation Algorithm Engineer", "推荐算法工程师"),
        ("Search Ranking Engineer", "搜索排序工程师"),
    ],
    S.AI_INFRA: [
        ("AI Inference Optimization Engineer", "AI推理优化工程师"),
        ("GPU Cluster Engineer", "GPU集群工程师"),
        ("ML Platform Engineer", "机器学习平台工程师"),
        ("CUDA Kernel Engineer", "CUDA算子开发工程师"),
    ],
    S.AI_SAFETY: [
        ("AI Safety Researcher", "AI安全研究员"),
        ("Red Team Evaluation Engineer", "红队评测工程师"),
    ],
    S.DATA_ENGINEERING: [
        ("Training Data Engineer", "训练数据工程师"),
        ("Data Pipeline Engineer", "数据管线工程师"),
    ],
    S.EMBODIED_AI: [
        ("Embodied AI Algorithm Engineer", "具身智能算法工程师"),
        ("Robot Motion Control Engineer", "机器人运动控制工程师"),
        ("Humanoid Robot Perception Engineer", "人形机器人感知工程师"),
    ],
    S.AI_PRODUCT: [
        ("AI Product Manager", "AI产品经理"),
        ("AI Solutions Architect", "AI解决方案架构师"),
        ("AI Application Developer", "AI应用开发工程师"),
    ],
}
SENIORITY_WORDS = {
    Role.Seniority.SENIOR: ("Senior", "高级"),
    Role.Seniority.LEAD: ("Lead", "资深"),
    Role.Seniority.HEAD: ("Head of", "负责人"),
}
SALARY_BANDS = {
    Role.Seniority.INTERN: (60_000, 120_000),
    Role.Seniority.JUNIOR: (250_000, 450_000),
    Role.Seniority.MID: (400_000, 700_000),
    Role.Seniority.SENIOR: (600_000, 1_100_000),
    Role.Seniority.LEAD: (900_000, 1_600_000),
    Role.Seniority.HEAD: (1_200_000, 2_500_000),
}
AURORA = ("Aurora Foundation Models", "曙光基础模型", "aurora-foundation-models")
HUANGPU = ("Huangpu Embodied Robotics", "黄浦具身机器人", "huangpu-embodied-robotics")
ENTERPRISE_COUNT = 70


def _enterprise_specs(rng: random.Random) -> list[dict]:
    specs = [
        {
            "name_en": AURORA[0],
            "name_zh": AURORA[1],
            "slug": AURORA[2],
            "focus_areas": [S.LLM_PRETRAINING, S.MULTIMODAL, S.ALIGNMENT],
            "phase": 1,
            "is_verified": True,
        },
        {
            "name_en": HUANGPU[0],
            "name_zh": HUANGPU[1],
            "slug": HUANGPU[2],
            "focus_areas": [S.EMBODIED_AI, S.COMPUTER_VISION],
            "phase": 2,
            "is_verified": True,
        },
    ]
    seen = {AURORA[0], HUANGPU[0]}
    while len(specs) < ENTERPRISE_COUNT:
        brand_en, brand_zh = rng.choice(BRANDS)
        business_en, business_zh, focus = rng.choice(BUSINESSES)
        name_en = f"{brand_en} {business_en}"
        if name_en in seen:
            continue
        seen.add(name_en)
        specs.append(
            {
                "name_en": name_en,
                "name_zh": f"{brand_zh}{business_zh}",
                "slug": slugify(name_en),
                "focus_areas": list(focus),
                # The first phase holds most tenants; the second is filling up.
                "phase": 1 if len(specs) < 48 else 2,
                "is_verified": rng.random() < 0.8,
            }
        )
    for index, spec in enumerate(specs):
        tower = "ABCD"[index % 4]
        spec["unit"] = f"Tower {tower}, {rng.randint(2, 22)}F"
        spec["headcount"] = rng.choice(Enterprise.Headcount.values)
        start = 2023 if spec["phase"] == 1 else 2025
        spec["moved_in_on"] = date(start, rng.randint(1, 12), 1)
        spec["website"] = f"https://www.{spec['slug']}.example"
        focus = ", ".join(str(Specialty(code).label).lower() for code in spec["focus_areas"])
        spec["description_en"] = (
            f"{spec['name_en']} is a tenant of the Shanghai Foundation Model Innovation Center "
            f"at the West Bund, in Xuhui. The team works on {focus}, and hires researchers "
            "and engineers from China and abroad."
        )
        spec["description_zh"] = (
            f"{spec['name_zh']}入驻徐汇西岸的上海市大模型创新中心，面向海内外招募研究员与工程师。"
        )
    return specs


def _role_spec(rng, enterprise_spec, *, specialty=None, seniority=None) -> dict:
    specialty = specialty or rng.choice(enterprise_spec["focus_areas"])
    title_en, title_zh = rng.choice(TITLES[specialty])
    seniority = seniority or rng.choice(
        [
            Role.Seniority.JUNIOR,
            Role.Seniority.MID,
            Role.Seniority.MID,
            Role.Seniority.SENIOR,
            Role.Seniority.SENIOR,
            Role.Seniority.LEAD,
            Role.Seniority.INTERN,
        ]
    )
    employment = Role.EmploymentType.FULL_TIME
    if seniority == Role.Seniority.INTERN:
        employment = Role.EmploymentType.INTERNSHIP
        title_en, title_zh = f"{title_en} Intern", f"{title_zh}实习生"
    elif seniority in SENIORITY_WORDS:
        word_en, word_zh = SENIORITY_WORDS[seniority]
        title_en, title_zh = f"{word_en} {title_en}", f"{word_zh}{title_zh}"
    elif rng.random() < 0.08:
        employment = rng.choice([Role.EmploymentType.CONTRACT, Role.EmploymentType.PART_TIME])
    low, high = SALARY_BANDS[seniority]
    salary = rng.random() < 0.75
    salary_min = round(rng.randint(low, (low + high) // 2), -4) if salary else None
    salary_max = round(rng.randint((low + high) // 2, high), -4) if salary else None
    if salary and salary_max <= salary_min:
        salary_max = salary_min + 50_000
    name = enterprise_spec["name_en"]
    label = str(Specialty(specialty).label).lower()
    with translation.override("zh-hans"):
        label_zh = str(Specialty(specialty).label)
    return {
        "title_en": title_en,
        "title_zh": title_zh,
        "specialties": sorted({specialty, *rng.sample(enterprise_spec["focus_areas"], 1)}),
        "seniority": seniority,
        "employment_type": employment,
        "remote_policy": rng.choice(
            [
                Role.RemotePolicy.ONSITE,
                Role.RemotePolicy.ONSITE,
                Role.RemotePolicy.HYBRID,
                Role.RemotePolicy.REMOTE,
            ]
        ),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "sponsors_visa": rng.random() < 0.45,
        "openings": rng.choice([1, 1, 1, 2, 2, 3, 5]),
        "description_en": (
            f"{name} is looking for a {title_en} to join its {label} team at the West Bund "
            "AI campus. You will work with researchers who train and ship models used by "
            "millions of people, with the compute of the Innovation Center at hand."
        ),
        "description_zh": (
            f"{enterprise_spec['name_zh']}正在招聘{title_zh}，加入其{label_zh}团队，"
            "在徐汇西岸人工智能园区与研究人员一起训练并上线服务数以百万计用户的模型，"
            "并可使用创新中心的算力资源。"
        ),
        "responsibilities": (
            f"Design, build and evaluate {label} systems end to end.\n"
            "Turn research results into reliable services.\n"
            "Write clear documents and mentor colleagues."
        ),
        "requirements": (
            "A degree in computer science, mathematics, electrical engineering or a related "
            "field; a doctorate is a plus for research roles.\n"
            "Fluent Python; PyTorch or JAX; experience with large-scale training or inference.\n"
            "English or Chinese at working level (both welcome)."
        ),
    }


def _add_role(rows, transitions, *, enterprise, spec, state, index, now, rng, officer, author):
    today = timezone.localdate()
    slug = f"{slugify(spec['title_en'])[:70]}-{enterprise.slug[:30]}-{index}"
    created = now - timedelta(days=rng.randint(20, 60))
    role = Role(
        enterprise=enterprise,
        slug=slug,
        state=state,
        deadline=today + timedelta(days=rng.randint(10, 90)),
        created_by=author,
        created_at=created,
        **spec,
    )
    steps = [("", Role.State.DRAFT, author, created)]
    if state != Role.State.DRAFT:
        role.submitted_at = created + timedelta(days=1)
        steps.append((Role.State.DRAFT, Role.State.PENDING_REVIEW, author, role.submitted_at))
    if state in {Role.State.PUBLISHED, Role.State.CLOSED}:
        role.published_at = now - timedelta(days=rng.randint(0, 18), hours=rng.randint(0, 23))
        steps.append((Role.State.PENDING_REVIEW, Role.State.PUBLISHED, officer, role.published_at))
    if state == Role.State.CLOSED:
        role.closed_at = now - timedelta(hours=rng.randint(1, 48))
        role.deadline = today - timedelta(days=1)
        steps.append((Role.State.PUBLISHED, Role.State.CLOSED, None, role.closed_at))
    rows.append(role)
    transitions.append(steps)


@transaction.atomic
def load_demo(*, users, stdout) -> None:
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    now = timezone.now()
    specs = _enterprise_specs(rng)
    existing = set(
        Enterprise.objects.filter(slug__in=[spec["slug"] for spec in specs]).values_list(
            "slug", flat=True
        )
    )
    new_specs = [spec for spec in specs if spec["slug"] not in existing]
    Enterprise.objects.bulk_create(Enterprise(**spec) for spec in new_specs)
    enterprises = Enterprise.objects.in_bulk(
        [spec["slug"] for spec in new_specs], field_name="slug"
    )

    officer = users.get("officer")
    authors = {AURORA[2]: users.get("recruiter_a"), HUANGPU[2]: users.get("recruiter_b")}
    rows, transitions = [], []
    for spec in specs:
        # The random stream is consumed alike whether or not the enterprise is new.
        count = rng.randint(3, 7)
        enterprise = enterprises.get(spec["slug"])
        author = authors.get(spec["slug"])
        plan = [Role.State.PUBLISHED] * count
        if spec["slug"] == AURORA[2]:
            plan = [Role.State.PUBLISHED] * 6 + [
                Role.State.PENDING_REVIEW,
                Role.State.PENDING_REVIEW,
                Role.State.DRAFT,
                Role.State.CLOSED,
            ]
        elif spec["slug"] == HUANGPU[2]:
            plan = [Role.State.PUBLISHED] * 5 + [Role.State.PENDING_REVIEW, Role.State.DRAFT]
        elif rng.random() < 0.06:
            plan.append(Role.State.PENDING_REVIEW)
        for index, state in enumerate(plan):
            role_spec = _role_spec(rng, spec)
            if enterprise is None:
                continue
            _add_role(
                rows,
                transitions,
                enterprise=enterprise,
                spec=role_spec,
                state=state,
                index=index,
                now=now,
                rng=rng,
                officer=officer,
                author=author,
            )

    Role.objects.bulk_create(rows)
    saved = Role.objects.in_bulk([role.slug for role in rows], field_name="slug")
    RoleTransition.objects.bulk_create(
        RoleTransition(
            role=saved[role.slug], from_state=old, to_state=new, actor=by, created_at=when
        )
        for role, steps in zip(rows, transitions, strict=True)
        for old, new, by, when in steps
    )
    Role.objects.filter(enterprise__in=enterprises.values()).update_search_vector()

    for key, slug in (("recruiter_a", AURORA[2]), ("recruiter_b", HUANGPU[2])):
        if key in users:
            Membership.objects.get_or_create(
                enterprise=Enterprise.objects.get(slug=slug),
                user=users[key],
                defaults={"role": Membership.Role.ADMIN},
            )
    if users.get("officer"):
        make_officer(users["officer"])
    published = Role.objects.published().count()
    stdout.write(
        f"Enterprises: {Enterprise.objects.count()} ({len(new_specs)} new); "
        f"published roles: {published}; awaiting review: "
        f"{Role.objects.pending_review().count()}."
    )
