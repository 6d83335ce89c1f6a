"""Computed figures kept until a write that could change them: ``figures_cached`` wraps the engine's
functions (``target_value``, ``target_breakdown``).

A figure is kept under a key made of:

* the data version (``pbms.core.dataversion``), which changes after every committed write to the tree, the
  register, ratings, resolutions or grants: a key of an older version is simply never asked again;
* the actor's scope signature: whether they see everything, or the organisations their grants that open
  the register are on (what ``accounts.selectors.visible_placements`` reads). Two actors with the same
  grants share figures; two with different grants never do. Kept per (version, user) so a warm view
  costs no query for it;
* the function, the target (its id and a digest of its definition, threshold and comparator, so an
  unsaved edit never meets a saved figure), and every other argument (date, organisation, partition).

A warm view costs one query (the version, read once per request) plus cache reads. The store is the cache
alias ``figures`` when settings define it, else a local-memory cache of this process: with several worker
processes each warms its own, which is correct because the version is read from the database.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache

from pbms.accounts.models import Assignment, Permission
from pbms.accounts.selectors import Actor, actor_is_admin, roles_with
from pbms.core.dataversion import version_for_cache
from pbms.resolutions.models import Target

P = ParamSpec("P")
R = TypeVar("R")

# An hour bounds what a lost bump (the database gone between a commit and its bump) could leave behind.
TIMEOUT = 3600
_local_store = LocMemCache("pbms-figures", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": 20000}})


def figures_store() -> BaseCache:
    return caches["figures"] if "figures" in settings.CACHES else _local_store


def scope_signature(*, actor: Actor, version: str) -> str:
    """What the actor's visible tree depends on, apart from the date: "admin", "none", or the ids of the
    organisations of their register-reading grants ("o:3,17")."""
    if actor_is_admin(actor):
        return "admin"
    if not (actor.is_authenticated and actor.is_active):
        return "none"
    store = figures_store()
    key = f"scope:{version}:{actor.pk}"
    signature = store.get(key)
    if signature is None:
        orgs = (
            Assignment.objects.filter(user_id=actor.pk, role__in=roles_with(Permission.REGISTER_READ))
            .values_list("org_id", flat=True)
            .distinct()
            .order_by("org_id")
        )
        signature = "o:" + ",".join(str(org) for org in orgs)
        store.set(key, signature, TIMEOUT)
    return str(signature)


def _target_digest(target: Target) -> str:
    text = json.dumps(
        [target.pk, target.definition, str(target.threshold), target.comparator, target.resolution_id],
        sort_keys=True,
        default=str,
    )
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def figures_key(*, name: str, version: str, scope: str, target: Target, arguments: dict[str, Any]) -> str:
    rest = json.dumps(sorted((k, repr(v)) for k, v in arguments.items()))
    digest = hashlib.blake2b(f"{scope}|{rest}".encode(), digest_size=16).hexdigest()
    return f"fig:{name}:{version}:{_target_digest(target)}:{digest}"


def figures_cached(func: Callable[P, R]) -> Callable[P, R]:
    """Keep ``func``'s result (keyword arguments ``actor``, ``target`` and any others) under the key above.
    Computed without the cache while the connection holds an uncommitted write, or for an unsaved target."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        target = kwargs.get("target")
        if args or not isinstance(target, Target) or target.pk is None or actor is None:
            return func(*args, **kwargs)
        version = version_for_cache()
        if version is None:
            return func(*args, **kwargs)
        arguments = {k: v for k, v in kwargs.items() if k not in ("actor", "target") and v is not None}
        scope = scope_signature(actor=actor, version=version)  # type: ignore[arg-type]
        key = figures_key(name=func.__qualname__, version=version, scope=scope, target=target, arguments=arguments)
        store = figures_store()
        found = store.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        result = func(*args, **kwargs)
        store.set(key, result, TIMEOUT)
        return result

    return wrapper


def figures_cached_many(
    *,
    name: str,
    actor: Actor,
    targets: Sequence[Target],
    arguments: dict[str, Any],
    compute: Callable[[list[Target]], dict[int, R]],
) -> dict[int, R]:
    """``figures_cached`` for several saved targets at once, by target id: the ones kept are read in one
    cache call, the others computed together by ``compute`` (one statement) and each kept under the key the
    single call ``name(actor=…, target=…, **arguments)`` would use, so the two ways share their figures."""
    version = version_for_cache()
    if version is None or not targets:
        # No targets (a programme of tasks only): nothing to read or keep, but ``compute`` still checks the
        # organisation asked is in the actor's scope; skipping it answered 200 for any ?org=.
        return compute(list(targets))
    arguments = {k: v for k, v in arguments.items() if v is not None}  # as the single call omits a default
    scope = scope_signature(actor=actor, version=version)
    keys = {
        target.pk: figures_key(name=name, version=version, scope=scope, target=target, arguments=arguments)
        for target in targets
    }
    store = figures_store()
    found = store.get_many(list(keys.values()))
    result = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [target for target in targets if target.pk not in result]
    if missing:
        computed = compute(missing)
        store.set_many({keys[pk]: value for pk, value in computed.items()}, TIMEOUT)
        result.update(computed)
    return result
