"""A changed constant whose name the taxonomy cannot place takes the category of what the code uses it for."""

from __future__ import annotations

from pathlib import Path

from gitrepo import commit, new_repo

from nrr_spec.changes.git import Repository
from nrr_spec.changes.uses import categories_by_use
from nrr_spec.convert.pipeline import ConvertOptions, convert_log

CODE = """\
import torch
import torch.nn as nn

X0_LAMBDA = 0.1
P_DROP = 0.2
GROWTH = 4
STACK = 6
FIXTURE_ID = "ba-0001"
SEED_SLOTS = 3


class MLP(nn.Module):
    def __init__(self, d):
        self.c_fc = nn.Linear(d, GROWTH * d)
        self.drop = nn.Dropout(P_DROP)
        self.c_expand = nn.Linear(4 * d, d)


def run(params):
    logits = 15 * torch.tanh(params / 15)
    loss = torch.nn.functional.cross_entropy(logits, params)
    opt = torch.optim.AdamW(params, lr=X0_LAMBDA * 2, weight_decay=0.0)
    cfg = {"num_layers": STACK}
    _record(FIXTURE_ID, "Porites")
    for _ in range(SEED_SLOTS):
        pass
    return opt, cfg, loss
"""


def change(parameter: str, old: str = "1", new: str = "2", line: int | None = None) -> dict[str, object]:
    found: dict[str, object] = {"parameter": parameter, "from": old, "to": new, "direction": "increase"}
    if line is not None:
        found["location"] = f"train.py:{line}"
    return found


def test_a_constant_takes_the_category_of_the_keyword_call_or_key_it_feeds() -> None:
    found = categories_by_use(
        CODE, [change("x0_lambda"), change("p_drop"), change("growth"), change("stack"), change("seed_slots")]
    )
    assert found == {
        "x0_lambda": "learning_rate",  # AdamW(lr=X0_LAMBDA * 2), through the arithmetic around it
        "p_drop": "regularization",  # nn.Dropout(P_DROP)
        "growth": "architecture",  # nn.Linear(d, GROWTH * d)
        "stack": "architecture",  # {"num_layers": STACK}
    }  # range(SEED_SLOTS) places nothing: no category rather than a guess


def test_a_number_changed_inside_a_call_takes_the_calls_category() -> None:
    assert categories_by_use(CODE, [change("c_expand", "4", "8", line=16)]) == {"c_expand": "architecture"}
    # the softcap in a local assignment: placed by the call it sits in (tanh), not by the loss it later feeds
    assert categories_by_use(CODE, [change("logits", "15", "20", line=20)]) == {"logits": "architecture"}


def test_names_the_taxonomy_places_strings_and_local_variables_are_left_alone() -> None:
    assert categories_by_use(CODE, [change("weight_decay", "0.0", "0.1")]) == {}  # its own name places it
    assert categories_by_use(CODE, [change("fixture_id", "'ba-0001'", "'ba-0002'")]) == {}  # an identifier
    assert categories_by_use(CODE, [change("logits", "15", "20", line=19)]) == {}  # a local, on no call: nothing
    assert categories_by_use("def broken(:\n", [change("p_drop")]) == {}
    assert categories_by_use(None, [change("p_drop")]) == {}


def test_a_converted_row_whose_diff_moves_such_a_constant_gets_the_category_of_its_use(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "loop", {"train.py": CODE})
    sha = commit(repo, {"train.py": CODE.replace("P_DROP = 0.2", "P_DROP = 0.3")}, "more dropout")
    diff = Repository(repo).diff(sha)
    assert diff.categories == {"p_drop": "regularization"}
    log = tmp_path / "results.tsv"
    log.write_text(f"commit\tval_bpb\tstatus\tdescription\n{sha[:7]}\t1.01\tdiscard\tbump it\n", encoding="utf-8")
    record = convert_log(log, ConvertOptions(repo=str(repo))).records[0]
    assert record["experiment"]["changes"][0]["parameter"] == "p_drop"
    assert record["experiment"]["change_category"] == "regularization"
