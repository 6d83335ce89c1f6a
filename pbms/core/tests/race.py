"""Two users acting on the same thing at once, on two real database connections.

``race`` runs two callables in two threads (Django gives each thread its own connection) and makes
them *meet* inside the code under test: both threads stop at the first call of a chosen function
(``meet_at``, typically the point after a service has read and checked, before it writes) until the
other thread arrives too. Without serialisation both pass their checks before either writes: the
interleaving that corrupts data, reproduced every time rather than once in a hundred tries. With
serialisation (a row or advisory lock taken before the checks) the second thread waits on the lock
and never reaches the meeting point; the first one gives up waiting after ``patience`` seconds,
writes and commits, and the second then reads what the first wrote.

Only meaningful on PostgreSQL (SQLite serialises every writer on its file lock): tests using it are
marked ``postgres_only`` and ``django_db(transaction=True)`` so each thread's commit is visible to
the other.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.db import close_old_connections, connections


@dataclass
class Outcome:
    """What one side of the race got: a value or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def race(
    first: Callable[[], Any],
    second: Callable[[], Any],
    *,
    meet_at: tuple[object, str],
    patience: float = 2.0,
) -> tuple[Outcome, Outcome]:
    """Run ``first`` and ``second`` at once; each waits for the other at its first call of ``meet_at``.

    ``meet_at`` is ``(module_or_class, attribute)`` of a function the code under test calls between
    its checks and its writes. Returns both outcomes; exceptions are captured, never raised here.
    """
    owner, name = meet_at
    original = getattr(owner, name)
    barrier = threading.Barrier(2, timeout=patience)
    local = threading.local()

    def meeting(*args: Any, **kwargs: Any) -> Any:
        if not getattr(local, "met", False):
            local.met = True
            # a broken barrier: the other side is held by a lock (or finished), so go on alone
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return original(*args, **kwargs)

    outcomes = (Outcome(), Outcome())

    def run(fn: Callable[[], Any], outcome: Outcome) -> None:
        close_old_connections()
        try:
            outcome.value = fn()
        except BaseException as exc:  # reported to the test, which asserts on it
            outcome.error = exc
        finally:
            connections.close_all()

    with mock.patch.object(owner, name, meeting):
        threads = [
            threading.Thread(target=run, args=(fn, outcome), daemon=True)
            for fn, outcome in zip((first, second), outcomes, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        if any(thread.is_alive() for thread in threads):
            raise AssertionError("a side of the race did not finish within 60 s (deadlock?)")
    return outcomes
