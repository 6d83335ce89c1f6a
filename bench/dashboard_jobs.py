"""The whole tree's dashboard figures as parallel background jobs (``pbms.resolutions.jobs``), timed with 1
and 2 workers, against the same figures computed in one process and against the hand-written statement.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB DEBUG=0 SECRET_KEY=x \
        .venv/bin/python bench/dashboard_jobs.py [--parts 4] [--workers 1 --workers 2] [--day 2024-12-31]

For each worker count: ``--parts`` jobs are enqueued with the database backend (the task table of DB), then
that many ``manage.py db_worker --batch`` processes start, take the jobs and exit when none is left. Times:
``wall`` from the enqueue to the last worker's exit (worker start-up included), ``jobs`` from the first
job's start to the last job's end as the task table records them. The summed figures must equal the
statement's (totals of every target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

import django  # noqa: E402 - the task backend must be chosen before settings load

django.setup()

from dashboard import fmt, pick_org, sql_figures  # noqa: E402 - beside this script
from django.db import connection  # noqa: E402

from pbms.accounts.models import User  # noqa: E402
from pbms.resolutions.jobs import Counts, counts_sum, figures_partition_job, partition_counts  # noqa: E402
from pbms.resolutions.models import Resolution  # noqa: E402


def run_jobs(*, workers: int, parts: int, actor: User, resolution: Resolution, org_id: int, day: dt.date) -> Counts:
    started = time.perf_counter()
    results = [
        figures_partition_job.enqueue(
            user_id=actor.pk, resolution_id=resolution.pk, day=day.isoformat(), org_id=org_id, parts=parts, part=part
        )
        for part in range(parts)
    ]
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"]
    processes = [
        subprocess.Popen([*command, "--no-reload"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603 - our own command
        for _ in range(workers)
    ]
    for process in processes:
        process.wait(timeout=7200)
    wall = time.perf_counter() - started
    for result in results:
        result.refresh()
    assert all(r.is_finished for r in results), [r.status for r in results]
    starts = [r.started_at for r in results if r.started_at]
    ends = [r.finished_at for r in results if r.finished_at]
    span = (max(ends) - min(starts)).total_seconds()
    each = [(r.finished_at - r.started_at).total_seconds() for r in results if r.started_at and r.finished_at]
    print(
        f"   {workers} worker(s), {parts} jobs: wall {fmt(wall)}, jobs {fmt(span)} "
        f"(each: {', '.join(fmt(s) for s in each)})"
    )
    return counts_sum([r.return_value for r in results if r.return_value is not None])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date(2024, 12, 31))
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--workers", type=int, action="append")
    parser.add_argument("--scope", choices=("root", "largest-child"), default="root")
    parser.add_argument("--no-single", action="store_true", help="skip the one-process engine run")
    args = parser.parse_args()
    actor = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    assert actor is not None, "no administrator: load demo_province first"
    resolution = Resolution.objects.get(number="05-NQ/TU")
    org_id, name, size = pick_org(args.scope, args.day)
    print(f"database {connection.settings_dict['NAME']}: {name} (org {org_id}), {size:,} organisations")
    started = time.perf_counter()
    expected = sql_figures(org_id=org_id, day=args.day, period_start=resolution.period_start)
    print(f"   hand-written statement: {fmt(time.perf_counter() - started)}")
    totals = {number: list(total) for number, (total, _) in expected.items()}
    if not args.no_single:
        started = time.perf_counter()
        single = partition_counts(actor=actor, resolution=resolution, day=args.day, org_id=org_id, partition=None)
        print(f"   engine in this process, no partition: {fmt(time.perf_counter() - started)}")
        assert {n: [c["total"][0], c["total"][1]] for n, c in single.items()} == totals
    for workers in args.workers or [1, 2]:
        summed = run_jobs(
            workers=workers, parts=args.parts, actor=actor, resolution=resolution, org_id=org_id, day=args.day
        )
        ok = {n: c["total"] for n, c in summed.items()} == totals
        print(f"   sum of the {args.parts} partitions equals the statement: {ok}")


if __name__ == "__main__":
    main()
