"""Transaction-level advisory locks: serialising writers on something that is not one row (a quota group,
a pool of people counted together), so that "count, then write" cannot interleave between two
transactions.

``advisory_lock(*parts)`` hashes ``parts`` to a 64-bit key and takes ``pg_advisory_xact_lock`` on it: a
second transaction asking for the same key waits until the first commits or rolls back, then reads what
it wrote. The lock is re-entrant within a transaction and released at its end (never by hand). Callers
that take several keys take them in ``sorted`` order, so that two transactions never wait on each other.

SQLite serialises every writer on its file lock, so there the call does nothing. Users: the tree's
writes (``pbms.orgs.locking``) and the 20 % quota of a deciding body (``pbms.evaluations.services``).
"""

from __future__ import annotations

import hashlib

from django.db import connection


def advisory_key(*parts: object) -> int:
    """A signed 64-bit key for ``parts`` (stable across processes, unlike ``hash``)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def advisory_lock(*parts: object, shared: bool = False) -> None:
    """Wait for, then hold until the end of the current transaction, the lock named by ``parts``.

    ``shared`` takes it in shared mode: shared holders run side by side, an exclusive one waits for them
    all (and they for it)."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        # outside a transaction the lock would be released at once: a caller's mistake, never the user's
        raise RuntimeError("advisory_lock() must be called inside transaction.atomic()")
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [advisory_key(*parts)])
