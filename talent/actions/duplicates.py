"""Possible duplicate profiles: found, merged or dismissed."""

import itertools
import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.accounts import permissions

from ..models import DuplicatePair, DuplicatePairHistory, TalentProfile

# Gmail-style "+tags" make one mailbox look like many addresses.
_PLUS_TAG = re.compile(r"\+[^@]*@")


def _mailbox(address: str) -> str:
    return _PLUS_TAG.sub("@", address.strip().lower())


def _name(value: str) -> str:
    return " ".join(value.casefold().split())


def _groups_by_email() -> list[list[int]]:
    """Profiles whose accounts share a mailbox: the account's address or any address
    allauth holds for it, compared without case or "+tags"."""
    from allauth.account.models import EmailAddress

    by_mailbox = defaultdict(set)
    for profile_id, email in TalentProfile.objects.values_list("pk", "user__email").iterator():
        by_mailbox[_mailbox(email)].add(profile_id)
    profile_of = dict(TalentProfile.objects.values_list("user_id", "pk"))
    for user_id, email in EmailAddress.objects.values_list("user_id", "email").iterator():
        if user_id in profile_of:
            by_mailbox[_mailbox(email)].add(profile_of[user_id])
    return [sorted(ids) for ids in by_mailbox.values() if len(ids) > 1]


def _groups_by_phone() -> list[list[int]]:
    shared = (
        TalentProfile.objects.exclude(phone="")
        .order_by()
        .values("phone")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("phone")
    )
    groups = defaultdict(list)
    for profile_id, phone in (
        TalentProfile.objects.filter(phone__in=shared).values_list("pk", "phone").iterator()
    ):
        groups[str(phone)].append(profile_id)
    return [sorted(ids) for ids in groups.values()]


def _groups_by_name() -> list[list[int]]:
    """Same name (Latin or Chinese, without case or extra spaces), same university and
    same graduation year: profiles hold no birth year, the graduation year stands in.
    (One pass over the profiles with a university and a year: a beat task's work.)"""
    groups = defaultdict(set)
    rows = (
        TalentProfile.objects.exclude(graduation_year=None)
        .exclude(university_code="", university_other="")
        .values_list(
            "pk", "full_name", "name_zh", "graduation_year", "university_code", "university_other"
        )
    )
    for pk, full_name, name_zh, year, code, other in rows.iterator():
        university = code or _name(other)
        for script, name in (("latin", full_name), ("zh", name_zh)):
            if _name(name):
                groups[(script, _name(name), year, university)].add(pk)
    return [sorted(ids) for ids in groups.values() if len(ids) > 1]


@transaction.atomic
def flag_duplicate_profiles() -> int:
    """Flag every pair of profiles that share an e-mail, a phone number, or a name with
    the same university and graduation year. Idempotent: a pair is flagged once (an
    open pair gains what else they are found to share; a merged or dismissed one is
    left as decided). Returns the number of pairs newly flagged."""
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for match, groups in (
        (DuplicatePair.Match.EMAIL, _groups_by_email()),
        (DuplicatePair.Match.PHONE, _groups_by_phone()),
        (DuplicatePair.Match.NAME, _groups_by_name()),
    ):
        for ids in groups:
            for pair in itertools.combinations(ids, 2):
                found[pair].add(match)
    if not found:
        return 0
    order = list(DuplicatePair.Match.values)
    existing = {
        (pair.first_id, pair.second_id): pair
        for pair in DuplicatePair.objects.filter(
            first_id__in={first for first, _second in found}
        ).select_for_update()
    }
    flagged = 0
    for (first, second), matches in found.items():
        codes = sorted(matches, key=order.index)
        pair = existing.get((first, second))
        if pair is None:
            pair = DuplicatePair.objects.create(first_id=first, second_id=second, matches=codes)
            DuplicatePairHistory.objects.create(
                pair=pair,
                to_state=DuplicatePair.Status.OPEN,
                cause=DuplicatePairHistory.Cause.FLAGGED,
            )
            flagged += 1
        elif pair.status == DuplicatePair.Status.OPEN and set(pair.matches) != set(codes):
            pair.matches = sorted(set(pair.matches) | set(codes), key=order.index)
            pair.save(update_fields=["matches"])
    return flagged


def _decide(pair: DuplicatePair, *, to_state: str, by, reason: str, **decided) -> DuplicatePair:
    """Close ``pair`` as ``to_state`` with the officer's reason (recorded), setting the
    ``decided`` fields too."""
    permissions.require_officer(by, permissions.Area.DUPLICATES)
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if not pair.can_move_to(to_state):
        raise ValidationError(
            _("This possible duplicate was already decided (%(status)s).")
            % {"status": pair.get_status_display()},
            code="decided",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why."), code="reason_required")
    now = timezone.now()
    pair.move(
        to_state,
        by=by,
        history=DuplicatePairHistory,
        reason=reason,
        changes={"decided_at": now, **decided},
        at=now,
    )
    return pair


@transaction.atomic
def dismiss_duplicate(*, pair: DuplicatePair, by, reason: str) -> DuplicatePair:
    """Two different people after all: the pair is closed and never flagged again."""
    return _decide(pair, to_state=DuplicatePair.Status.DISMISSED, by=by, reason=reason)


@transaction.atomic
def merge_duplicate(*, pair: DuplicatePair, keep: TalentProfile, by, reason: str) -> DuplicatePair:
    """One person with two profiles: ``keep`` stays, the other is marked as its duplicate.

    Nothing moves between the two accounts. Each account is its own data subject, with
    its own consents, applications and CVs: moving them on a mistaken match would show
    one person's applications and CVs to another, and could not be undone. The profile
    marked as a duplicate is no longer counted among the hub's verified professionals;
    officers see the mark on both profiles and may ask the person to delete the other
    account.
    """
    if keep.pk not in (pair.first_id, pair.second_id):
        raise ValidationError(_("Keep one of the two profiles."), code="keep_unknown")
    return _decide(
        pair,
        to_state=DuplicatePair.Status.MERGED,
        by=by,
        reason=reason,
        kept_id=keep.pk,
        duplicate_id=pair.second_id if keep.pk == pair.first_id else pair.first_id,
    )
