"""Reading an uploaded workbook: what kind of file it is, then every sheet streamed with openpyxl's
read-only mode, each cell converted by its column's kind and checked by the rules that need no
database beyond the code lists. Nothing here writes; ``apply`` resolves keys against the register.

Decisions (docs/workbook.md):
- a cell holding a formula is refused, not read through its cached value: the cached value may be
  missing (files written by programs) or stale, and the import must store what the user typed;
- a sheet is read until a run of ``EMPTY_RUN`` empty rows (formatting that reaches row 1,048,576
  costs nothing), and at most ``max_rows`` rows;
- dates are real Excel dates, or text dd/mm/yyyy (yyyy-mm-dd is read too); a number in a date
  column is refused rather than guessed at;
- memory is bounded before and while reading: ``check_file`` reads the zip's directory (never a member)
  and refuses a file whose members, or whose shared strings (openpyxl loads them whole, about three
  times their XML size), pass the caps; at most ``max_errors`` errors are kept per sheet, the rest only
  counted ("và N lỗi khác"), and a sheet past its cap keeps no more rows (the file is refused anyway).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from openpyxl import load_workbook

from pbms.lib.dates import parse_date
from pbms.lib.text import fold, nfc, vi_number
from pbms.people import rules
from pbms.people.workbook.spec import (
    FIRST_RATING_YEAR,
    HEADER_SEARCH_ROWS,
    ORG_RATINGS,
    ORGS,
    PEOPLE,
    PERSON_RATINGS,
    POSITIONS,
    QUALIFICATIONS,
    SEATS,
    SHEETS,
    TRAININGS,
    YES,
    CodeLists,
    Column,
    Kind,
    Sheet,
)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED = 600 * 1024 * 1024
DEFAULT_MAX_ROWS = 300_000
DEFAULT_MAX_MEMBER = 300 * 1024 * 1024  # one member (a sheet) uncompressed: sheets are streamed
DEFAULT_MAX_SHARED_STRINGS = 60 * 1024 * 1024  # xl/sharedStrings.xml uncompressed: loaded whole by openpyxl
DEFAULT_MAX_ERRORS = 1_000  # errors listed per sheet
SHARED_STRINGS = "xl/sharedStrings.xml"
EMPTY_RUN = 1_000  # this many empty rows in a row end a sheet
HEADER_SCAN_COLUMNS = 60

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
Value = str | dt.date | bool | int | tuple[str, ...] | None


def max_bytes() -> int:
    """The largest file accepted (setting ``PEOPLE_IMPORT_MAX_BYTES``, default 20 MB)."""
    return int(getattr(settings, "PEOPLE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_errors() -> int:
    """Errors listed per sheet (setting ``PEOPLE_IMPORT_MAX_ERRORS``, default 1,000); the rest are counted."""
    return int(getattr(settings, "PEOPLE_IMPORT_MAX_ERRORS", DEFAULT_MAX_ERRORS))


def _mb(size: float) -> str:
    return f"{size / 1_048_576:.0f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


@dataclass(frozen=True)
class Issue:
    """One problem: where it is (sheet, Excel row, column header), the value found, and why, in Vietnamese."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = self.sheet or "Tệp"
        if self.row is not None:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột “{self.column}”"
        value = f" [giá trị: {self.value}]" if self.value else ""
        return f"{where}: {self.message}{value}"


