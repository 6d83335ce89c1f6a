"""The decision board in a real browser: the cell's secretary enters the collective's comments (one row in
the row, with the months of sick leave, then one text for every row still awaiting one), proposes levels
for the whole cell, and the quota meter warns as soon as too many are excellent; the commune's office (the
deciding level) is refused without a reason, gives one, the results are locked, then announced. The cell's
own collective is self-assessed from its row, then commented and proposed like a member."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from pbms.accounts.models import Assignment, Role, Scope
from pbms.browser.conftest import BrowserWorld, login
from pbms.conftest import make_user
from pbms.evaluations import services
from pbms.evaluations.models import Level, RatedBody, Result, ResultState, SubjectGroup
from pbms.people.tests.conftest import make_member

# A 2024 round decided by district A's office: the write rule's "today" before 01/7/2025, when its scope
# still held (pbms/conftest.py before_restructuring; the live server runs in this process).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("before_restructuring")]
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chính", "Phạm Thị Dung", "Hoàng Văn Đức", "Vũ Thị Giang")
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
GOOD = "Hoàn thành tốt nhiệm vụ"


def test_it_comments_proposes_warns_over_the_quota_and_locks_the_decision(page: Page, world: BrowserWorld) -> None:
    tree = world.tree
    secretary = make_user("bithu_a1c1", "Hoàng Văn Em")
    Assignment.objects.create(user=secretary, org=tree.A1c1, role=Role.CELL_SECRETARY, scope=Scope.ENTER)
    decider = make_user("huyen_a", "Trần Văn Bình")
    Assignment.objects.create(user=decider, org=tree.A, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    cycle = services.cycle_open(actor=world.specialist, year=2024, population_on=dt.date(2024, 12, 1))
    for name in NAMES:
        member = make_member(world.specialist, tree.A1c1, name, dt.date(2020, 1, 1))
        services.result_open(actor=secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
    Result.objects.update(
        state=ResultState.SELF_ASSESSED, self_level=Level.GOOD, strengths="Hoàn thành tốt nhiệm vụ chuyên môn."
    )

    login(page, secretary.username)
    page.get_by_role("link", name="Đánh giá, xếp loại").first.click()
    page.get_by_role("link", name=cycle.name).click()
    page.get_by_role("link", name="Chi bộ thôn Một").click()
    expect(page.locator("h1")).to_contain_text("Chi bộ thôn Một")
    # nothing to propose before the collective's comments
    expect(page.locator("#board select.level")).to_have_count(0)
    page.get_by_role("button", name=f"Ghi nhận xét cho {NAMES[0]}").click()
    expect(page.locator("#board tr.editing")).to_contain_text("Hoàn thành tốt nhiệm vụ chuyên môn.")
    page.get_by_label(f"Nhận xét của tập thể về {NAMES[0]}").fill("Gương mẫu, nhiệt tình trong công tác.")
    page.get_by_label(f"Số tháng nghỉ ốm trong năm của {NAMES[0]}").fill("1,5")
    page.get_by_role("button", name="Lưu nhận xét").click()
    expect(page.locator("#board tr.editing")).to_have_count(0)
    expect(page.get_by_label(f"Mức của {NAMES[0]}")).to_be_visible()
    expect(page.locator("#board")).to_contain_text("Nghỉ ốm 1,5 tháng")
    # the menu the row brought with it moves the meter like any other
    page.get_by_label(f"Mức của {NAMES[0]}").select_option(label=EXCELLENT)
    expect(page.locator("#meters .quota-warning")).to_contain_text("vượt 1")
    page.get_by_label("Một nhận xét chung cho nhiều dòng").fill("Chi bộ thống nhất với bản tự kiểm điểm.")
    page.get_by_role("button", name="Ghi nhận xét cho mọi dòng chờ nhận xét trên trang").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận xét của tập thể cho 5")
    comments = dict(Result.objects.values_list("person__given_name", "comment"))
    assert comments["An"] == "Gương mẫu, nhiệt tình trong công tác."
    assert comments["Giang"] == "Chi bộ thống nhất với bản tự kiểm điểm."
    assert set(Result.objects.values_list("state", flat=True)) == {ResultState.COMMENTED}
    for name in NAMES[:4]:
        page.get_by_label(f"Mức của {name}").select_option(label=GOOD)
    expect(page.locator("#meters")).to_contain_text("Trong giới hạn")
    page.get_by_label(f"Mức của {NAMES[4]}").select_option(label=EXCELLENT)
    # four good allow no excellent (20 %, rounded down): the meter warns as soon as the level is chosen
    expect(page.locator("#meters .quota-warning")).to_contain_text("vượt 1")
    page.get_by_label(f"Mức của {NAMES[5]}").select_option(label=EXCELLENT)
    expect(page.locator("#meters .quota-warning")).to_contain_text("vượt 2")
    expect(page.get_by_role("button", name="Quyết định các mức đã chọn")).to_have_count(0)
    page.get_by_role("button", name="Đề xuất các mức đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã đề xuất mức xếp loại cho 6")
    assert Result.objects.filter(state=ResultState.PROPOSED).count() == 6
    page.get_by_role("button", name="Đăng xuất", exact=True).click()

    login(page, decider.username)
    page.goto(f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/")
    expect(page.locator("#meters .quota-warning")).to_contain_text("vượt 2")
    page.get_by_label("Ngày quyết định").fill("10/01/2025")
    page.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    page.get_by_role("button", name="Quyết định các mức đã chọn").click()
    expect(page.locator(".board-error")).to_contain_text("chưa lưu dòng nào")
    expect(page.locator(".board-error")).to_contain_text("Cấp quyết định phải ghi rõ lý do")
    assert not Result.objects.filter(state=ResultState.DECIDED).exists()

    page.get_by_label("Lý do giữ mức").fill("Hai đồng chí được Tỉnh ủy khen thưởng đột xuất")
    page.get_by_role("button", name="Quyết định các mức đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã quyết định và khóa kết quả của 6")
    expect(page.locator("#board tbody tr.locked")).to_have_count(6)
    expect(page.locator("#board select.level")).to_have_count(0)
    expect(page.locator("#meters .quota-warning")).to_have_count(0)
    expect(page.locator("#meters")).to_contain_text("đã quyết định có ghi lý do")
    decided = dict(Result.objects.values_list("person__given_name", "decided_level"))
    assert decided["Đức"] == decided["Giang"] == Level.EXCELLENT
    assert set(Result.objects.values_list("state", flat=True)) == {ResultState.DECIDED}

    page.get_by_label("Ngày thông báo").fill("15/01/2025")
    page.get_by_role("button", name="Thông báo mọi kết quả đã quyết định trên trang").click()
    expect(page.locator(".messages")).to_contain_text("Đã thông báo kết quả của 6")
    expect(page.locator("#board")).to_contain_text("Đã thông báo ngày 15/01/2025")
    assert set(Result.objects.values_list("state", flat=True)) == {ResultState.ANNOUNCED}


def test_the_secretary_self_assesses_the_cell_s_collective_from_its_row(page: Page, world: BrowserWorld) -> None:
    tree = world.tree
    secretary = make_user("bithu_a1c1", "Hoàng Văn Em")
    Assignment.objects.create(user=secretary, org=tree.A1c1, role=Role.CELL_SECRETARY, scope=Scope.ENTER)
    cycle = services.cycle_open(actor=world.specialist, year=2024, population_on=dt.date(2024, 12, 1))
    cell = services.result_open(
        actor=secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )

    login(page, secretary.username)
    page.goto(f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/")
    expect(page.locator(f"#row-{cell.pk}")).to_contain_text("Chưa tự đánh giá")
    page.get_by_role("link", name="Tự đánh giá của tập thể").click()
    expect(page.locator("h1")).to_contain_text("tự đánh giá, xếp loại của tập thể")
    page.get_by_label("Ưu điểm").fill("Lãnh đạo hoàn thành các chỉ tiêu của thôn.")
    page.get_by_role("textbox", name="Hạn chế, khuyết điểm:", exact=True).fill("Sinh hoạt chuyên đề còn ít.")
    page.get_by_label("Tự nhận mức xếp loại").select_option(label=GOOD)
    page.get_by_role("button", name="Ghi bản tự đánh giá của tập thể").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi bản tự đánh giá của Chi bộ thôn Một.")
    expect(page.locator(f"#row-{cell.pk}")).to_contain_text("Đã tự đánh giá")
    page.get_by_role("button", name="Ghi nhận xét cho Chi bộ thôn Một").click()
    expect(page.locator("#board tr.editing")).to_contain_text("Sinh hoạt chuyên đề còn ít.")
    page.get_by_label("Nhận xét của tập thể về Chi bộ thôn Một").fill("Thống nhất với báo cáo kiểm điểm.")
    page.get_by_role("button", name="Lưu nhận xét").click()
    page.get_by_label("Mức của Chi bộ thôn Một").select_option(label=GOOD)
    page.get_by_role("button", name="Đề xuất các mức đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã đề xuất mức xếp loại cho 1")
    row = Result.objects.get(pk=cell.pk)
    assert (row.state, row.self_level, row.proposed_level) == (ResultState.PROPOSED, Level.GOOD, Level.GOOD)
