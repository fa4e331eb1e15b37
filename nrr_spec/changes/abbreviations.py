"""Abbreviations read from the user's own words: `fa` is `flash_attention` in a log that says "flash attention".

A fixed list of abbreviations fits the logs it was written for; the next lab abbreviates its own
names. So a parameter written as a bare abbreviation (two to four letters that the vocabulary does
not know: `fa`, `ve`, `ubs`) is resolved against names the same source spells out, by their
initials: a parameter the same log or records folder names (`n_perts` for `np`), or a phrase of
the log's text ("flash attention load-bearing" holds flash attention). A phrase of text counts when
the taxonomy places its last word, the noun it names (attention, embeddings), so "for all" never
explains `fa` and "momentum accel features" does not explain `MA`. Two different spelled-out names
with the same initials explain nothing: the abbreviation stays as written.

A name that shortens each word of a parameter the rows name in full (`n_est`, `n_estimators`) is
that parameter: one thing, named one way in the log's records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .categories import Parsed, category_of_parameter, renamed
from .names import PARAMETER_SYNONYMS, normalise_parameter

_ABBREVIATION = re.compile(r"[a-z]{2,4}")
_WORD = re.compile(r"[A-Za-z][a-z]{2,}")  # a spelled-out word: three letters or more, not an acronym
# Words that start phrases without naming anything ("the", "with", "from").
_NOT_NAMES = frozenset(
    str.split(
        "the and for with from into onto than then this that these those all any each every more less "
        "was were are has had have not but off use used using try tried vs per via after before "
        "add adds added remove removed drop increase decrease reduce raise lower set enable disable switch "
        "replace double halve bigger smaller larger higher extra new old same"
    )
)
_AMBIGUOUS = ""  # an index entry that two different names share


def is_abbreviation(parameter: str) -> bool:
    """A name that may stand for a longer one: two to four letters, one word, unknown to the vocabulary."""
    return (
        _ABBREVIATION.fullmatch(parameter) is not None
        and parameter not in PARAMETER_SYNONYMS
        and category_of_parameter(parameter) is None
    )


def initials(name: str) -> str:
    """The first letters of a snake_case name's words: `flash_attention` -> `fa`."""
    return "".join(word[0] for word in name.split("_") if word)


def _singular(name: str) -> str:
    return "_".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in name.split("_"))


class Expansions:
    """The spelled-out names one source holds, by their initials, for `expand`.

    Memory is bounded by the initials of two to four letters, and the names the rows change.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_initials: dict[str, str] = {}
        self._named: dict[str, set[str]] = {}  # the names the rows change, by their initials
        for name in names:
            self.add_name(name)

    def __bool__(self) -> bool:
        return bool(self._by_initials)

    def add_name(self, name: str) -> None:
        """A parameter a row changes, of two to four words (`flash_attention`), that an abbreviation
        or a shortening (`n_est`) may stand for."""
        if _index(self._by_initials, name):
            self._named.setdefault(initials(name), set()).add(name)

    def add_text(self, text: str) -> None:
        """Every run of two to four spelled-out words in `text` that the taxonomy places."""
        for run in re.split(r"[^A-Za-z]*[^A-Za-z\s]+[^A-Za-z]*|\s{2,}", text):
            words = run.split()
            for start in range(len(words)):
                for size in range(2, 5):
                    phrase = words[start : start + size]
                    if len(phrase) < size or not all(_WORD.fullmatch(w) for w in phrase):
                        break
                    if phrase[0].lower() in _NOT_NAMES or phrase[-1].lower() in _NOT_NAMES:
                        continue
                    name = normalise_parameter(" ".join(phrase))
                    if category_of_parameter(name.rsplit("_", 1)[-1]) is not None:
                        _index(self._by_initials, name)

    def expand(self, parameter: str) -> str | None:
        """The one spelled-out name whose initials `parameter` is, or of which it is a shortening
        word by word (`n_est` for `n_estimators`), or None."""
        if is_abbreviation(parameter):
            return self._by_initials.get(parameter) or None
        if not _phrase_shaped(parameter):
            return None  # a name the log spells out wins over the vocabulary's: `n_est` is its `n_estimators`
        # the names it shortens, each that another of them shortens in turn left for the longer one
        longer = [name for name in self._named.get(initials(parameter), ()) if _shortens(parameter, name)]
        longest = [name for name in longer if not any(_shortens(name, other) for other in longer)]
        if len(longest) != 1:
            return None
        # the short name's own words may place it, but not elsewhere than the long one
        name = longest[0]
        return name if category_of_parameter(parameter) in (None, category_of_parameter(name)) else None


def _index(by_initials: dict[str, str], name: str) -> bool:
    """Enter a name of two to four words under its initials (two different names make the entry
    ambiguous, a plural aside); False for a name of another shape."""
    if not _phrase_shaped(name):
        return False
    key = initials(name)
    seen = by_initials.get(key)
    if seen is None:
        by_initials[key] = name
    elif seen != _AMBIGUOUS and _singular(seen) != _singular(name):
        by_initials[key] = _AMBIGUOUS
    return True


def _phrase_shaped(name: str) -> bool:
    """A name of two to four words of letters (`flash_attention`, `n_est`): one that initials or a
    shortening may stand for, or that may shorten another."""
    words = [w for w in name.split("_") if w]
    return 2 <= len(words) <= 4 and all(w.isalpha() for w in words)


def _shortens(short: str, name: str) -> bool:
    """Whether each word of `short` starts the same word of `name`, one at least cut short (`n_est`, `n_estimators`)."""
    cut, whole = short.split("_"), name.split("_")
    return (
        len(cut) == len(whole)
        and all(w.startswith(c) for c, w in zip(cut, whole, strict=True))
        and any(len(w) - len(c) >= _CUT for c, w in zip(cut, whole, strict=True))
        and not any(c != w and c in _SHORT_FOR_MANY for c, w in zip(cut, whole, strict=True))
    )


# Letters a shortened word drops at the least: fewer may only be a plural (`heap`, `heaps`).
_CUT = 3
# Short words that stand for many longer ones (`min` for minimum, minimize, minutes), and the short
# words code itself names things by (`max_len` beside `max_length` may be two settings of one
# program, as a model's input and its generation length): no shortening.
_SHORT_FOR_MANY = frozenset(
    str.split("min max exp log num avg std var abs pos neg pre post sub inv acc")
    + str.split("len dim seq idx ctx emb attn src tgt tok val cfg")
)


def spelled_out(parsed: Parsed, expansions: Expansions | None) -> Parsed:
    """A parsed description (`text.parse_stateless`) with its abbreviated parameters spelled out and
    its category read again from the new names; the same object when nothing is renamed."""
    return renamed(parsed, expansions.expand) if expansions else parsed