class FileRefusedError(Exception):
    """The file as a whole cannot be read (not an xlsx, encrypted, corrupt, too large)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    """One data row, its values converted; ``number`` is the Excel row number."""

    sheet: Sheet
    number: int
    values: dict[str, Value]
    cells: dict[str, Any]  # the cells' values as read, shown in error messages

    def shown(self, key: str) -> str:
        return display(self.cells.get(key))

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def date(self, key: str) -> dt.date | None:
        value = self.values.get(key)
        return value if isinstance(value, dt.date) else None

    def flag(self, key: str) -> bool | None:
        value = self.values.get(key)
        return value if isinstance(value, bool) else None

    def number_value(self, key: str) -> int | None:
        value = self.values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def codes(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key)
        return value if isinstance(value, tuple) else ()

    def person_key(self) -> tuple[str, str]:
        """("file", số lý lịch) or ("cccd", số CCCD): how this row names its person."""
        if self.text("party_file_no"):
            return ("file", self.text("party_file_no"))
        return ("cccd", self.text("cccd"))


@dataclass
class ParsedWorkbook:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    cap: int = field(default_factory=max_errors)
    listed: Counter[str] = field(default_factory=Counter)  # errors kept, by sheet title
    unlisted: Counter[str] = field(default_factory=Counter)  # errors past the cap, only counted

    def add(self, issue: Issue) -> None:
        """Keep the first ``cap`` errors of a sheet: a junk file's million errors are counted, not kept."""
        if self.listed[issue.sheet] < self.cap:
            self.listed[issue.sheet] += 1
            self.errors.append(issue)
        else:
            self.unlisted[issue.sheet] += 1

    def full(self, sheet: Sheet) -> bool:
        return self.unlisted[sheet.title] > 0

    def error(self, row: Row | None, sheet: Sheet, column: str, message: str) -> None:
        header = sheet.column(column).header if column else ""
        value = row.shown(column) if row is not None else ""
        self.add(Issue(sheet.title, row.number if row else None, header, value, message))

    def close(self) -> None:
        """After the last check: one line per sheet that had more errors than were listed."""
        for title, count in self.unlisted.items():
            self.errors.append(
                Issue(
                    title,
                    None,
                    "",
                    "",
                    f"… và {vi_number(count)} lỗi khác trên trang này không được liệt kê (chỉ liệt kê "
                    f"{vi_number(self.cap)} lỗi đầu tiên của mỗi trang): sửa các lỗi trên rồi tải lên lại.",
                )
            )


# --- the file itself ------------------------------------------------------------------------------


def check_file(path: Path, *, limit: int | None = None) -> None:
    """Refuse, with the reason, a file that is not an xlsx workbook we can open."""
    limit = limit if limit is not None else max_bytes()
    size = path.stat().st_size
    if size == 0:
        raise FileRefusedError("Tệp rỗng.")
    if size > limit:
        raise FileRefusedError(f"Tệp nặng {size / 1_048_576:.1f} MB, vượt giới hạn {limit / 1_048_576:.0f} MB.")
    with path.open("rb") as handle:
        head = handle.read(8)
        if head == OLE2_SIGNATURE:
            handle.seek(0)
            content = handle.read()
            if "EncryptionInfo".encode("utf-16-le") in content:
                raise FileRefusedError(
                    "Tệp được đặt mật khẩu (mã hóa). Hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi tải lên."
                )
            raise FileRefusedError("Đây là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx.")
    if head[:4] != ZIP_SIGNATURE:
        raise FileRefusedError("Tệp không phải bảng tính Excel (.xlsx).")
    try:
        with zipfile.ZipFile(path) as archive:  # the central directory only: no member is inflated here
            members = archive.infolist()
            names = {info.filename for info in members}
            uncompressed = sum(info.file_size for info in members)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefusedError("Tệp .xlsx bị hỏng (không giải nén được).") from exc
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise FileRefusedError("Đây là tệp Word (.docx), không phải bảng tính Excel (.xlsx).")
        raise FileRefusedError("Tệp không phải bảng tính Excel (.xlsx).")
    cap = int(getattr(settings, "PEOPLE_IMPORT_MAX_UNCOMPRESSED", DEFAULT_MAX_UNCOMPRESSED))
    if uncompressed > cap:
        raise FileRefusedError(f"Tệp giải nén ra hơn {cap / 1_048_576:.0f} MB: quá lớn để nhập.")
    # Caps on single members, read from the directory before openpyxl opens anything. The shared strings
    # are loaded whole (262 MB of them took 862 MB of memory); sheets are streamed, but one huge sheet is
    # a junk file all the same.
    strings_cap = int(getattr(settings, "PEOPLE_IMPORT_MAX_SHARED_STRINGS", DEFAULT_MAX_SHARED_STRINGS))
    member_cap = int(getattr(settings, "PEOPLE_IMPORT_MAX_MEMBER", DEFAULT_MAX_MEMBER))
    for info in members:
        if info.filename == SHARED_STRINGS and info.file_size > strings_cap:
            raise FileRefusedError(
                f"Bảng chuỗi của tệp (xl/sharedStrings.xml) giải nén ra {_mb(info.file_size)}, vượt giới hạn "
                f"{_mb(strings_cap)}: tệp có quá nhiều chữ để nhập một lần. Hãy chia thành nhiều tệp."
            )
        if info.file_size > member_cap:
            raise FileRefusedError(
                f"Phần “{info.filename}” của tệp giải nén ra {_mb(info.file_size)}, vượt giới hạn "
                f"{_mb(member_cap)} cho một trang: hãy chia thành nhiều tệp."
            )


