"""Authors' names in parts: given names, particle, family names, suffix, and what kind of author it is.

Schema 1.1 stores the parts (as CFF does) beside the display `name`. Older records have only the
display name, so the parts are read from it here, and only where the reading is unambiguous:
"Ada Lovelace", "Lovelace, Ada", "Ludwig van Beethoven", "Martin Luther King Jr.". A name that
could split more than one way ("Gabriel García Márquez": a middle name or two family names?) is
split the conventional way for citations (the last word is the family name) but never written into
a record without a person deciding. A name that is not a person's ("autoresearch agent (session
mar8-h100)", "Barnes and Noble") is never split. Names in Chinese, Japanese or Korean script are
written family name first, and read so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Lower-case particles that belong before the family name ("van Beethoven", "de la Cruz").
PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "das", "di", "du", "dos", "del", "della", "la", "le", "ten", "ter", "zu", "af", "av"}
)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "vi"})
# Words that make a name an automated agent's: CFF's entity software.
_SOFTWARE = re.compile(
    r"\b(agents?|bots?|autoresearch|llms?|gpt[\w.-]*|pipeline|session|automated|autonomous)\b",
    re.IGNORECASE,
)
_ORGANIZATION = re.compile(
    r"\b(university|universit\w+|institute|institut|laboratory|lab|labs|team|group|consortium|centre|center|inc|ltd|llc|gmbh|"
    r"foundation|society|department|college|school|company|corporation|collaboration|project)\b\.?",
    re.IGNORECASE,
)
# Characters no person's name is written with in a record.
_NOT_A_PERSON = re.compile(r"[()\[\]@/\\:;#&+=<>|0-9_]")


@dataclass(frozen=True)
class NameParts:
    """A name in CFF's parts. `family` is None for a name that does not split (an entity, a mononym)."""

    display: str
    given: str | None = None
    family: str | None = None
    particle: str | None = None
    suffix: str | None = None
    entity: str | None = None  # person, organization or software, where it is known or clear from the name
    certain: bool = False  # True where the parts were stated in the record or read from it unambiguously

    @property
    def splits(self) -> bool:
        return self.family is not None

    @property
    def family_with_particle(self) -> str | None:
        """ "van Beethoven": what a format with no particle field of its own puts in its family name."""
        if self.family is None:
            return None
        return f"{self.particle} {self.family}" if self.particle else self.family


def entity_of(name: str) -> str | None:
    """`software` or `organization` where the name says so, `person` where it reads as one, else None."""
    if _SOFTWARE.search(name):
        return "software"
    if _ORGANIZATION.search(name) or re.search(r"\band\b", name):
        return "organization"
    if _NOT_A_PERSON.search(name):
        return None
    return "person" if len(name.split()) >= 2 else None


def parse_name(name: str, *, person: bool = False) -> NameParts:
    """Read the parts from a display name; see the module docstring for when the reading is certain.

    `person` says the author is known to be a person, so words like "agent" do not make it software.
    """
    display = " ".join(name.split())
    written_family_first = family_first_parts(display)
    if written_family_first is not None:
        return written_family_first
    entity = "person" if person else entity_of(display)
    if entity in ("software", "organization") or _NOT_A_PERSON.search(display):
        return NameParts(display, entity=entity, certain=entity is not None)
    if "," in display:
        return _inverted(display)
    tokens = display.split(" ")
    suffix = None
    if len(tokens) >= 3 and tokens[-1].lower() in SUFFIXES:
        suffix, tokens = tokens[-1], tokens[:-1]
    if len(tokens) < 2 or tokens[0] in PARTICLES:
        return NameParts(display)  # a mononym has no family name to cite by; "de la Cruz" no given name
    cut = next((i for i in range(1, len(tokens) - 1) if tokens[i] in PARTICLES), None)
    if cut is not None:
        end = cut
        while end < len(tokens) - 1 and tokens[end] in PARTICLES:
            end += 1
        particle, family = " ".join(tokens[cut:end]), " ".join(tokens[end:])
        return NameParts(display, " ".join(tokens[:cut]), family, particle, suffix, "person", certain=end == len(tokens) - 1)
    # Two words (three with a suffix) split one way only; more could hide a second family name.
    return NameParts(display, " ".join(tokens[:-1]), tokens[-1], None, suffix, "person", certain=len(tokens) == 2)


# Han ideographs (with extensions and compatibility forms), kana, and Hangul jamo and syllables.
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f]+"
)


def is_family_first(name: str) -> bool:
    """Whether every word of `name` is written in Chinese, Japanese or Korean script: such names are
    written family name first ("李 小龍", "山田 太郎", "김 민수")."""
    words = name.split()
    return bool(words) and all(_CJK.fullmatch(word) for word in words)


def family_first_parts(name: str) -> NameParts | None:
    """The parts of a name in CJK script, family name first; None for a name in any other script.

    CFF, CSL-JSON and BibTeX all want the parts as they are (family-names 李, given-names 小龍). Two
    words read one way only; more could hide a two-word family name, so they are read the
    conventional way (the first word is the family name) but not as certain. A name in these scripts
    without a space ("李小龍") is not split: the characters do not say where the family name ends.
    """
    display = " ".join(name.split())
    if not is_family_first(display):
        return None
    words = display.split(" ")
    if len(words) < 2:
        return NameParts(display, entity="person", certain=True)
    return NameParts(display, " ".join(words[1:]), words[0], entity="person", certain=len(words) == 2)


def _inverted(display: str) -> NameParts:
    """ "Family, Given", "Family, Suffix, Given" (BibTeX's order) or "Given Family, Suffix"."""
    parts = [part.strip() for part in display.split(",")]
    if len(parts) > 3 or not all(parts):
        return NameParts(display)
    if len(parts) == 2 and parts[1].lower() in SUFFIXES:
        inner = parse_name(parts[0])
        if not inner.splits:
            return NameParts(display)
        return NameParts(display, inner.given, inner.family, inner.particle, parts[1], "person", inner.certain)
    family, given = parts[0], parts[-1]
    suffix = parts[1] if len(parts) == 3 else None
    if suffix is not None and suffix.lower() not in SUFFIXES:
        return NameParts(display)
    words = family.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead] in PARTICLES:
        lead += 1
    particle = " ".join(words[:lead]) or None
    return NameParts(display, given, " ".join(words[lead:]), particle, suffix, "person", certain=True)


def author_parts(author: Any) -> NameParts:
    """The parts of a record's author: as stated (1.1 fields), else read from the display name."""
    display = " ".join(str(author.name).split())
    entity = str(author.entity) if author.entity else None
    if author.family_names:
        return NameParts(
            display, author.given_names, author.family_names, author.name_particle, author.name_suffix, entity or "person", True
        )
    if entity in ("software", "organization"):
        return NameParts(display, entity=entity, certain=True)
    return parse_name(display, person=entity == "person")


def name_fields(parts: NameParts) -> dict[str, str]:
    """The 1.1 author fields for `parts`, in the schema's order, leaving out what is unknown."""
    fields = {
        "given_names": parts.given,
        "name_particle": parts.particle,
        "family_names": parts.family,
        "name_suffix": parts.suffix,
        "entity": parts.entity,
    }
    return {key: value for key, value in fields.items() if value}
