"""The Charter's rules added for the lifecycle and the lists, as plain functions (no database)."""

from __future__ import annotations

import datetime as dt

from pbms.people.rules import (
    age_on,
    birth_date_error,
    expulsion_error,
    latest_admission_with_probation_ended,
    latest_birth_date_for_age,
    name_part_error,
    party_body_error,
    party_body_seat_error,
    probation_end,
)

ONE_DAY = dt.timedelta(days=1)


def test_it_turns_an_age_into_one_birth_date_bound() -> None:
    for day in (dt.date(2026, 2, 28), dt.date(2028, 2, 29), dt.date(2026, 3, 1), dt.date(2025, 12, 31)):
        for age in range(14, 70):
            bound = latest_birth_date_for_age(age=age, day=day)
            assert age_on(bound, day) >= age > age_on(bound + ONE_DAY, day), (day, age)
    # born 29/02: 18 on 01/03 of a common year, not on 28/02
    assert latest_birth_date_for_age(age=18, day=dt.date(2026, 2, 28)) == dt.date(2008, 2, 28)
    assert latest_birth_date_for_age(age=18, day=dt.date(2028, 2, 29)) == dt.date(2010, 2, 28)


def test_it_inverts_the_end_of_probation() -> None:
    day = dt.date(2024, 1, 1)
    while day < dt.date(2026, 1, 1):
        bound = latest_admission_with_probation_ended(day)
        assert probation_end(bound) <= day < probation_end(bound + ONE_DAY), day
        day += ONE_DAY
    # 29/02/2024 + 12 months = 28/02/2025: that member is due on 28/02/2025
    assert latest_admission_with_probation_ended(dt.date(2025, 2, 28)) == dt.date(2024, 2, 29)


def test_it_refuses_implausible_birth_dates() -> None:
    day = dt.date(2026, 11, 23)
    assert birth_date_error(birth_date=dt.date(2012, 11, 23), day=day) is None  # 14 today
    assert birth_date_error(birth_date=dt.date(2012, 11, 24), day=day) is not None
    assert birth_date_error(birth_date=dt.date(1916, 11, 23), day=day) is None  # 110
    assert birth_date_error(birth_date=dt.date(1915, 11, 23), day=day) is not None


def test_it_expels_only_official_members() -> None:
    assert expulsion_error(official=True) is None
    assert "xóa tên" in (expulsion_error(official=False) or "")


def test_it_ends_party_delegations_on_1_july_2025() -> None:
    assert party_body_error(term_starts_on=dt.date(2020, 10, 1)) is None
    assert party_body_error(term_starts_on=dt.date(2025, 6, 30)) is None
    assert "01/7/2025" in (party_body_error(term_starts_on=dt.date(2025, 7, 1)) or "")
    assert party_body_seat_error(valid_from=dt.date(2025, 6, 30)) is None
    assert party_body_seat_error(valid_from=dt.date(2025, 7, 1)) is not None


def test_it_checks_name_parts() -> None:
    assert name_part_error("Nguyễn", label="Họ", required=True) is None
    assert name_part_error("Tôn Nữ", label="Họ", required=True) is None
    assert name_part_error("H'Hen", label="Tên", required=True, one_word=True) is None
    assert name_part_error("", label="Tên đệm", required=False) is None
    assert name_part_error("", label="Tên", required=True) == "Tên không được để trống."
    assert name_part_error("Minh Khai", label="Tên", required=True, one_word=True) is not None
    assert name_part_error("An2", label="Tên", required=True) is not None
