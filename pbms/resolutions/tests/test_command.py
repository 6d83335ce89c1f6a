# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""``manage.py target_values``: values as an administrator sees them, JSON, Vietnamese refusals."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pbms.conftest import Personas, Tree
from pbms.resolutions.tests.test_engine import build, standing_cadres  # noqa: F401 - fixtures


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("target_values", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_values_as_json(people: Personas, tree: Tree, standing_cadres: None) -> None:
    document = json.loads(run("--resolution", "05-NQ/TU", "--date", "2024-12-31", "--org", "P", "--json"))
    targets = {t["number"]: t for t in document["targets"]}
    assert (targets["4"]["numerator"], targets["4"]["denominator"], targets["4"]["percent"]) == (2, 5, "40.00")
    assert targets["4"]["status"] == "đạt"
    assert {c["org_name"]: c["denominator"] for c in targets["4"]["breakdown"]} == {
        "Đảng bộ huyện Đông Sơn": 3,
        "Đảng bộ huyện Tây Hà": 2,
    }
    assert len(targets) == 12


def test_it_prints_the_whole_province_as_text(people: Personas, tree: Tree, standing_cadres: None) -> None:
    text = run("--resolution", "05-NQ/TU", "--date", "31/12/2025")
    assert text.startswith("Nghị quyết số 05-NQ/TU – Toàn bộ phạm vi – ngày 31/12/2025")
    assert "không còn cấp huyện" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--resolution", "99-NQ/TU", "--date", "2025-12-31"), "Không có nghị quyết số “99-NQ/TU”"),
        (("--resolution", "05-NQ/TU", "--date", "2025-02-30"), "Ngày “2025-02-30” không hợp lệ"),
        (("--resolution", "05-NQ/TU", "--date", "2025-12-31", "--org", "A"), "Không có tổ chức mã “A” vào ngày"),
        (("--resolution", "05-NQ/TU", "--date", "2025-12-31", "--org", "KHONGCO"), "Không có tổ chức mã “KHONGCO”"),
    ],
)
def test_it_refuses_an_unknown_resolution_organisation_or_date(tree: Tree, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
