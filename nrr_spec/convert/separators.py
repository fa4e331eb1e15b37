"""How a table's cells and its numbers are separated: tabs, commas or semicolons, and the decimal mark.

A spreadsheet saved where the comma is the decimal mark writes `2,51` and separates cells by `;`.
"""

from __future__ import annotations

import re


def sniff_delimiter(sample: list[str]) -> str:
    tabs = sum(line.count("\t") for line in sample)
    if tabs >= len(sample):
        return "\t"
    if _separated_by_semicolons(sample):
        return ";"
    commas = sum(line.count(",") for line in sample)
    return "," if commas >= len(sample) else ("\t" if tabs else ",")


def _separated_by_semicolons(sample: list[str]) -> bool:
    """A spreadsheet saved in a locale whose decimal mark is the comma separates cells by `;`.

    Its first line holds more semicolons than commas, and nearly every line holds as many as the first.
    """
    if not sample:
        return False
    first = sample[0].count(";")
    if first == 0 or first <= sample[0].count(","):
        return False
    return sum(line.count(";") >= first for line in sample) * 5 >= len(sample) * 4


_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+%?$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d*\.\d+(?:[eE][-+]?\d+)?%?$")
_COMMA_BETWEEN_DIGITS = re.compile(r"(?<=\d),(?=\d)")


def writes_decimal_commas(rows: list[list[str]]) -> bool:
    """Whether a log's numbers are written `2,51` (a comma for the decimal mark), never `2.51`."""
    cells = [cell.strip() for cells in rows for cell in cells]
    commas = sum(bool(_DECIMAL_COMMA.match(cell)) for cell in cells)
    return commas > 0 and not any(_DECIMAL_POINT.match(cell) for cell in cells)


def with_decimal_points(cells: list[str]) -> list[str]:
    """The cells with each comma between two digits read as a decimal mark, in numbers and in words alike."""
    return [_COMMA_BETWEEN_DIGITS.sub(".", cell) if "," in cell else cell for cell in cells]


ESCAPED_TAB = "\\t"  # the two characters a shell's `echo` writes for a tab it was not told to interpret


def escaped_tab_cells(line: str, width: int | None) -> list[str] | None:
    """The cells of a line whose tabs were written as the two characters `\\t`, or None.

    A loop that writes its row with `echo "...\\t..."` (no `-e`) leaves the escape in the file: the
    line has no tab at all, and the escape stands where each tab should. Read so when the line holds
    no real tab and the escape splits it into at least three cells and no more than the header names
    (a Windows path such as `C:\\temp` in a cell of a tab-separated row never qualifies: that row has
    its tabs).
    """
    if "\t" in line or line.count(ESCAPED_TAB) < 2:
        return None
    cells = line.split(ESCAPED_TAB)
    return cells if width is None or len(cells) <= width else None
