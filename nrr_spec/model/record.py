"""The negative-result record: the single source of truth for the published schema."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from .appendix import DualUse, Reproducibility
from .base import DOI_PATTERN, NRRModel, field
from .disclosure import may_publish
from .experiment import Experiment, Provenance
from .interpretation import Interpretation
from .people import Author, Reference, RelatedRecord
from .results import Results
from .study import Hypothesis, Methods, Problem
from .vocabulary import RECORD_ID_PATTERN, Kind, Status

SCHEMA_VERSION = "1.1"
"""The version new records are written in; 1.0 records stay valid (see docs/versioning.md)."""


class Revision(NRRModel):
    version: int = field("Version this revision produced.", 2, ge=1)
    date: dt.date = field("Date of the revision.", "2025-04-01")
    summary: str = field("What changed.", "Added two seeds; conclusion unchanged.", min_length=1)
    author: str | None = field("Who made the revision.", "Ada Lovelace", default=None)


class Record(NRRModel):
    """A negative result in machine-learning research."""

    schema_version: Literal["1.0", "1.1"] = field("Version of this standard the record follows.", "1.1")
    id: str = field(
        "Stable slug: the URL path and citation key. Never changes once published.",
        "tent-fails-under-scanner-shift",
        pattern=RECORD_ID_PATTERN,
    )
    version: int = field("Version of the record, from 1; bumped by each revision.", 1, default=1, ge=1)
    revisions: list[Revision] = field(
        "History of revisions, oldest first.",
        [{"version": 2, "date": "2025-04-01", "summary": "Added seeds."}],
        default_factory=list,
    )
    created: dt.date | None = field("Date the record was first written.", "2025-03-01", default=None)
    updated: dt.date | None = field("Date of the latest change.", "2025-04-01", default=None)
    doi: str | None = field(
        "DOI minted for this record, once it has one.", "10.5281/zenodo.1234567", default=None, pattern=DOI_PATTERN
    )

    title: str = field(
        "Title, stating the negative finding.", "Test-time entropy minimisation does not survive scanner shift", min_length=1
    )
    summary: str | None = field(
        "Abstract in a few sentences.", "We tried Tent on cardiac MRI from unseen scanners...", default=None
    )
    kind: Kind | None = field("Kind of negative result.", "existing_method", default=None)
    status: Status = field("Editorial status.", "draft", default=Status.draft)

    authors: list[Author] = field("Contributors, in citation order.", [{"name": "Ada Lovelace"}], default_factory=list)
    license: str | None = field("SPDX licence identifier of the record text.", "CC-BY-4.0", default=None)
    keywords: list[str] = field("Free keywords.", ["test-time adaptation", "MRI"], default_factory=list)
    domain: str | None = field("Application domain.", "medical imaging", default=None)

    problem: Problem = field("The application problem.", {"statement": "Segmentation degrades on unseen scanners."})
    hypothesis: Hypothesis | None = field("The hypothesis tested.", {"statement": "Tent recovers Dice."}, default=None)
    methods: Methods | None = field("How it was tested.", {"design": "controlled_experiment"}, default=None)
    results: Results = field("The negative outcome.", {"summary": "Dice dropped by 1.6 points."})
    interpretation: Interpretation | None = field("Why it failed.", {"explanation": "Noisy batch statistics."}, default=None)
    reproducibility: Reproducibility | None = field("Reproducibility appendix.", {"seeds": [0, 1, 2]}, default=None)
    dual_use: DualUse | None = field("Dual-use assessment.", {"concern": "none", "disclosure": "public"}, default=None)

    related: list[RelatedRecord] = field(
        "Links to other records.", [{"id": "tent-imagenet-c", "relation": "fails_to_replicate"}], default_factory=list
    )
    references: list[Reference] = field("Works cited.", [{"citation": "Wang et al. (2021). Tent."}], default_factory=list)

    experiment: Experiment | None = field(
        "One automated experiment, for loop-generated records.", {"outcome": "discard"}, default=None
    )
    provenance: Provenance | None = field(
        "Where a converted record came from.", {"source": {"file": "results.tsv", "row": 3}}, default=None
    )
    extensions: dict[str, Any] = field(
        "Lab-specific data outside the standard; keys should be namespaced.", {"acme:queue": "gpu-large"}, default_factory=dict
    )

    def public(self, today: dt.date | None = None) -> bool:
        """Whether the record may appear in any published output (the dual-use policy, `disclosure`)."""
        if self.dual_use is None:
            return may_publish(None, None, today)
        return may_publish(self.dual_use.disclosure, self.dual_use.embargo_until, today)
