"""Serialisation of writes to the organisation tree (docs/security.md, "Ghi đồng thời").

The tree's services (``pbms.orgs.services``) take the lock exclusively; the register's services that place
someone in an organisation take it shared (``pbms.people.services``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import IntegrityError

from pbms.core.locks import advisory_lock
from pbms.lib.exceptions import ApplicationError

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# Name of the advisory lock that serialises writes to the organisation tree (pbms.core.locks).
TREE_LOCK = "orgs.tree"
CONCURRENT_CHANGE = (
    "Không ghi được: cây tổ chức vừa được thay đổi bởi một thao tác khác cùng lúc, và thay đổi này sẽ làm "
    "sai lệch cây (một tổ chức ở hai nơi, hoặc hai khoảng hiệu lực chồng lên nhau). "
    "Hãy tải lại trang, kiểm tra tình trạng hiện tại rồi thử lại."
)


def org_lock_for_write(*, shared: bool = False) -> None:
    """Serialise writes to the tree: call first thing in the transaction, before reading what is checked.

    One advisory lock for the whole tree rather than row locks on the organisations touched and their
    ancestors: every ancestor chain ends at the province, so locking ancestors would queue every tree
    write on the root's row anyway, at the price of reading paths before locking them (stale under a
    concurrent move), of a lock order to avoid deadlocks, and of locking whole subtrees for a move.
    Tree changes are rare decisions of a committee and take milliseconds, so one queue costs nothing.
    The lock is held until the transaction ends; each statement after it (READ COMMITTED) sees what
    the previous holder committed, so the checks that follow re-read the tree as it now stands.

    ``shared`` is for writes that place people in an organisation (a member's cell, a post, a seat):
    they may run side by side, but not while the tree changes, so a cell cannot be dissolved or merged
    between the moment a transfer checks it and the moment the transfer commits.

    SQLite allows one writer at a time on the whole file, so there is nothing to take there.
    """
    advisory_lock(TREE_LOCK, shared=shared)


def refuse_conflicts(service: Callable[P, R]) -> Callable[P, R]:
    """A database constraint on the tree that refuses the write of ``service`` (a second open placement,
    overlapping intervals) becomes a Vietnamese ApplicationError instead of a server error. Under the
    lock it should not happen; the constraints are the last line. Put above ``@transaction.atomic``, so
    the transaction (or its savepoint) is already rolled back when the error is turned into a message."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except IntegrityError as exc:
            logger.warning("tree write %s refused by the database: %s", service.__name__, exc)
            raise ApplicationError(CONCURRENT_CHANGE) from exc

    return wrapper
