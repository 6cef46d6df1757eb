"""The personal pieces of every signed-in page's frame, cached per user with exact
invalidation: the navbar's workspace links and its unread count.

Each was a query on every signed-in page. A piece is kept under the user's id and a
version of that piece for that user (``time.time_ns``, as talent/counts.py does per
enterprise); whatever changes what the piece shows calls ``changed``, which bumps the
version once the transaction commits. Bumping before the commit would let another
request read the old rows under the new version and keep them; after it, the
worst is a request running alongside the write that shows the old piece once.

Inside a transaction a piece is read from the database and not kept: it may show the
transaction's own uncommitted writes, which no other request may be served (and a
rollback would not bump). No view runs in a transaction (ATOMIC_REQUESTS is off), so
pages are not affected; tests outside ``transaction=True`` always read the database.

With Redis unreachable every piece is a miss (redis_cache.py) and is read from the
database. A bump Redis did not take is remembered in this process and stored once it
answers again; in other processes the entry it leaves behind expires after
``FRAME_SECONDS``.
"""

import threading
import time

from django.core.cache import cache
from django.db import transaction

FRAME_SECONDS = 300
# A version outlives its pieces; one that expired (or was evicted) only means a miss,
# and the keys of people who no longer visit go away.
VERSION_SECONDS = 24 * 3600

# (piece, user id) bumps Redis did not take.
_lost_bumps: set[tuple[str, int]] = set()
_lost_lock = threading.Lock()


def _version_key(piece: str, user_id) -> str:
    return f"frame:{piece}-version:{user_id}"


def _store_version(piece: str, user_id) -> bool:
    # False only from the fail-soft Redis backend, when Redis did not take the write.
    return cache.set(_version_key(piece, user_id), time.time_ns(), VERSION_SECONDS) is not False


def _bump(piece: str, user_ids) -> None:
    for user_id in user_ids:
        if not _store_version(piece, user_id):
            with _lost_lock:
                _lost_bumps.add((piece, user_id))


def _store_lost_bumps() -> None:
    with _lost_lock:
        lost = list(_lost_bumps)
    for piece, user_id in lost:
        if not _store_version(piece, user_id):
            return
        with _lost_lock:
            _lost_bumps.discard((piece, user_id))


def changed(piece: str, *user_ids) -> None:
    """What ``piece`` shows ``user_ids`` changes with the current transaction."""
    user_ids = {user_id for user_id in user_ids if user_id}
    if user_ids:
        # Outside a transaction this runs at once.
        transaction.on_commit(lambda: _bump(piece, user_ids), robust=True)


def piece(name: str, user_id, compute):
    """``compute()`` (plain data: it is pickled), kept for ``user_id`` until changed."""
    if transaction.get_connection().in_atomic_block:
        return compute()
    if _lost_bumps:
        _store_lost_bumps()
    version = cache.get_or_set(_version_key(name, user_id), time.time_ns, VERSION_SECONDS)
    key = f"frame:{name}:{user_id}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAME_SECONDS)
    return value


def versions(user_id, *names) -> tuple:
    """The current versions of ``user_id``'s pieces ``names``: a page kept whole for the
    user (westbund/core/kept.py) names them, so that it changes with its frame."""
    if _lost_bumps:
        _store_lost_bumps()
    keys = [_version_key(name, user_id) for name in names]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    if missing:
        # As ``piece`` does: the first version of a piece is made by whoever asks first.
        for key, version in missing.items():
            cache.add(key, version, VERSION_SECONDS)
        found.update(cache.get_many(list(missing)))
    # A version Redis could not give (it is down) is a fresh one: nothing is kept.
    return tuple(found.get(key) or time.time_ns() for key in keys)
