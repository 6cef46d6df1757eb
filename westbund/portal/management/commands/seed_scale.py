"""Fill the database with the hub at scale: by default 100,000 professionals, 2,000
roles and 1,000,000 applications, with bulk inserts, for the admin and load
benchmarks, with the interviews of the applications at interview and a talent pool
(half of the verified profiles consented, their search vectors filled). Run
``seed_demo`` first (enterprises, demo accounts). Idempotent in the
sense that it removes what an earlier run made (users under @scale.westbund.invalid,
roles with the ``scale-`` slug prefix) before making it again."""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from enterprises.models import Enterprise, Membership, Role
from talent.models import Application, Interview, TalentProfile
from westbund.education import C9University, Degree
from westbund.privacy.models import Consent, ConsentKind
from westbund.taxonomy import Specialty

DOMAIN = "scale.westbund.invalid"
SLUG_PREFIX = "scale-"
BATCH = 5000
SEED = 20240508

FIRST = ["Wei", "Min", "Jing", "Hao", "Lei", "Yan", "Anna", "David", "Priya", "Kenji", "Sara"]
LAST = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Müller", "Sato", "Kim", "Rossi"]
NATIONALITIES = ["CN"] * 6 + ["US", "GB", "DE", "FR", "JP", "KR", "SG", "IN", "CA", "AU"]
TITLES = [
    ("LLM Pre-training Engineer", "大模型预训练工程师", Specialty.LLM_PRETRAINING),
    ("Alignment Researcher", "对齐研究员", Specialty.ALIGNMENT),
    ("Multimodal Algorithm Engineer", "多模态算法工程师", Specialty.MULTIMODAL),
    ("Computer Vision Engineer", "计算机视觉工程师", Specialty.COMPUTER_VISION),
    ("Speech Recognition Engineer", "语音识别工程师", Specialty.SPEECH),
    ("Inference Optimisation Engineer", "推理优化工程师", Specialty.AI_INFRA),
    ("AI Safety Researcher", "人工智能安全研究员", Specialty.AI_SAFETY),
    ("Data Engineer, Training Data", "训练数据工程师", Specialty.DATA_ENGINEERING),
    ("Embodied AI Researcher", "具身智能研究员", Specialty.EMBODIED_AI),
    ("AI Product Manager", "人工智能产品经理", Specialty.AI_PRODUCT),
]
STAGE_WEIGHTS = [
    (Application.Stage.NEW, 40),
    (Application.Stage.SCREENING, 25),
    (Application.Stage.INTERVIEW, 15),
    (Application.Stage.OFFER, 4),
    (Application.Stage.HIRED, 2),
    (Application.Stage.REJECTED, 12),
    (Application.Stage.WITHDRAWN, 2),
]
REVIEW_WEIGHTS = [
    (TalentProfile.ReviewState.DRAFT, 30),
    (TalentProfile.ReviewState.SUBMITTED, 15),
    (TalentProfile.ReviewState.IN_REVIEW, 5),
    (TalentProfile.ReviewState.VERIFIED, 40),
    (TalentProfile.ReviewState.CHANGES_REQUESTED, 7),
    (TalentProfile.ReviewState.DECLINED, 3),
]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--professionals", type=int, default=100_000)
        parser.add_argument("--roles", type=int, default=2_000)
        parser.add_argument("--applications", type=int, default=1_000_000)
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when the data is there"
        )

    def handle(self, *args, professionals, roles, applications, if_missing=False, **options):
        if if_missing and (
            Application.objects.filter(role__slug__startswith=SLUG_PREFIX).count() >= applications
        ):
            self.stdout.write("Scale data already loaded.")
            return
        per_profile = -(-applications // professionals) if professionals else 0
        if applications and (not professionals or not roles or per_profile > roles):
            raise CommandError("Need enough professionals and roles for the applications.")
        enterprises = list(Enterprise.objects.active().order_by("pk"))
        if not enterprises:
            raise CommandError("No enterprises: run `manage.py seed_demo` first.")
        rng = random.Random(SEED)
        started = time.monotonic()
        self._clear()
        profile_ids = self._professionals(professionals, rng)
        self._say(f"{len(profile_ids)} professionals", started)
        role_rows = self._roles(roles, enterprises, rng)
        self._say(f"{len(role_rows)} published roles", started)
        count = self._applications(applications, profile_ids, role_rows, rng)
        self._say(f"{count} applications", started)
        interviews = self._interviews(rng)
        self._say(f"{interviews} interviews", started)
        pooled = self._pool()
        self._say(f"{pooled} profiles in the talent pool", started)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, and a visibility map so that counts
            # per enterprise and stage can be answered from the indexes alone.
            # (VACUUM cannot run inside a transaction, e.g. under the test runner.)
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"{command} accounts_user, talent_talentprofile, enterprises_role, "
                    "talent_application, talent_interview, talent_interview_interviewers, "
                    "talent_consent"
                )
        # What the hourly beat task does: the analytics pages read these tables.
        from talent.analytics import rebuild

        rows = rebuild()
        self._say(f"recruitment figures rebuilt ({rows} enterprise-months)", started)
        self._say("done", started)

    def _say(self, what, started):
        self.stdout.write(f"{time.monotonic() - started:7.1f} s  {what}")

    def _clear(self):
        User = get_user_model()
        with transaction.atomic():
            Interview.objects.filter(application__role__slug__startswith=SLUG_PREFIX).delete()
            Application.objects.filter(role__slug__startswith=SLUG_PREFIX).delete()
            Application.objects.filter(profile__user__email__endswith=DOMAIN).delete()
            TalentProfile.objects.filter(user__email__endswith=DOMAIN).delete()
            User.objects.filter(email__endswith=DOMAIN).delete()
            Role.objects.filter(slug__startswith=SLUG_PREFIX).delete()

    def _professionals(self, count, rng) -> list[int]:
        User = get_user_model()
        password = make_password(None)
        now = timezone.now()
        states = [state for state, _w in REVIEW_WEIGHTS]
        weights = [w for _s, w in REVIEW_WEIGHTS]
        universities = [*C9University.values, ""]
        specialties = list(Specialty.values)
        ids = []
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"pro{start + i}@{DOMAIN}",
                        password=password,
                        display_name="",
                        date_joined=now,
                    )
                    for i in range(size)
                ]
            )
            profiles = []
            for user in users:
                state = rng.choices(states, weights)[0]
                university = rng.choice(universities)
                profiles.append(
                    TalentProfile(
                        user=user,
                        full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        current_title=rng.choice(TITLES)[rng.randint(0, 1)],
                        nationality=rng.choice(NATIONALITIES),
                        highest_degree=rng.choice(
                            [Degree.BACHELOR, Degree.MASTER, Degree.MASTER, Degree.PHD]
                        ),
                        university_code=university,
                        university_other="" if university else "Technical University of Munich",
                        field_of_study="Computer science",
                        years_of_experience=rng.randint(0, 20),
                        specialties=rng.sample(specialties, 2),
                        skills="PyTorch, CUDA, Python",
                        needs_work_permit=rng.random() < 0.3,
                        review_state=state,
                        submitted_at=(
                            None
                            if state == TalentProfile.ReviewState.DRAFT
                            else now - timedelta(minutes=rng.randint(1, 60 * 24 * 90))
                        ),
                        created_at=now - timedelta(days=rng.randint(0, 365)),
                    )
                )
            created = TalentProfile.objects.bulk_create(profiles)
            ids += [profile.pk for profile in created]
        return ids

    def _roles(self, count, enterprises, rng) -> list[tuple[int, int]]:
        now = timezone.now()
        today = timezone.localdate()
        rows = []
        for start in range(0, count, BATCH):
            batch = []
            for i in range(start, min(count, start + BATCH)):
                title_en, title_zh, specialty = TITLES[i % len(TITLES)]
                low = rng.randrange(200_000, 900_000, 10_000)
                batch.append(
                    Role(
                        enterprise=rng.choice(enterprises),
                        title_en=title_en,
                        title_zh=title_zh,
                        slug=f"{SLUG_PREFIX}{i}",
                        description_en=f"{title_en} at the West Bund. Build foundation models.",
                        requirements="Strong Python; PyTorch; publications a plus.",
                        specialties=[specialty],
                        salary_min=low,
                        salary_max=low + rng.randrange(50_000, 400_000, 10_000),
                        deadline=today + timedelta(days=rng.randint(7, 120)),
                        state=Role.State.PUBLISHED,
                        submitted_at=now,
                        published_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 60)),
                    )
                )
            created = Role.objects.bulk_create(batch)
            rows += [(role.pk, role.enterprise_id) for role in created]
        Role.objects.filter(slug__startswith=SLUG_PREFIX).update_search_vector()
        return rows

    def _applications(self, count, profile_ids, role_rows, rng) -> int:
        stages = [stage for stage, _w in STAGE_WEIGHTS]
        weights = [w for _s, w in STAGE_WEIGHTS]
        sources = Application.Source.values
        now = timezone.now()
        professionals, roles = len(profile_ids), len(role_rows)
        made = 0
        for start in range(0, count, BATCH):
            batch = []
            for i in range(start, min(count, start + BATCH)):
                # Application i: profile i mod P, its k-th application; (p, k) -> role is
                # one-to-one for k < roles / 197, so no pair repeats.
                p, k = i % professionals, i // professionals
                role_id, enterprise_id = role_rows[(p * 31 + k * 197) % roles]
                created = now - timedelta(minutes=rng.randint(1, 60 * 24 * 60))
                stage = rng.choices(stages, weights)[0]
                moved = created + timedelta(minutes=rng.randint(0, 60 * 24 * 45))
                batch.append(
                    Application(
                        profile_id=profile_ids[p],
                        role_id=role_id,
                        enterprise_id=enterprise_id,
                        cover_letter="I would love to build foundation models at the West Bund.",
                        stage=stage,
                        source=rng.choice(sources),
                        created_at=created,
                        # A moved application moved later (the analytics' time to hire).
                        stage_changed_at=created
                        if stage == Application.Stage.NEW
                        else min(moved, now),
                    )
                )
            Application.objects.bulk_create(batch)
            made += len(batch)
        return made

    def _interviews(self, rng) -> int:
        """One interview for every other application at interview: past ones done,
        coming ones scheduled or confirmed, 45 minutes to an hour, held by the
        enterprise's members."""
        members: dict[int, list[int]] = {}
        for enterprise_id, user_id in Membership.objects.values_list("enterprise_id", "user_id"):
            members.setdefault(enterprise_id, []).append(user_id)
        now = timezone.now()
        rows = Application.objects.filter(
            role__slug__startswith=SLUG_PREFIX, stage=Application.Stage.INTERVIEW
        ).values_list("pk", "enterprise_id")
        Through = Interview.interviewers.through
        made = 0
        batch, who = [], []
        for index, (application_id, enterprise_id) in enumerate(rows.iterator(chunk_size=BATCH)):
            if index % 2:
                continue
            starts = now + timedelta(minutes=30 * rng.randint(-2 * 24 * 30, 2 * 24 * 30))
            status = (
                Interview.Status.DONE
                if starts < now
                else rng.choice([Interview.Status.SCHEDULED, Interview.Status.CONFIRMED])
            )
            batch.append(
                Interview(
                    application_id=application_id,
                    enterprise_id=enterprise_id,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=rng.choice([45, 60])),
                    mode=rng.choice(Interview.Mode.values),
                    location="West Bund AI Tower, 12F",
                    status=status,
                )
            )
            who.append(members.get(enterprise_id, [])[:2])
            if len(batch) == BATCH:
                made += self._save_interviews(batch, who, Through)
                batch, who = [], []
        if batch:
            made += self._save_interviews(batch, who, Through)
        return made

    def _save_interviews(self, batch, who, Through) -> int:
        created = Interview.objects.bulk_create(batch)
        Through.objects.bulk_create(
            [
                Through(interview_id=interview.pk, user_id=user_id)
                for interview, user_ids in zip(created, who, strict=True)
                for user_id in user_ids
            ]
        )
        return len(created)

    def _pool(self) -> int:
        """Every other verified scale profile consents to the talent pool; every scale
        profile's search vector holds its title (English or Chinese, segmented as the
        portal does) and skills, written per title rather than per profile."""
        verified = TalentProfile.objects.filter(
            user__email__endswith=DOMAIN, review_state=TalentProfile.ReviewState.VERIFIED
        )
        user_ids = [
            user_id
            for index, user_id in enumerate(
                verified.order_by("pk").values_list("user_id", flat=True)
            )
            if index % 2 == 0
        ]
        now = timezone.now()
        for start in range(0, len(user_ids), BATCH):
            Consent.objects.bulk_create(
                [
                    Consent(user_id=user_id, kind=ConsentKind.TALENT_POOL, granted_at=now)
                    for user_id in user_ids[start : start + BATCH]
                ]
            )
        if connection.vendor == "postgresql":
            from westbund.search import document_vector

            scale = TalentProfile.objects.filter(user__email__endswith=DOMAIN)
            for title_en, title_zh, _specialty in TITLES:
                for title in (title_en, title_zh):
                    scale.filter(current_title=title).update(
                        search_vector=document_vector(
                            [(title, "A"), ("PyTorch, CUDA, Python", "A")]
                        )
                    )
        return len(user_ids)