# --- cells ----------------------------------------------------------------------------------------


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, bool):
        return YES if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


class _CellError(Exception):
    pass


def _convert(column: Column, value: Any, lists: CodeLists) -> Value:
    """The cell's value as the column's kind, or ``_CellError`` with the reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise _CellError(f"Thiếu {column.header.lower()}.")
        return None
    if column.kind == Kind.DATE:
        return _convert_date(value)
    if column.kind == Kind.YEAR:
        text = _as_text(value)
        if not text.isdigit():
            raise _CellError("Năm phải là số (ví dụ 2023).")
        year = int(text)
        if not FIRST_RATING_YEAR <= year <= dt.date.today().year:  # noqa: DTZ011 - a calendar year
            raise _CellError(f"Năm phải từ {FIRST_RATING_YEAR} đến năm nay.")
        return year
    if column.kind == Kind.BOOL:
        assert column.choices is not None
        if isinstance(value, bool):
            return value
        resolved = lists.resolve(column.choices, _as_text(value))
        if resolved is None:
            raise _CellError("Chỉ ghi “Có” hoặc “Không”.")
        return resolved == YES
    if column.kind == Kind.CODE:
        assert column.choices is not None
        return _resolve_code(column, value, lists)
    if column.kind == Kind.CODES:
        assert column.choices is not None
        found: list[str] = []
        for part in _as_text(value).split(";"):
            if part.strip():
                code = _resolve_code(column, part.strip(), lists)
                if code not in found:
                    found.append(code)
        return tuple(found)
    text = _as_text(value)
    if column.max_length is not None and len(text) > column.max_length:
        raise _CellError(f"Dài quá {column.max_length} ký tự.")
    return text


def _resolve_code(column: Column, value: Any, lists: CodeLists) -> str:
    assert column.choices is not None
    text = _as_text(value)
    resolved = lists.resolve(column.choices, text)
    if resolved is None and text.isdigit():
        # "01" typed into a cell formatted as a number arrives as 1.
        resolved = lists.resolve(column.choices, text.zfill(2))
    if resolved is None:
        raise _CellError(f"Không có trong danh mục “{column.header}” (xem trang Danh mục).")
    return resolved


def _convert_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            raise _CellError("Không phải ngày có thật, hoặc không đúng dạng dd/mm/yyyy.")
        day = parsed
    elif isinstance(value, int | float):
        raise _CellError("Ô chứa số, không phải ngày: nhập ngày dạng dd/mm/yyyy hoặc định dạng ô là ngày.")
    else:
        raise _CellError("Không đọc được ngày: nhập dạng dd/mm/yyyy.")
    if not 1900 <= day.year <= 2100:
        raise _CellError("Năm của ngày phải trong khoảng 1900–2100.")
    return day


# --- sheets ---------------------------------------------------------------------------------------


def _find_sheet(workbook: Any, sheet: Sheet) -> Any:
    wanted = fold(sheet.title).replace(" ", "")
    for name in workbook.sheetnames:
        if fold(name).replace(" ", "") == wanted:
            return workbook[name]
    return None


def _header(ws: Any, sheet: Sheet) -> tuple[int, dict[str, int], list[str]] | None:
    """(header row number, column key -> 0-based index, unknown headers) from the first rows."""
    by_header = {fold(c.header): c.key for c in sheet.columns}
    best: tuple[int, dict[str, int], list[str]] | None = None
    for number, cells in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=HEADER_SCAN_COLUMNS), 1):
        found: dict[str, int] = {}
        unknown: list[str] = []
        for index, cell in enumerate(cells):
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            key = by_header.get(fold(cell.value))
            if key is not None and key not in found:
                found[key] = index
            else:
                unknown.append(cell.value.strip())
        if found and (best is None or len(found) > len(best[1])):
            best = (number, found, unknown)
    return best


def _data_rows(ws: Any, first: int, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, cells) of the non-empty rows, until a run of ``EMPTY_RUN`` empty rows."""
    empty = 0
    for number, cells in enumerate(ws.iter_rows(min_row=first, max_col=width), start=first):
        if not cells or all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells):
            empty += 1
            if empty >= EMPTY_RUN:
                return
            continue
        empty = 0
        yield number, cells


