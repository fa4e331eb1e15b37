"""Names written in Chinese, Japanese or Korean script: the family name comes first.

"李 小龍", "山田 太郎", "김 민수" are written family name first, so the last-word-is-the-family-name
reading of `nrr_spec.names.parse_name` turns them round. CFF, CSL-JSON and BibTeX all want the parts
as they are (family-names 李, given-names 小龍); a CSL processor then prints them family first, without
the space, as these names are written. A name in these scripts without a space ("李小龍") is not
split: nobody can tell from the characters where the family name ends, so it is cited as written.
"""

from __future__ import annotations

import re

from ..names import NameParts, parse_name

# Han ideographs (with extensions and compatibility forms), kana, and Hangul jamo and syllables.
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f]+"
)


def is_family_first(name: str) -> bool:
    """Whether every word of `name` is written in Chinese, Japanese or Korean script."""
    words = name.split()
    return bool(words) and all(_CJK.fullmatch(word) for word in words)


def family_first_parts(name: str) -> NameParts | None:
    """The parts of a name in CJK script, family name first; None for a name in any other script.

    Two words read one way only (family, given); more could hide a two-word family name, so they are
    read the conventional way (the first word is the family name) but not as certain.
    """
    display = " ".join(name.split())
    if not is_family_first(display):
        return None
    words = display.split(" ")
    if len(words) < 2:
        return NameParts(display, entity="person", certain=True)
    return NameParts(display, " ".join(words[1:]), words[0], entity="person", certain=len(words) == 2)


def read_name(name: str, *, person: bool = False) -> NameParts:
    """`parse_name`, with names in CJK script read family name first."""
    return family_first_parts(name) or parse_name(name, person=person)
