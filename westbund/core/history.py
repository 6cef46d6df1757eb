"""One shape for every history and every lifecycle in the portal.

A history row (``Transition``) says who moved something, when, from which state to
which, in their own words (``reason``) and, when the portal itself had a reason, as a
code (``cause``) that each history names in its ``Cause`` choices and that is shown
translated: an English sentence is never stored. ``record_transition`` writes one.

A lifecycle (``Lifecycle``) is the model's ``TRANSITIONS``, a dict from each state to
the set of states it may move to, and ``can_move_to``; the model's actions are the only
place that moves a state, and they move it with ``move``, which checks the lifecycle,
saves the state and records the move in one step.

This module is the project library: it imports no domain app.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from westbund.core.fields import optional_user

STATE_MAX_LENGTH = 20
CAUSE_MAX_LENGTH = 30


class NoCause(models.TextChoices):
    """The causes of a history whose moves are all made by people."""


def state_fields(choices, *, max_length: int = STATE_MAX_LENGTH):
    """(from_state, to_state) with the lifecycle's choices; from is empty on a first row."""
    return (
        models.CharField(_("from"), max_length=max_length, choices=choices, blank=True),
        models.CharField(_("to"), max_length=max_length, choices=choices),
    )


def cause_field(causes: type[models.TextChoices]):
    """The ``cause`` column of a history, coded with its ``Cause`` choices."""
    return models.CharField(
        _("cause"), max_length=CAUSE_MAX_LENGTH, choices=causes.choices, blank=True
    )


def history_subject(model, verbose_name, *, related_name: str = "history"):
    """The foreign key of a history to its subject: the rows go with the subject."""
    return models.ForeignKey(
        model, on_delete=models.CASCADE, related_name=related_name, verbose_name=verbose_name
    )


class Transition(models.Model):
    """One move of a subject through its lifecycle: who, when, from, to, why.

    A concrete history names its subject's foreign key in ``subject_field`` (its
    related name is ``history``), overrides ``from_state``/``to_state`` with the
    lifecycle's choices (``state_fields``) and ``cause`` with its causes
    (``cause_field``), and indexes (subject, created_at).
    """

    subject_field: str = ""
    Cause: type[models.TextChoices] = NoCause

    actor = optional_user(_("by"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=STATE_MAX_LENGTH, blank=True)
    to_state = models.CharField(_("to"), max_length=STATE_MAX_LENGTH)
    # The words of the person who made the move (a rejection's reason, a note).
    reason = models.TextField(_("reason"), blank=True)
    # Why the portal made or marked the move: a code of the history's ``Cause``.
    cause = models.CharField(_("cause"), max_length=CAUSE_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        from_state = self.get_from_state_display() or "∅"
        return f"{getattr(self, self.subject_field)}: {from_state} → {self.get_to_state_display()}"

    @property
    def cause_label(self) -> str:
        """The cause in the reader's language ("" when there is none)."""
        if not self.cause:
            return ""
        return str(dict(self.Cause.choices).get(self.cause, self.cause))

    @property
    def why(self) -> str:
        """What a history page shows as the reason: the cause, translated, and the
        person's own words."""
        return " — ".join(part for part in (self.cause_label, self.reason) if part)


def record_transition(
    history_model: type[Transition],
    subject,
    *,
    actor,
    from_state: str,
    to_state: str,
    reason: str = "",
    cause: str = "",
    **extra,
) -> Transition:
    """Write one history row of ``subject`` (the move itself is the caller's, under its
    lock). ``cause`` must be one of the history's ``Cause`` codes; ``extra`` fills the
    history's own columns (an assigned officer, a kind of entry)."""
    if cause and cause not in history_model.Cause.values:
        raise ValueError(f"{history_model.__name__} has no cause {cause!r}")
    return history_model.objects.create(
        **{history_model.subject_field: subject},
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        cause=cause,
        **extra,
    )


class StateTest:
    """``subject.state_is.<state>``: whether the subject is in that state, for templates
    (which cannot compare against the model's choices). A name that is not one of the
    lifecycle's states is an error, not a silent False: a typo shows in the tests."""

    def __init__(self, subject):
        self._subject = subject

    def __getattr__(self, name: str) -> bool:
        subject = self._subject
        states = {
            value for value, _label in subject._meta.get_field(subject.state_field).flatchoices
        }
        if name not in states:
            # Not AttributeError: the template engine would read that as "no such
            # attribute" and render nothing.
            raise ValueError(f"{type(subject).__name__} has no state {name!r}")
        return subject.current_state == name


class Lifecycle:
    """``TRANSITIONS`` (state -> the set of states it may move to) and ``can_move_to``.

    A model names the field that holds its state in ``state_field``; a state missing
    from ``TRANSITIONS`` (or mapped to an empty set) is final.
    """

    TRANSITIONS: dict = {}
    state_field = "state"

    @property
    def current_state(self) -> str:
        return getattr(self, self.state_field)

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(self.current_state, ())

    @property
    def state_is(self) -> StateTest:
        return StateTest(self)

    def require_move_to(self, state: str, message, *, code: str) -> None:
        """Refuse a move the lifecycle does not allow, in the action's own words.

        ``message`` may name ``%(from)s`` and ``%(to)s``: the two states' labels in the
        reader's language."""
        if self.can_move_to(state):
            return
        field = self._meta.get_field(self.state_field)
        labels = dict(field.flatchoices)
        raise ValidationError(
            message,
            code=code,
            params={
                "from": labels.get(self.current_state, self.current_state),
                "to": labels.get(state, state),
            },
        )

    def move(
        self,
        to: str,
        *,
        by,
        history: type[Transition],
        refusal=None,
        code: str = "invalid_transition",
        reason: str = "",
        cause: str = "",
        changes: dict | None = None,
        at=None,
        correction: bool = False,
        **columns,
    ) -> Transition:
        """Move to ``to`` and record the move: the one way an action changes a state,
        under the row lock it holds.

        A move the lifecycle does not allow is refused with ``refusal`` (the action's
        words, as for ``require_move_to``); without one it is a programming error
        (``ValueError``), the action having refused it in its own words first.
        ``changes`` are the other fields the move sets (a time stamp, a decision), saved
        with the state; ``at`` is the move's time when the action stamped it already;
        ``columns`` fill the history's own columns. A ``correction`` puts back the state
        a move left: it goes against the lifecycle by design and is not checked."""
        if not correction:
            self._refuse_forbidden_move(to, refusal, code=code)
        from_state = self.current_state
        setattr(self, self.state_field, to)
        changes = changes or {}
        for field, value in changes.items():
            setattr(self, field, value)
        fields = [self.state_field, *changes]
        if any(field.name == "updated_at" for field in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)
        if at is not None:
            columns["created_at"] = at
        return record_transition(
            history,
            self,
            actor=by,
            from_state=from_state,
            to_state=to,
            reason=reason,
            cause=cause,
            **columns,
        )

    def _refuse_forbidden_move(self, to: str, refusal, *, code: str) -> None:
        if refusal is not None:
            self.require_move_to(to, refusal, code=code)
        elif not self.can_move_to(to):
            name, state = type(self).__name__, str(self.current_state)
            raise ValueError(f"{name} {self.pk}: {state!r} cannot move to {str(to)!r}")

    @classmethod
    def states_leading_to(cls, state: str) -> set:
        """The states from which ``state`` may be reached in one move."""
        return {source for source, targets in cls.TRANSITIONS.items() if state in targets}
