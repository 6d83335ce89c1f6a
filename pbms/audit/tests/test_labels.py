"""Every action the code records has a Vietnamese name on the log's page (a drift test over the sources)."""

from __future__ import annotations

import re
from pathlib import Path

from pbms.audit.labels import ACTION_LABELS, action_label
from pbms.people.models import MembershipEvent

PBMS = Path(__file__).resolve().parents[2]
RECORDED = re.compile(r'action="([a-z_]+(?:\.[a-z_]+)+)"')


def test_it_names_every_action_the_code_records() -> None:
    codes = {
        code
        for path in PBMS.rglob("*.py")
        if "tests" not in path.parts
        for code in RECORDED.findall(path.read_text(encoding="utf-8"))
    }
    assert len(codes) > 50  # the scan found the calls
    # ``member.{kind}``: the ending events of membership_end
    codes |= {f"member.{kind}" for kind in MembershipEvent.ENDING}
    assert sorted(code for code in codes if action_label(code) == code) == []


def test_it_names_the_administration_site_s_actions_after_the_model() -> None:
    assert action_label("admin.change.criterion") == "Quản trị: sửa tiêu chí đánh giá"
    assert action_label("auth.login") == ACTION_LABELS["auth.login"] == "Đăng nhập"
    assert action_label("something.new") == "something.new"  # unknown codes are shown, not hidden
