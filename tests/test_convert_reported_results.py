"""Descriptions that only report how a run's measurements came out name no change."""

from __future__ import annotations

from typing import Any

import pytest

from nrr_spec.changes.names import normalise_parameter
from nrr_spec.changes.text import parse_stateless
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes
from nrr_spec.convert.profiles import PROFILES

# A loop that tries training-data mixes and says, for each, which of its measurements fell short.
MIXES = (
    "commit\tscore\tdataset\tvalidity\tnovelty\tstatus\tdescription\n"
    "a1\t0.7729\tbase\t0.885\t0.990\tkeep\tbaseline\n"
    "a1\t0.7633\tmix_02\t0.880\t0.991\tdiscard\tall control metrics below baseline\n"
    "a1\t0.7594\tmix_05\t0.875\t0.993\tdiscard\tvalidity below baseline\n"
    "a1\t0.7615\tmix_10\t0.876\t0.990\tdiscard\tnovelty under the previous best\n"
    "a1\t0.7650\tmix_20\t0.881\t0.992\tdiscard\tfocal loss below baseline\n"
)


def _records(text: str) -> list[dict[str, Any]]:
    result = convert_bytes(text.encode(), "results.tsv", ConvertOptions(profile=PROFILES["autoresearch"]))
    assert not result.errors, result.errors
    return result.records


def test_a_measurement_placed_against_the_bar_is_no_change() -> None:
    changes = [r["experiment"]["changes"] for r in _records(MIXES)]
    # the log's own measurements (validity, novelty) and measurements named as such ("control metrics")
    assert changes[1:4] == [[], [], []]
    # a method named before a result stays the change it tried
    assert [(c["parameter"], c["to"]) for c in changes[4]] == [("loss", "focal")]


@pytest.mark.parametrize(
    ("text", "name"),
    [("validity below baseline", "validity"), ("score above the previous best", ""), ("novelty under target", "novelty")],
)
def test_the_name_ends_before_the_comparison(text: str, name: str) -> None:
    assert [c["parameter"] for c in parse_stateless(text)[0]] == ([name] if name else [])


@pytest.mark.parametrize(
    "written",
    ["logit soft-cap", "logit soft-capping", "soft-cap logits", "logit softcapping", "logits softcap"],
)
def test_a_logit_soft_cap_has_one_name(written: str) -> None:
    assert normalise_parameter(written) == "logit_softcap"


@pytest.mark.parametrize("written", ["QK normalization", "qk layernorm", "QK-RMSNorm", "query-key normalization"])
def test_query_key_normalisation_has_one_name(written: str) -> None:
    assert normalise_parameter(written) == "qk_norm"


@pytest.mark.parametrize(
    ("text", "direction"), [("untie lm_head", "remove"), ("tied lm_head", "add"), ("Adding untied_embedding", "remove")]
)
def test_tying_the_output_head_is_weight_tying(text: str, direction: str) -> None:
    assert [(c["parameter"], c["direction"]) for c in parse_stateless(text)[0]] == [("weight_tying", direction)]
