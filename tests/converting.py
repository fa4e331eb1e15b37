"""How the converter's tests read its answers: the experiment part of each record a log becomes."""

from __future__ import annotations

from typing import Any

from nrr_spec.convert.options import ConvertResult
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes


def experiments_in(result: ConvertResult) -> list[dict[str, Any]]:
    """The `experiment` of each record of a conversion's result."""
    return [record["experiment"] for record in result.records]


def experiments_of(text: str, name: str = "results.tsv", **options: Any) -> list[dict[str, Any]]:
    """The `experiment` of each record that `text`, read as a log file called `name`, converts to."""
    return experiments_in(convert_bytes(text.encode(), name, ConvertOptions(**options)))
