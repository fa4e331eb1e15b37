"""Authors, references and links between records."""

from __future__ import annotations

from .base import DOI_PATTERN, ORCID_PATTERN, NRRModel, field
from .vocabulary import Entity, Relation, Role


class Author(NRRModel):
    """A person (or an automated agent) who contributed to the record.

    `name` is the display form. The structured parts (1.1) follow CFF, so citation formats need not
    guess where a surname starts: "Martin Luther King Jr." is given_names "Martin Luther", family_names
    "King", name_suffix "Jr.".
    """

    name: str = field("Full name as it should appear in citations.", "Ada Lovelace", min_length=1)
    given_names: str | None = field("Given names, as in CFF (1.1).", "Ada", default=None, min_length=1)
    family_names: str | None = field("Family names, as in CFF (1.1).", "Lovelace", default=None, min_length=1)
    name_particle: str | None = field(
        "Nobiliary particle before the family names, as in CFF (1.1).", "van", default=None, min_length=1
    )
    name_suffix: str | None = field("Suffix such as Jr. or III, as in CFF (1.1).", "Jr.", default=None, min_length=1)
    entity: Entity | None = field(
        "Person, organization or software; an automated research agent is software (1.1).", "person", default=None
    )
    orcid: str | None = field(
        "ORCID iD, bare or as URL; the checksum digit is verified by the validator.",
        "https://orcid.org/0000-0002-1825-0097",
        default=None,
        pattern=ORCID_PATTERN,
    )
    affiliation: str | None = field("Institution at the time of the work.", "University of Tartu", default=None)
    ror: str | None = field(
        "ROR identifier of the affiliation.",
        "https://ror.org/03z77qz90",
        default=None,
        pattern=r"^(https://ror\.org/)?0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$",
    )
    email: str | None = field("Contact address.", "ada@example.org", default=None, json_schema_extra={"format": "email"})
    roles: list[Role] = field("CRediT roles of this contributor.", ["investigation", "software"], default_factory=list)


class Reference(NRRModel):
    """A published work: the prior work a hypothesis tests, a dataset paper, a related study."""

    citation: str = field(
        "Human-readable citation.",
        "Vaswani et al. (2017). Attention Is All You Need. NeurIPS.",
        min_length=1,
    )
    doi: str | None = field("DOI without resolver prefix.", "10.48550/arXiv.1706.03762", default=None, pattern=DOI_PATTERN)
    arxiv: str | None = field("arXiv identifier (new or old style).", "1706.03762", default=None)
    url: str | None = field(
        "Where to read it.", "https://arxiv.org/abs/1706.03762", default=None, json_schema_extra={"format": "uri"}
    )
    relation: Relation | None = field("How this record relates to the work.", "fails_to_replicate", default=None)


class RelatedRecord(NRRModel):
    """A link to another negative-result record, by its id."""

    id: str = field("Id of the other record.", "lr-warmup-no-gain-small-gpt", min_length=1)
    relation: Relation = field("What this record does to the other.", "replicates")
    note: str | None = field("Why the link matters.", "Same setup on a larger model.", default=None)
