"""Vietnamese names of the audit log's actions: the log stores a stable code ("evaluations.result_decide"),
the page, its filter and its Excel file show what happened ("Quyết định xếp loại"). A code without a name
(an action added later) is shown as it is, so nothing is hidden."""

from __future__ import annotations

import functools

from django.apps import apps

ACTION_LABELS: dict[str, str] = {
    "audit.export": "Xuất nhật ký",
    "auth.api_token_create": "Tạo khóa API",
    "auth.api_token_revoke": "Thu hồi khóa API",
    "auth.login": "Đăng nhập",
    "auth.logout_everywhere": "Đăng xuất mọi nơi",
    "auth.otp_enrolled": "Đăng ký xác thực hai lớp",
    "auth.otp_verified": "Xác thực hai lớp",
    "auth.password_change": "Đổi mật khẩu",
    "body.create": "Lập cấp ủy, ủy ban kiểm tra, đảng đoàn",
    "body_seat.add": "Bầu, chỉ định vào cấp ủy",
    "body_seat.end": "Thôi giữ chức trong cấp ủy",
    "demo.load": "Nạp dữ liệu mẫu",
    "demo.ratings": "Nạp kết quả xếp loại mẫu",
    "evaluations.board_export": "Xuất bảng xếp loại (Excel)",
    "evaluations.board_report": "Xuất thông báo kết quả xếp loại (Word)",
    "evaluations.cycle_close": "Kết thúc đợt đánh giá",
    "evaluations.cycle_open": "Mở đợt đánh giá",
    "evaluations.cycle_populate": "Lập danh sách đánh giá",
    "evaluations.discipline_record": "Ghi kỷ luật",
    "evaluations.result_announce": "Thông báo kết quả xếp loại",
    "evaluations.result_announce_bulk": "Thông báo kết quả xếp loại (cả bảng)",
    "evaluations.result_comment": "Nhận xét của tập thể",
    "evaluations.result_decide": "Quyết định xếp loại",
    "evaluations.result_decide_bulk": "Quyết định xếp loại (cả bảng)",
    "evaluations.result_import": "Nhập kết quả xếp loại cũ",
    "evaluations.result_open": "Mở phiếu đánh giá",
    "evaluations.result_propose": "Đề xuất mức xếp loại",
    "evaluations.result_reopen": "Mở lại kết quả xếp loại",
    "evaluations.result_self_assess": "Tự đánh giá, xếp loại",
    "evaluations.ruleset_copy": "Sao bộ quy tắc xếp loại",
    "evaluations.suspension_record": "Ghi đình chỉ sinh hoạt đảng",
    "member.admit": "Kết nạp đảng viên",
    "member.recognize": "Công nhận đảng viên chính thức",
    "member.transfer": "Chuyển sinh hoạt đảng",
    "member.exempt": "Miễn công tác và sinh hoạt đảng",
    "member.exemption_end": "Thôi miễn công tác và sinh hoạt đảng",
    "member.readmit": "Kết nạp lại",
    "member.move_out": "Chuyển sinh hoạt đảng ra ngoài tỉnh",
    "member.move_in": "Nhận sinh hoạt đảng từ ngoài tỉnh",
    "member.struck_off": "Xóa tên",
    "member.expelled": "Khai trừ",
    "member.withdrew": "Xin ra khỏi Đảng",
    "member.died": "Từ trần",
    "org.bulk_load": "Nạp cây tổ chức",
    "org.create": "Thành lập tổ chức đảng",
    "org.dissolve": "Giải thể tổ chức đảng",
    "org.merge": "Hợp nhất, sáp nhập tổ chức đảng",
    "org.move": "Điều chuyển tổ chức đảng",
    "org.rename": "Đổi tên tổ chức đảng",
    "org.split": "Chia tách tổ chức đảng",
    "people.bulk_load": "Nạp hồ sơ hàng loạt",
    "people.import": "Nhập hồ sơ từ Excel",
    "people.import_lost": "Nhập tệp Excel bị gián đoạn",
    "people.party_posts_to_seats": "Chuyển chức danh bí thư, phó bí thư ghi là chức vụ thành ghế cấp ủy",
    "person.create": "Thêm hồ sơ",
    "person.export": "Xuất danh sách cán bộ, đảng viên",
    "person.link_user": "Gắn tài khoản với hồ sơ",
    "person.update": "Sửa hồ sơ",
    "person.view": "Xem hồ sơ",
    "position.end": "Thôi giữ chức vụ",
    "position.start": "Bổ nhiệm chức vụ",
    "qualification.add": "Thêm trình độ",
    "resolution.create": "Tạo nghị quyết",
    "resolution.export": "Xuất kết quả nghị quyết (Excel)",
    "resolution.members.export": "Xuất danh sách của một chỉ tiêu",
    "resolution.members.view": "Xem danh sách của một chỉ tiêu",
    "resolution.report": "Lập báo cáo nghị quyết (Word)",
    "resolution.report.download": "Tải báo cáo nghị quyết",
    "section.add": "Thêm phần của nghị quyết",
    "target.create": "Tạo chỉ tiêu",
    "target.update": "Sửa chỉ tiêu",
    "task.add": "Thêm nhiệm vụ",
    "task.update_progress": "Báo cáo tiến độ nhiệm vụ",
    "term.create": "Lập nhiệm kỳ",
    "training.add": "Thêm bồi dưỡng",
    "training.merge_duplicate": "Gộp bồi dưỡng trùng (khi nâng cấp)",
}

