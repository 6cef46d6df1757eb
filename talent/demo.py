"""Demo talent: Lin Wei's submitted profile and a few dozen professionals in every
review state. Idempotent: profiles that exist are left as they are."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from westbund.accounts.groups import make_officer
from westbund.core.history import record_transition
from westbund.education import C9University, Degree
from westbund.privacy import actions as privacy_actions
from westbund.privacy.models import ConsentKind
from westbund.taxonomy import Specialty

from . import actions
from .models import (
    Application,
    ApplicationStageChange,
    Availability,
    JobAlert,
    ProfileReviewEvent,
    TalentProfile,
)

OFFICERS_GROUP = "Talent officers"
DEMO_SEED = 20261125
OTHER_PROFESSIONALS = 36


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing ``lines`` (ASCII) in Helvetica."""
    text = "\n".join(
        f"BT /F1 {14 if i == 0 else 11} Tf 72 {770 - 22 * i} Td ({_pdf_escape(line)}) Tj ET"
        for i, line in enumerate(lines)
    ).encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _complete_profile(user, *, cv_lines, **fields) -> TalentProfile:
    profile = TalentProfile(user=user, **fields)
    actions.save_profile(
        profile=profile,
        by=user,
        consents={
            ConsentKind.PROFILE_PROCESSING: True,
            ConsentKind.SHARE_WITH_ENTERPRISES: True,
        },
    )
    actions.upload_cv(
        profile=profile,
        upload=SimpleUploadedFile("cv.pdf", minimal_pdf(cv_lines), "application/pdf"),
        by=user,
    )
    return profile


def _lin_wei(user) -> None:
    if TalentProfile.objects.filter(user=user).exists():
        return
    profile = _complete_profile(
        user,
        cv_lines=[
            "Lin Wei - Curriculum vitae",
            "MSc Computer Science, Fudan University, 2021",
            "Research engineer: multimodal pre-training, LLM evaluation",
            "github.com/linwei-demo",
        ],
        full_name="Lin Wei",
        name_zh="林伟",
        nationality="CN",
        current_city="Shanghai",
        phone="+86 138 0013 8000",
        languages="Mandarin (native), English (professional)",
        highest_degree=Degree.MASTER,
        university_code=C9University.FUDAN,
        field_of_study="Computer science",
        graduation_year=2021,
        years_of_experience=5,
        current_employer="Yangpu Vision Lab",
        current_title="Research engineer",
        specialties=[Specialty.MULTIMODAL, Specialty.LLM_PRETRAINING],
        skills="PyTorch, vision-language models, distributed training, evaluation",
        github_url="https://github.com/linwei-demo",
        availability=Availability.THREE_MONTHS,
    )
    actions.submit_profile_for_review(profile=profile, by=user)