RowsProgress = Callable[[int, int | None], None]  # (rows read so far, rows declared by the file or None)
PROGRESS_EVERY = 2000


def parse_workbook(
    path: Path,
    *,
    lists: CodeLists,
    today: dt.date,
    max_rows: int | None = None,
    progress: RowsProgress | None = None,
) -> ParsedWorkbook:
    """Read and check every sheet; ``FileRefusedError`` when the file as a whole cannot be read."""
    check_file(path)
    max_rows = max_rows or int(getattr(settings, "PEOPLE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))
    try:
        workbook = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise FileRefusedError("Không mở được tệp .xlsx (tệp hỏng hoặc không đúng định dạng).") from exc
    parsed = ParsedWorkbook()
    declared = 0
    for sheet in SHEETS:
        ws = _find_sheet(workbook, sheet)
        declared += (ws.max_row or 0) if ws is not None else 0  # the file's own <dimension>, if any
    counter = _Counter(progress, declared or None)
    try:
        for sheet in SHEETS:
            parsed.rows[sheet.key] = _read_sheet(workbook, sheet, lists, parsed, max_rows, counter)
    except FileRefusedError:
        raise
    except Exception as exc:  # a CRC error or broken XML half-way through the stream
        raise FileRefusedError("Tệp .xlsx bị hỏng: không đọc hết được dữ liệu.") from exc
    finally:
        workbook.close()
    _check_rows(parsed, lists=lists, today=today)
    parsed.close()
    return parsed


class _Counter:
    def __init__(self, progress: RowsProgress | None, declared: int | None) -> None:
        self.progress, self.declared, self.rows = progress, declared, 0

    def tick(self) -> None:
        self.rows += 1
        if self.progress is not None and self.rows % PROGRESS_EVERY == 0:
            self.progress(self.rows, self.declared)


def _read_sheet(
    workbook: Any, sheet: Sheet, lists: CodeLists, parsed: ParsedWorkbook, max_rows: int, counter: _Counter
) -> list[Row]:
    ws = _find_sheet(workbook, sheet)
    if ws is None:
        parsed.add(Issue(sheet.title, None, "", "", f"Thiếu trang “{sheet.title}” (dùng đúng tệp mẫu)."))
        return []
    ws.reset_dimensions()  # the declared size may be wrong or huge; read what is there
    found = _header(ws, sheet)
    if found is None:
        parsed.add(Issue(sheet.title, None, "", "", "Không thấy dòng tên cột (dùng đúng tệp mẫu)."))
        return []
    header_row, positions, unknown = found
    missing = [c for c in sheet.columns if c.key not in positions]
    for column in missing:
        parsed.add(Issue(sheet.title, header_row, column.header, "", f"Thiếu cột “{column.header}”."))
    for name in unknown:
        parsed.warnings.append(Issue(sheet.title, header_row, name, "", "Cột không có trong mẫu: bỏ qua."))
    if missing:
        return []
    width = max(positions.values()) + 1
    rows: list[Row] = []
    for number, cells in _data_rows(ws, header_row + 1, width):
        if len(rows) >= max_rows:
            parsed.add(Issue(sheet.title, number, "", "", f"Trang có hơn {max_rows:,} dòng: chia thành nhiều tệp."))
            break
        counter.tick()
        values: dict[str, Value] = {}
        originals: dict[str, Any] = {}
        for column in sheet.columns:
            index = positions[column.key]
            cell = cells[index] if index < len(cells) else None
            value = cell.value if cell is not None else None
            originals[column.key] = value
            if cell is not None and cell.data_type == "f":
                parsed.add(
                    Issue(
                        sheet.title,
                        number,
                        column.header,
                        display(value),
                        "Ô chứa công thức: hãy dán giá trị (Paste Special → Values) thay cho công thức.",
                    )
                )
                continue
            if column.key == "cccd" and isinstance(value, int | float) and 10 <= len(display(value)) <= 11:
                # a CCCD typed into a number cell loses its leading zeros (province codes 001–096)
                value = display(value).zfill(12)
            try:
                values[column.key] = _convert(column, value, lists)
            except _CellError as exc:
                parsed.add(Issue(sheet.title, number, column.header, display(value), str(exc)))
        if not parsed.full(sheet):  # past the cap the file is refused anyway: count its errors, keep no rows
            rows.append(Row(sheet, number, values, originals))
    return rows


# --- rules within the file ------------------------------------------------------------------------


def _check_rows(parsed: ParsedWorkbook, *, lists: CodeLists, today: dt.date) -> None:
    _check_orgs(parsed)
    _check_people(parsed, today=today)
    _check_person_keys(parsed)
    for row in parsed.rows.get(QUALIFICATIONS.key, []):
        kind, level = row.text("kind"), row.text("level")
        if kind and level and level not in lists.levels.get(kind, {}):
            parsed.error(row, QUALIFICATIONS, "level", f"Mã trình độ “{level}” không thuộc loại trình độ đã chọn.")
    for row in parsed.rows.get(POSITIONS.key, []):
        _interval(parsed, row, POSITIONS, "valid_from", "valid_to")
    for row in parsed.rows.get(SEATS.key, []):
        _interval(parsed, row, SEATS, "term_start", "term_end")
        _interval(parsed, row, SEATS, "valid_from", "valid_to")
        start, end, seat = row.date("term_start"), row.date("term_end"), row.date("valid_from")
        if start and seat and (seat < start or (end is not None and seat > end)):
            parsed.error(row, SEATS, "valid_from", "Ngày bắt đầu giữ chức danh nằm ngoài nhiệm kỳ.")
        if start and row.text("body_kind") in ("party_delegation", "party_affairs"):
            message = rules.party_body_error(term_starts_on=start)
            if message:
                parsed.error(row, SEATS, "body_kind", message)
    for row in parsed.rows.get(TRAININGS.key, []):
        starts, ends = row.date("starts_on"), row.date("ends_on")
        if starts and ends and ends < starts:
            parsed.error(row, TRAININGS, "ends_on", "Ngày kết thúc lớp trước ngày bắt đầu.")
    _duplicates(
        parsed, ORG_RATINGS, lambda r: (r.text("org"), r.number_value("year"), r.text("subject"), r.text("body_name"))
    )
    _duplicates(parsed, PERSON_RATINGS, lambda r: (*r.person_key(), r.number_value("year")))
    for sheet in (ORG_RATINGS, PERSON_RATINGS):
        for row in parsed.rows.get(sheet.key, []):
            year, decided = row.number_value("year"), row.date("decided_on")
            if year is None or decided is None:
                continue
            if decided.year < year:
                parsed.error(row, sheet, "decided_on", f"Ngày quyết định trước năm được xếp loại ({year}).")
            elif message := rules.not_after_error(day=decided, limit=today, what="Ngày quyết định"):
                parsed.error(row, sheet, "decided_on", message)


def _interval(parsed: ParsedWorkbook, row: Row, sheet: Sheet, start: str, end: str) -> None:
    first, last = row.date(start), row.date(end)
    if first is not None:
        message = rules.interval_error(valid_from=first, valid_to=last)
        if message:
            parsed.error(row, sheet, end, message)


def _duplicates(parsed: ParsedWorkbook, sheet: Sheet, key: Any, column: str = "") -> None:
    seen: dict[Any, int] = {}
    for row in parsed.rows.get(sheet.key, []):
        value = key(row)
        if value is None or (isinstance(value, tuple) and not all(part not in ("", None) for part in value)):
            continue
        if value in seen:
            parsed.error(row, sheet, column, f"Trùng với dòng {seen[value]} của cùng trang.")
        else:
            seen[value] = row.number


def _check_orgs(parsed: ParsedWorkbook) -> None:
    for row in parsed.rows.get(ORGS.key, []):
        for key in ("code", "parent"):
            code = row.text(key).upper()
            if code and " " in code:
                parsed.error(row, ORGS, key, "Mã tổ chức không được có dấu cách.")
            row.values[key] = code or None
        if row.text("code") and row.text("code") == row.text("parent"):
            parsed.error(row, ORGS, "parent", "Tổ chức không thể là cấp trên của chính nó.")
    _duplicates(parsed, ORGS, lambda r: r.text("code") or None, "code")


def _normalise_ids(row: Row, sheet: Sheet, parsed: ParsedWorkbook) -> None:
    cccd = row.text("cccd")
    if cccd:
        message = rules.cccd_error(cccd)
        if message:
            parsed.error(row, sheet, "cccd", message)
    file_no = row.text("party_file_no")
    if file_no:
        row.values["party_file_no"] = rules.normalise_party_file_no(file_no)
        message = rules.party_file_no_error(file_no)
        if message:
            parsed.error(row, sheet, "party_file_no", message)
    if not file_no and not cccd:
        parsed.error(row, sheet, "party_file_no", "Phải có số lý lịch hoặc số CCCD để xác định người.")


def _check_people(parsed: ParsedWorkbook, *, today: dt.date) -> None:
    sheet = PEOPLE
    for row in parsed.rows.get(sheet.key, []):
        _normalise_ids(row, sheet, parsed)
        for key, label, one_word in (
            ("family_name", "Họ", True),
            ("middle_name", "Tên đệm", False),
            ("given_name", "Tên", True),
        ):
            message = rules.name_part_error(row.text(key), label=label, required=False, one_word=one_word)
            if message:
                parsed.error(row, sheet, key, message)
        birth = row.date("birth_date")
        if birth is not None:
            message = rules.birth_date_error(birth_date=birth, day=today)
            if message:
                parsed.error(row, sheet, "birth_date", message)
        row.values["cell"] = row.text("cell").upper() or None
        admitted, official = row.date("admitted_on"), row.date("official_on")
        member_data = [k for k in ("party_file_no", "card_no", "official_on", "cell", "cell_from") if row.values.get(k)]
        if admitted is None:
            if member_data:
                parsed.error(row, sheet, "admitted_on", "Có thông tin đảng viên nhưng thiếu ngày vào Đảng.")
            continue
        message = rules.not_after_error(day=admitted, limit=today, what="Ngày vào Đảng")
        if message:
            parsed.error(row, sheet, "admitted_on", message)
        if birth is not None:
            message = rules.admission_age_error(birth_date=birth, decision_date=admitted)
            if message:
                parsed.error(row, sheet, "admitted_on", message)
        if official is not None:
            message = rules.official_date_error(admitted_on=admitted, official_on=official) or rules.not_after_error(
                day=official, limit=today, what="Ngày chính thức"
            )
            if message:
                parsed.error(row, sheet, "official_on", message)
        cell_from = row.date("cell_from")
        if cell_from is not None:
            if cell_from < admitted:
                parsed.error(row, sheet, "cell_from", "Ngày bắt đầu sinh hoạt tại chi bộ trước ngày vào Đảng.")
            message = rules.not_after_error(day=cell_from, limit=today, what="Ngày bắt đầu sinh hoạt")
            if message:
                parsed.error(row, sheet, "cell_from", message)
    _duplicates(parsed, sheet, lambda r: r.text("party_file_no") or None, "party_file_no")
    _duplicates(parsed, sheet, lambda r: r.text("cccd") or None, "cccd")


def _check_person_keys(parsed: ParsedWorkbook) -> None:
    for sheet in (QUALIFICATIONS, POSITIONS, SEATS, TRAININGS, PERSON_RATINGS):
        for row in parsed.rows.get(sheet.key, []):
            _normalise_ids(row, sheet, parsed)
            for key in ("org",):
                if key in row.values and row.text(key):
                    row.values[key] = row.text(key).upper()
    for row in parsed.rows.get(ORG_RATINGS.key, []):
        row.values["org"] = row.text("org").upper()