_ADMIN_VERBS = {"add": "thêm", "change": "sửa", "delete": "xóa"}


@functools.cache  # a page or an export of the log asks the same few codes again and again
def action_label(code: str) -> str:
    """The action's Vietnamese name; the administration site's "admin.<verb>.<model>" as "Quản trị: sửa
    <the model's name>"; any other code as it is."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    parts = code.split(".")
    if len(parts) == 3 and parts[0] == "admin" and parts[1] in _ADMIN_VERBS:
        name = parts[2]
        for model in apps.get_models():
            if model._meta.model_name == parts[2]:
                name = str(model._meta.verbose_name)
                break
        return f"Quản trị: {_ADMIN_VERBS[parts[1]]} {name}"
    return code


# The Vietnamese names of the keys services record in an event's changes (the administration site's changes
# are named by the model's own verbose_name, pbms.audit.changes.field_label). A key without a name is shown
# as it is; the drift test in pbms/audit/tests/test_changes.py lists the keys the code records.
FIELD_LABELS: dict[str, str] = {
    "deciders_changed": "Số kết quả chuyển sang cấp quyết định theo bộ quy tắc",
    "posts_ended": "Chức vụ, ghế cấp ủy kết thúc cùng ngày",
    "results": "Số kết quả",
    "active": "Đang áp dụng",
    "admitted_on": "Ngày kết nạp",
    "after": "Sau",
    "announced_on": "Ngày thông báo",
    "background": "Chạy nền",
    "before": "Trước",
    "birth_date": "Ngày sinh",
    "body": "Cơ quan lãnh đạo",
    "by": "Người đổi",
    "by_year": "Theo năm",
    "cadence": "Chu kỳ",
    "categories": "Diện quản lý",
    "category": "Loại bồi dưỡng",
    "cccd": "Số CCCD",
    "cell": "Chi bộ",
    "children_moved": "Số tổ chức trực thuộc chuyển sang",
    "collectives": "Số tập thể",
    "comparator": "Phép so sánh",
    "completed": "Đã hoàn thành",
    "copied_from": "Sao từ",
    "count": "Số dòng",
    "date": "Ngày hiệu lực",
    "day": "Ngày số liệu",
    "deadline": "Thời hạn",
    "decided_level": "Mức xếp loại quyết định",
    "decided_on": "Ngày quyết định",
    "decision_ref": "Số quyết định",
    "definition": "Cách tính",
    "ended_on": "Ngày chấm dứt",
    "ends_on": "Ngày kết thúc",
    "ethnicity": "Dân tộc",
    "events": "Sự kiện",
    "events_by_kind": "Sự kiện theo loại",
    "exempt_from": "Miễn từ ngày",
    "family_name": "Họ",
    "fields": "Trường đã sửa",
    "filters": "Bộ lọc",
    "form": "Hình thức",
    "format": "Định dạng",
    "gender": "Giới tính",
    "given_name": "Tên",
    "is_head": "Người đứng đầu",
    "kept": "Giữ tổ chức cũ",
    "kind": "Loại",
    "level": "Mức",
    "member_list": "Danh sách đảng viên",
    "members": "Số đảng viên",
    "members_moved": "Số đảng viên chuyển sang",
    "middle_name": "Tên đệm",
    "name": "Tên",
    "not_ranked": "Không xếp loại",
    "number": "Số hiệu",
    "obtained_on": "Ngày cấp bằng",
    "official_on": "Ngày chính thức",
    "opened": "Số phiếu mở",
    "org": "Tổ chức",
    "org_kinds": "Loại tổ chức",
    "organizations": "Số tổ chức",
    "parent": "Tổ chức cấp trên",
    "part": "Phần",
    "parts": "Các tổ chức mới",
    "party_file_no": "Số thẻ/hồ sơ đảng viên",
    "period": "Giai đoạn",
    "permissions": "Quyền",
    "person": "Cán bộ, đảng viên",
    "place_of_origin": "Quê quán",
    "placements": "Số bản ghi vị trí",
    "progress": "Tiến độ (%)",
    "proposed_level": "Mức đề xuất",
    "quota_reason": "Lý do vượt tỷ lệ",
    "quota_warning": "Cảnh báo tỷ lệ",
    "rating_kind": "Loại xếp loại",
    "reason": "Lý do",
    "religion": "Tôn giáo",
    "resolution": "Nghị quyết",
    "role": "Chức danh",
    "ruleset": "Bộ quy tắc",
    "section": "Phần nghị quyết",
    "seed": "Hạt giống ngẫu nhiên",
    "self_detected": "Tự phát hiện, khắc phục",
    "size": "Quy mô",
    "source": "Nguồn",
    "sources": "Các tổ chức hợp nhất",
    "starts_on": "Ngày bắt đầu",
    "state": "Tình trạng",
    "status": "Tình trạng",
    "term": "Nhiệm kỳ",
    "threshold": "Ngưỡng",
    "title": "Chức vụ",
    "token": "Mã công việc",
    "unit": "Đơn vị",
    "user": "Tài khoản",
    "valid_from": "Từ ngày",
    "valid_to": "Đến ngày",
    "via": "Qua",
    "year": "Năm",
}

# Keys whose value is an id: shown by the name of what it points to (kind: org, person, user, body, term,
# section), looked up once per kind for a whole page. "org" also holds names in older services: text is
# shown as it is.
REFERENCE_FIELDS: dict[str, str] = {
    "body": "body",
    "org": "org",
    "person": "person",
    "người": "person",
    "người tải lên": "user",
    "section": "section",
    "term": "term",
    "unit": "org",
}

# Keys whose value is a code (or a list of codes): shown by its name. "kind", "org_kinds": an organisation's
# kind (org.*, the kinds a cycle rates; looked up once per page) or a leading body's; "parent": an
# organisation's code (org.create); "role", "gender": choices; "part": the part of a target's list that was
# read or exported (tử số, mẫu số); the levels: a rating level; "rating_kind": as a member or as a cadre;
# "state": a rating result's (membership services record the state's Vietnamese name, shown as it is);
# "status": a resolution task's. A code without a name is shown as it is.
CODE_FIELDS: dict[str, str] = {
    "kind": "kind",
    "org_kinds": "kind",
    "parent": "org_code",
    "role": "body_role",
    "gender": "gender",
    "part": "target_part",
    "decided_level": "rating_level",
    "proposed_level": "rating_level",
    "rating_kind": "rating_kind",
    "state": "result_state",
    "status": "task_status",
}

# Keys whose two-item list is a list, not a before/after pair.
LIST_FIELDS: frozenset[str] = frozenset({"sources", "parts", "permissions", "org_kinds", "fields"})