FIRST = ["Chen", "Li", "Wang", "Zhao", "Liu", "Yang", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma"]
GIVEN = ["Yu", "Hao", "Jing", "Lei", "Min", "Ning", "Tao", "Xin", "Yan", "Zhen", "Qi", "Rui"]
FOREIGN = [
    ("Amelia Hart", "GB"),
    ("Lukas Becker", "DE"),
    ("Priya Raman", "IN"),
    ("Mateo Rossi", "IT"),
    ("Sofia Almeida", "PT"),
    ("Daniel Kim", "KR"),
    ("Hana Sato", "JP"),
    ("Noah Fischer", "CH"),
    ("Chloe Martin", "FR"),
    ("Ethan Brooks", "US"),
]
OTHER_UNIVERSITIES = [
    "Tongji University",
    "East China Normal University",
    "ETH Zurich",
    "University of Cambridge",
    "National University of Singapore",
    "Carnegie Mellon University",
]
FIELDS = ["Computer science", "Electrical engineering", "Mathematics", "Statistics", "Physics"]
STATES = [
    TalentProfile.ReviewState.DRAFT,
    TalentProfile.ReviewState.SUBMITTED,
    TalentProfile.ReviewState.IN_REVIEW,
    TalentProfile.ReviewState.VERIFIED,
    TalentProfile.ReviewState.VERIFIED,
    TalentProfile.ReviewState.CHANGES_REQUESTED,
    TalentProfile.ReviewState.DECLINED,
]


def _other(number: int, officer) -> None:
    # One generator per person: the same person comes out the same on every run.
    rng = random.Random(DEMO_SEED + number)  # noqa: S311 - demo names, not secrets
    User = get_user_model()
    email = f"talent{number:02d}@demo.westbund.example"
    if number % 3 == 0:
        name, country = FOREIGN[number % len(FOREIGN)]
    else:
        name, country = f"{rng.choice(FIRST)} {rng.choice(GIVEN)}", "CN"
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": name,
            "preferred_language": "zh-hans" if country == "CN" and rng.random() < 0.6 else "en",
        },
    )
    if TalentProfile.objects.filter(user=user).exists():
        return
    user.set_unusable_password()
    user.save(update_fields=["password"])
    c9 = rng.random() < 0.45
    degree = rng.choice([Degree.BACHELOR, Degree.MASTER, Degree.MASTER, Degree.PHD])
    year = rng.randint(2008, 2025)
    profile = _complete_profile(
        user,
        cv_lines=[f"{name} - CV", f"{degree.label} ({year})"],
        full_name=name,
        nationality=country,
        current_city=rng.choice(["Shanghai", "Beijing", "Hangzhou", "Shenzhen", "Singapore"]),
        phone=f"+86 139 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        languages="Mandarin, English" if country == "CN" else "English, Mandarin (basic)",
        highest_degree=degree,
        university_code=rng.choice(C9University.values) if c9 else "",
        university_other="" if c9 else rng.choice(OTHER_UNIVERSITIES),
        field_of_study=rng.choice(FIELDS),
        graduation_year=year,
        years_of_experience=max(0, 2026 - year - rng.randint(0, 2)),
        specialties=rng.sample(Specialty.values, k=rng.randint(1, 3)),
        skills=", ".join(rng.sample(["PyTorch", "JAX", "CUDA", "Kubernetes", "RLHF", "ROS"], k=3)),
        needs_work_permit=country != "CN",
        needs_visa_sponsorship=country != "CN" and rng.random() < 0.5,
        availability=rng.choice(Availability.values),
    )
    state = STATES[number % len(STATES)]
    # The demo writes its history directly: going through decide_review would e-mail
    # three dozen invented people on every `make run`.
    when = timezone.now() - timedelta(days=rng.randint(3, 60))
    path = {
        TalentProfile.ReviewState.DRAFT: [],
        TalentProfile.ReviewState.SUBMITTED: [TalentProfile.ReviewState.SUBMITTED],
        TalentProfile.ReviewState.IN_REVIEW: [
            TalentProfile.ReviewState.SUBMITTED,
            TalentProfile.ReviewState.IN_REVIEW,
        ],
    }.get(
        state,
        [
            TalentProfile.ReviewState.SUBMITTED,
            TalentProfile.ReviewState.IN_REVIEW,
            state,
        ],
    )
    message = (
        "Please add your graduation certificate details and a current CV."
        if state == TalentProfile.ReviewState.CHANGES_REQUESTED
        else ""
    )
    previous = TalentProfile.ReviewState.DRAFT
    for step, to_state in enumerate(path):
        record_transition(
            ProfileReviewEvent,
            profile,
            actor=user if to_state == TalentProfile.ReviewState.SUBMITTED else officer,
            from_state=previous,
            to_state=to_state,
            reason=message if to_state == state else "",
            created_at=when + timedelta(days=step),
        )
        previous = to_state
    if path:
        TalentProfile.objects.filter(pk=profile.pk).update(
            review_state=state,
            submitted_at=when,
            decided_at=when + timedelta(days=2) if len(path) == 3 else None,
            assigned_officer=officer if len(path) > 1 else None,
            review_message=message,
        )


AURORA_SLUG = "aurora-foundation-models"
# Lin Wei's applications: (stage reached, Aurora role or not). Each walks the pipeline.
LIN_WEI_APPLICATIONS = (
    (Application.Stage.INTERVIEW, True),
    (Application.Stage.SCREENING, True),
    (Application.Stage.NEW, True),
    (Application.Stage.REJECTED, False),
    (Application.Stage.OFFER, False),
)
COVER_LETTER = (
    "Dear hiring team,\n\nI build and evaluate multimodal models and would like to bring "
    "that experience to your team. My CV is attached.\n\nBest regards,\n{name}"
)


