"""Reproducibility appendix and dual-use assessment."""

from __future__ import annotations

import datetime as dt

from .base import SHA256_PATTERN, NRRModel, field
from .vocabulary import Concern, Disclosure, ReviewDecision

PATCH_MAX_CHARS = 65_536


class Code(NRRModel):
    repository: str = field("Repository URL.", "https://github.com/example/tent-mri", json_schema_extra={"format": "uri"})
    commit: str | None = field(
        "Commit hash of the code that produced the results.", "3f9c2e1", default=None, pattern=r"^[0-9a-fA-F]{6,64}$"
    )
    path: str | None = field("Entry point within the repository.", "train.py", default=None)
    base_commit: str | None = field(
        "Commit the experiment started from (1.1).", "a1b2c3d", default=None, pattern=r"^[0-9a-fA-F]{6,64}$"
    )
    patch: str | None = field(
        "Unified diff of the code files the experiment changed, at most 64 KiB; a cut patch ends with a note (1.1).",
        "--- a/train.py\n+++ b/train.py\n@@ -12 +12 @@\n-MATRIX_LR = 0.04\n+MATRIX_LR = 0.05\n",
        default=None,
        max_length=PATCH_MAX_CHARS,
    )


class Environment(NRRModel):
    python: str | None = field("Python version.", "3.11.7", default=None)
    packages: dict[str, str] = field("Installed package versions that matter.", {"torch": "2.3.1"}, default_factory=dict)
    os: str | None = field("Operating system.", "Ubuntu 22.04", default=None)
    cuda: str | None = field("CUDA version.", "12.1", default=None)
    driver: str | None = field("Accelerator driver version.", "535.104.05", default=None)


class Hardware(NRRModel):
    cpu: str | None = field("CPU model.", "AMD EPYC 7763", default=None)
    accelerator: str | None = field("Accelerator model.", "NVIDIA A100 80GB", default=None)
    count: int | None = field("Number of accelerators.", 8, default=None, ge=0)
    memory_gb: float | None = field("Host memory in GB.", 512, default=None, ge=0)


class Artifact(NRRModel):
    name: str = field("What the artifact is.", "checkpoints", min_length=1)
    url: str = field("Where it is.", "https://zenodo.org/records/1234567", json_schema_extra={"format": "uri"})
    checksum: str | None = field("sha256 of the file.", "sha256:" + "0" * 64, default=None, pattern=SHA256_PATTERN)


class Reproducibility(NRRModel):
    """What someone needs to rerun the work."""

    code: Code | None = field(
        "Code and commit.", {"repository": "https://github.com/example/tent-mri", "commit": "3f9c2e1"}, default=None
    )
    environment: Environment | None = field("Software environment.", {"python": "3.11.7"}, default=None)
    hardware: Hardware | None = field("Hardware.", {"accelerator": "NVIDIA A100 80GB", "count": 1}, default=None)
    data_preprocessing: str | None = field(
        "Preprocessing applied to the data.", "Resampled to 1.25 mm, z-scored per volume.", default=None
    )
    commands: list[str] = field(
        "Commands that reproduce the results.", ["python train.py --config tent.yaml"], default_factory=list
    )
    seeds: list[int] = field("Seeds used.", [0, 1, 2], default_factory=list)
    artifacts: list[Artifact] = field(
        "Released artifacts.", [{"name": "logs", "url": "https://zenodo.org/records/1"}], default_factory=list
    )


class DualUseReview(NRRModel):
    """One reviewer's decision on whether and how to disclose."""

    reviewer: str = field("Name of the reviewer.", "Grace Hopper", min_length=1)
    orcid: str | None = field("Reviewer's ORCID iD.", "0000-0002-1825-0097", default=None)
    date: dt.date = field("Date of the decision.", "2025-03-02")
    decision: ReviewDecision = field("The decision.", "publish_with_framing")
    misuse: str | None = field("Who could misuse this failure knowledge, and how.", "Nobody plausible.", default=None)
    benefit: str | None = field("Benefit of publishing it.", "Saves other labs a month.", default=None)
    framing_sufficient: bool | None = field("Whether contextual framing suffices.", True, default=None)


class DualUse(NRRModel):
    """Failures carry information too: who could use it for harm, and how widely to share it."""

    concern: Concern = field("Level of dual-use concern.", "none")
    disclosure: Disclosure = field("Who may see the record. Fixed name: publishers read it.", "public")
    embargo_until: dt.date | None = field("End of an embargo.", "2026-06-01", default=None)
    assessment: str | None = field("The reasoning behind the concern level.", "Negative result on a benign task.", default=None)
    framing_statement: str | None = field(
        "Context shown with the record where framing is needed.", "This result concerns detection, not evasion.", default=None
    )
    reviewers: list[DualUseReview] = field(
        "Recorded reviews of the assessment.",
        [{"reviewer": "Grace Hopper", "date": "2025-03-02", "decision": "publish_with_framing"}],
        default_factory=list,
    )
