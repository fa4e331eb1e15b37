"""Numbers written as words where a change's value stands: "from five documents to four", "to eight",
"instead of six", "twelve layers".

Agents and people write small counts in words as often as in figures. Only the places a value takes
in a change are read, so names that hold a number word (`one-cycle`, `leave-one-out`, `zero-pad`,
`two-stage`) and prose ("one more try") stay as written: a word joined to another by a hyphen is
never a value, and "one" and "zero" count only after "from", "to", "by", "instead of" or "rather than".
"""

from __future__ import annotations

import re

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_TEENS = ("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
VALUES = {word: n for n, word in enumerate(_UNITS + _TEENS)} | {word: 20 + 10 * i for i, word in enumerate(_TENS)}
VALUES["hundred"] = 100

_ANY = "|".join(sorted(VALUES, key=len, reverse=True))
_WORD = rf"(?<![\w-])(?:{_ANY})(?![\w-])"
# after "from", "to", "by", "instead of", "rather than": any number word
_AFTER_WORD = re.compile(rf"(?P<lead>\b(?:from|to|by|instead\s+of|rather\s+than)\s+)(?P<w>{_WORD})", re.I)
# before a plural noun ("four layers", "eight heads"): a count, except "one" and "zero", which take no plural
_COUNTING = re.compile(rf"(?P<w>{_WORD})(?=\s+[A-Za-z]{{2,}}(?<![sS])[sS]\b)", re.I)
_ANY_WORD = re.compile(_WORD, re.I)


def in_figures(text: str) -> str:
    """`text` with the number words that stand as a change's value written in figures."""
    if not _ANY_WORD.search(text):
        return text
    text = _AFTER_WORD.sub(lambda m: m["lead"] + str(VALUES[m["w"].lower()]), text)
    return _COUNTING.sub(lambda m: m["w"] if m["w"].lower() in ("one", "zero") else str(VALUES[m["w"].lower()]), text)