def _path_to(stage: str) -> list[str]:
    if stage == Application.Stage.REJECTED:
        return [Application.Stage.NEW, Application.Stage.SCREENING, Application.Stage.REJECTED]
    order = [choice.value for choice in Application.Stage][:5]
    return order[: order.index(stage) + 1]


def _demo_application(profile, role, stage, *, recruiter, when) -> None:
    # Written directly, like the review history above: the demo must not e-mail anyone.
    application = Application.objects.create(
        profile=profile,
        role=role,
        enterprise_id=role.enterprise_id,
        cv_id=profile.current_cv_id,
        cover_letter=COVER_LETTER.format(name=profile.full_name),
        answers={"start_date": "In three months"},
        stage=stage,
        rejection_reason=(
            "We chose a candidate with more robotics experience."
            if stage == Application.Stage.REJECTED
            else ""
        ),
        created_at=when,
        stage_changed_at=when,
    )
    previous = ""
    for step, to_stage in enumerate(_path_to(stage)):
        record_transition(
            ApplicationStageChange,
            application,
            actor=profile.user if not previous else recruiter,
            from_state=previous,
            to_state=to_stage,
            reason=application.rejection_reason if to_stage == Application.Stage.REJECTED else "",
            created_at=when + timedelta(days=2 * step),
        )
        previous = to_stage
    Application.objects.filter(pk=application.pk).update(
        stage_changed_at=when + timedelta(days=2 * step)
    )


def _applications(users) -> None:
    from enterprises.models import Role

    lin_wei = TalentProfile.objects.filter(user=users["professional"]).first()
    if lin_wei is None or Application.objects.filter(profile=lin_wei).exists():
        return
    recruiter = users.get("recruiter_a")
    board = Role.objects.published().order_by("pk")
    aurora = list(board.filter(enterprise__slug=AURORA_SLUG)[:4])
    others = list(board.exclude(enterprise__slug=AURORA_SLUG)[:2])
    now = timezone.now()
    for index, (stage, at_aurora) in enumerate(LIN_WEI_APPLICATIONS):
        pool = aurora if at_aurora else others
        if not pool:
            continue
        role = pool.pop(0)
        when = now - timedelta(days=20 - 3 * index)
        _demo_application(lin_wei, role, stage, recruiter=recruiter, when=when)
    # A few other professionals apply to Aurora's roles: the demo recruiter's list fills.
    others_profiles = TalentProfile.objects.exclude(pk=lin_wei.pk).filter(
        user__email__endswith="@demo.westbund.example", current_cv__isnull=False
    )[:8]
    aurora = list(board.filter(enterprise__slug=AURORA_SLUG)[:3])
    stages = [Application.Stage.NEW, Application.Stage.SCREENING, Application.Stage.INTERVIEW]
    for index, profile in enumerate(others_profiles):
        if not aurora:
            break
        role = aurora[index % len(aurora)]
        if Application.objects.filter(profile=profile, role=role).exists():
            continue
        _demo_application(
            profile,
            role,
            stages[index % len(stages)],
            recruiter=recruiter,
            when=now - timedelta(days=10 - index),
        )
    JobAlert.objects.get_or_create(
        user=users["professional"],
        name="Multimodal roles",
        defaults={
            "keywords": "",
            "specialties": [Specialty.MULTIMODAL],
            "last_digest_at": now,
            "last_digest_on": timezone.localdate(),
        },
    )


def _talent_pool() -> None:
    """Every other verified demo professional is in the talent pool (idempotent)."""
    verified = TalentProfile.objects.filter(
        review_state=TalentProfile.ReviewState.VERIFIED, user__email__startswith="talent"
    ).order_by("pk")
    for profile in list(verified)[::2]:
        privacy_actions.grant_consent(user=profile.user, kind=ConsentKind.TALENT_POOL)
    verified.update_search_vector()


def load_demo(*, users, stdout) -> None:
    officer = users.get("officer")
    if officer is not None:
        make_officer(officer)
    _lin_wei(users["professional"])
    for number in range(1, OTHER_PROFESSIONALS + 1):
        _other(number, officer)
    _talent_pool()
    _applications(users)
    stdout.write(
        f"Talent: {TalentProfile.objects.count()} profiles "
        f"({TalentProfile.objects.awaiting_review().count()} awaiting review), "
        f"{Application.objects.count()} applications."
    )
