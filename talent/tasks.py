import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import actions

logger = logging.getLogger(__name__)

# A CV's text longer than this is cut (a CV says what matters early on).
CV_TEXT_MAX_CHARS = 100_000
# CVs whose text the sweeper extracts per run (their task was lost: broker down).
CV_TEXT_SWEEP_BATCH = 200


@shared_task(ignore_result=True)
def send_job_alert_digests() -> int:
    """Daily: one ``job_alert_digest`` per professional with the new roles matching
    their alerts (none when nothing matched). Idempotent: a second run the same day
    sends nothing, and a role is never sent twice to the same alert."""
    return actions.send_job_alert_digests(today=timezone.localdate())


def _pdf_text(cv) -> str:
    from pypdf import PdfReader

    with cv.file.open("rb") as handle:
        reader = PdfReader(handle)
        pieces = []
        length = 0
        for page in reader.pages:
            piece = page.extract_text() or ""
            pieces.append(piece)
            length += len(piece)
            if length >= CV_TEXT_MAX_CHARS:
                break
    text = "\n".join(pieces).replace("\x00", " ")
    # Whitespace runs of a PDF's layout say nothing; keep one line break per line.
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:CV_TEXT_MAX_CHARS]


@shared_task(ignore_result=True)
def extract_cv_text(cv_id: int) -> bool:
    """Extract the words of CV ``cv_id`` (pypdf) and index them with its profile.

    Idempotent: a CV whose text was extracted already, or that is gone (erased with its
    account), is left alone. A PDF that yields no text (a scan) is marked done with an
    empty text; one that fails to parse too, and is logged.
    """
    from .models import CVDocument, TalentProfile

    with transaction.atomic():
        cv = CVDocument.objects.select_for_update().filter(pk=cv_id).first()
        if cv is None or cv.text_extracted_at is not None:
            return False
        try:
            text = _pdf_text(cv)
        except Exception as error:  # a hostile or broken PDF fails in many ways
            logger.warning("CV %s: no text extracted (%s: %s)", cv_id, type(error).__name__, error)
            text = ""
        cv.text = text
        cv.text_extracted_at = timezone.now()
        cv.save(update_fields=["text", "text_extracted_at"])
        TalentProfile.objects.filter(current_cv_id=cv_id).update_search_vector()
    return True


@shared_task(ignore_result=True)
def extract_pending_cv_texts() -> int:
    """Every few minutes: extract the CVs whose task was lost (broker down at upload)."""
    from .models import CVDocument

    ids = list(
        CVDocument.objects.filter(text_extracted_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:CV_TEXT_SWEEP_BATCH]
    )
    return sum(1 for cv_id in ids if extract_cv_text(cv_id))


@shared_task(ignore_result=True)
def update_profile_search_vector(profile_id: int) -> int:
    """Recompute one profile's stored search vector (idempotent)."""
    from .models import TalentProfile

    return TalentProfile.objects.filter(pk=profile_id).update_search_vector()


def queue(task, *args) -> None:
    """Queue ``task(*args)`` once the transaction commits; with the broker down it is
    logged and left (``extract_pending_cv_texts`` sweeps CV texts; a profile's vector
    is recomputed at its next save)."""

    def send():
        try:
            task.apply_async(args, retry=False)
        except Exception:
            logger.exception("could not queue %s%r", task.name, args)

    transaction.on_commit(send, robust=True)


@shared_task(ignore_result=True)
def send_interview_reminders() -> int:
    """Hourly: remind the candidate and the interviewers of each interview starting
    within a day, once per interview (a rescheduled one is reminded again).
    Idempotent: a second run sends nothing more."""
    return actions.send_interview_reminders()


@shared_task(ignore_result=True)
def expire_offers() -> int:
    """Daily: every open offer whose expiry date has passed expires, recorded and
    notified. Idempotent: an expired offer is no longer open, a second run moves none."""
    return actions.expire_offers(today=timezone.localdate())


@shared_task(ignore_result=True)
def rebuild_recruitment_figures() -> int:
    """Hourly: recompute the tables behind /admin/analytics/ and /hub-in-numbers/
    (``talent.analytics.rebuild``). Idempotent: each run replaces the last."""
    from .analytics import rebuild

    return rebuild()


@shared_task(ignore_result=True)
def flag_duplicate_profiles() -> int:
    """Hourly: flag the pairs of profiles that may be one person. Idempotent: a pair is
    flagged once, and a dismissed pair is never flagged again."""
    return actions.flag_duplicate_profiles()
