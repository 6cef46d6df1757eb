"""Apply one action to each selected row and report the refusals one by one.

The admin's actions over selected rows and the workspace's bulk moves share it: each
row runs in its own savepoint, so a refused row is left exactly as it was (nothing
half-done) while the others go through; the caller shows ``done`` in one message and
each error with the row it concerns.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction


def error_text(error: Exception) -> str:
    """A refusal as one line in the reader's language."""
    return " ".join(str(message) for message in getattr(error, "messages", [str(error)]))


@dataclass
class BulkResult:
    done: list[Any] = field(default_factory=list)
    # (the row, why it was refused)
    errors: list[tuple[Any, str]] = field(default_factory=list)

    def error_lines(self, label: Callable[[Any], str] = str) -> list[str]:
        return [f"{label(item)}: {message}" for item, message in self.errors]


def apply_to_each(
    items: Iterable, function: Callable[[Any], Any], *, refusals=(ValidationError, PermissionDenied)
) -> BulkResult:
    """Call ``function(item)`` for each item, each in its own savepoint.

    ``refusals`` (a ``ValidationError`` or ``PermissionDenied`` by default) are caught
    and reported per row, after that row's writes are rolled back; anything else is a
    bug and propagates.
    """
    result = BulkResult()
    for item in items:
        try:
            with transaction.atomic():
                function(item)
        except refusals as error:
            result.errors.append((item, error_text(error)))
        else:
            result.done.append(item)
    return result
