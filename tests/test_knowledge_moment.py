"""`nrr check` reads a proposal against the configuration of the moment and names exact repeats
however the proposal words them: "use 12 layers", "lr 2x", "add dropout 0.1"."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrr_spec.knowledge.api import check_proposal, record_experiment


def _change(parameter: str, start: str, to: str) -> dict[str, str]:
    direction = "increase" if float(to) > float(start) else "decrease"
    return {"parameter": parameter, "from": start, "to": to, "direction": direction}


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One night of a loop: what it tried, in order, as its records say (values from a diff)."""
    folder = tmp_path_factory.mktemp("loop") / "records"
    folder.mkdir()
    rows = [
        ("raise lr", "discard", 3.25, 3.21, [_change("lr", "3e-4", "6e-4")], None),
        ("less weight decay", "keep", 3.19, 3.21, [_change("weight_decay", "0.1", "0.05")], None),
        ("batch 128", "crash", None, 3.19, [_change("batch_size", "64", "128")], "crash_infra"),
        ("deeper", "keep", 3.17, 3.19, [_change("n_layer", "8", "10")], None),
        ("dropout", "discard", 3.20, 3.17, [_change("dropout", "0.0", "0.1")], None),
    ]
    for description, outcome, value, baseline, changes, failure_class in rows:
        record_experiment(
            description,
            outcome,
            records_dir=folder,
            metric="val_loss",
            value=value,
            baseline=baseline,
            direction="lower",
            session="night",
            changes=changes,
            failure_class=failure_class,
        )
    return folder


def test_a_setting_is_read_from_the_value_of_the_moment(loop: Path) -> None:
    advice = check_proposal("use 12 layers", records_dir=loop)
    assert advice.proposal["changes"] == [{"parameter": "n_layer", "direction": "increase", "to": "12"}]
    assert "n_layer is 10 now: read as increase from 10 to 12" in advice.notes


def test_the_value_of_the_moment_comes_from_where_a_failed_try_started(loop: Path) -> None:
    # No kept experiment set lr; the discarded one started from 3e-4, which the kept line still holds.
    advice = check_proposal("set lr to 1e-3", records_dir=loop)
    assert any(note.endswith("is 3e-4 now: read as increase from 3e-4 to 1e-3") for note in advice.notes)


def test_a_factor_reaches_the_value_an_earlier_failure_reached(loop: Path) -> None:
    advice = check_proposal("lr 2x", records_dir=loop)
    assert [r["description"] for r in advice.repeats] == ["raise lr"]
    assert advice.verdict != "proceed"
    assert advice.reason.startswith("exact repeat of ")


def test_adding_what_an_earlier_experiment_raised_from_nothing_is_a_repeat(loop: Path) -> None:
    advice = check_proposal("add dropout 0.1", records_dir=loop)
    assert [r["description"] for r in advice.repeats] == ["dropout"]
    assert advice.verdict != "proceed"
    # A different value is a different experiment.
    assert check_proposal("add dropout 0.2", records_dir=loop).repeats == []


def test_a_change_whose_run_died_of_its_environment_is_named_and_never_a_bare_proceed(loop: Path) -> None:
    advice = check_proposal("increase batch_size to 128", records_dir=loop)
    assert [(r["description"], r["failure_class"]) for r in advice.repeats] == [("batch 128", "crash_infra")]
    assert advice.verdict == "caution"  # no evidence about the idea, so never "avoid"
    assert "the run died of its environment" in advice.reason
    assert "no val_loss measured" in advice.reason


def test_a_factor_word_reaches_the_value_an_earlier_failure_reached(loop: Path) -> None:
    advice = check_proposal("double the learning rate", records_dir=loop)
    assert [r["description"] for r in advice.repeats] == ["raise lr"]
    assert any(note.endswith("now: read as increase from 3e-4 to 0.0006") for note in advice.notes)
    # A factor word against its direction, or beside two changes, is not read as a value.
    assert check_proposal("double the learning rate and the dropout", records_dir=loop).repeats == []


def test_a_value_the_configuration_holds_is_said_to_change_nothing(loop: Path) -> None:
    advice = check_proposal("set n_layer to 10", records_dir=loop)
    assert "n_layer is already 10 now: the proposal would change nothing" in advice.notes
