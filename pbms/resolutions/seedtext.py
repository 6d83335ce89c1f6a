"""Reading a resolution's text (as the seeds hold it: one line per printed line, blank lines between)
into numbered sections ("I.", "2.", "2.1.") and, for tasks, paragraphs. Pure functions, no database:
the data migration uses them, and so can an import of the next resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN = re.compile(r"^\s*([IVX]+)\.\s+(\S.*)$")
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s+(\S.*)$")
SIGNATURE = re.compile(r"^\s*(Nơi nhận|Nghị quyết này phổ biến)")
TITLE_MAX = 200


@dataclass
class ParsedSection:
    number: str  # "II.1.5"
    depth: int  # 1 for "II.", 2 for "II.1.", …
    heading: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    children: list[ParsedSection] = field(default_factory=list)

    def add(self, line: str) -> None:
        """A heading runs on while the printed lines continue its phrase (start in lower case)."""
        words = line.split()
        if not words:
            return
        if not self.lines and words[0][:1].islower():
            self.heading.append(line)
        else:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    @property
    def full_heading(self) -> str:
        return " ".join(" ".join(self.heading).split())

    @property
    def title(self) -> str:
        return shorten(self.full_heading)

    @property
    def body(self) -> str:
        """The text under the heading; a heading too long for a title is kept whole in front of it."""
        if self.title == self.full_heading:
            return self.text
        return "\n".join(part for part in (self.full_heading, self.text) if part)


def join_lines(lines: list[str]) -> str:
    """Printed lines joined into paragraphs: a line opens a paragraph when it starts with a dash or a
    star, or when the previous one ended a sentence and it starts with a capital letter."""
    paragraphs: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        opens = line[:1] in "-*+" or (
            bool(paragraphs) and paragraphs[-1].endswith((".", ":", ";")) and line[:1].isupper()
        )
        if opens or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return "\n".join(paragraphs)


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    text = text.strip(" -*")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def parse_sections(text: str) -> tuple[str, list[ParsedSection]]:
    """The preamble (before "I.") and the tree of numbered sections."""
    preamble: list[str] = []
    tops: list[ParsedSection] = []
    stack: list[ParsedSection] = []
    for line in text.splitlines():
        if SIGNATURE.match(line):  # "Nơi nhận:" and the signature block are not the resolution's content
            break
        roman = ROMAN.match(line)
        numbered = NUMBERED.match(line) if tops else None
        if roman:
            section = ParsedSection(number=roman.group(1), depth=1, heading=[roman.group(2)])
            tops.append(section)
            stack = [section]
            continue
        if numbered:
            parts = numbered.group(1).split(".")
            depth = len(parts) + 1
            if depth <= len(stack) + 1:
                stack = stack[: depth - 1]
                section = ParsedSection(
                    number=f"{stack[0].number}.{numbered.group(1)}", depth=depth, heading=[numbered.group(2)]
                )
                stack[-1].children.append(section)
                stack.append(section)
                continue
        if stack:
            stack[-1].add(line)
        else:
            preamble.append(line)
    return join_lines(preamble), tops


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]
