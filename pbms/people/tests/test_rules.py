from __future__ import annotations

import datetime as dt

from pbms.people.rules import (
    add_months,
    admission_age_error,
    age_on,
    cccd_error,
    party_file_no_error,
    probation_end,
    split_full_name,
)


def test_it_counts_the_birthday_itself() -> None:
    assert age_on(dt.date(1986, 11, 24), dt.date(2026, 11, 24)) == 40
    assert age_on(dt.date(1986, 11, 24), dt.date(2026, 11, 23)) == 39
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28)) == 17


def test_it_ends_probation_twelve_months_after_admission() -> None:
    assert probation_end(dt.date(2024, 3, 15)) == dt.date(2025, 3, 15)
    assert probation_end(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)


def test_it_refuses_admission_outside_18_to_60() -> None:
    assert admission_age_error(birth_date=dt.date(2006, 6, 2), decision_date=dt.date(2024, 6, 1)) is not None
    assert admission_age_error(birth_date=dt.date(2006, 6, 1), decision_date=dt.date(2024, 6, 1)) is None
    assert admission_age_error(birth_date=dt.date(1964, 6, 1), decision_date=dt.date(2024, 6, 1)) is None  # exactly 60
    assert "trên 60" in (admission_age_error(birth_date=dt.date(1960, 1, 1), decision_date=dt.date(2024, 6, 1)) or "")


def test_it_checks_identifiers() -> None:
    assert party_file_no_error("012345BN") is None
    assert party_file_no_error("012345 bn") is None
    assert party_file_no_error("12345BN") is not None
    assert cccd_error("001086012345") is None
    assert cccd_error("00108601234") is not None


def test_it_splits_vietnamese_names() -> None:
    assert split_full_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_full_name("  Lê   Lợi ") == ("Lê", "", "Lợi")
