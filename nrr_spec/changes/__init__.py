"""The change language: everything the project knows about what an experiment changed.

One reader for every source of a change: a log's description, a proposal a person types, an
agent's call, a git diff.

    from nrr_spec.changes import parse_changes, parse_number, category_of_parameter
    changes, category = parse_changes("increase MATRIX_LR 0.04 -> 0.05")
    # [{"parameter": "matrix_lr", "from": "0.04", "to": "0.05", "direction": "increase"}], "learning_rate"

- `numbers`: the one number parser (`3x`, `2^15`, `524K`, `1e-3`, `70%`, `0.04→0.05`);
- `names`: parameter normalisation and aliases (`TOTAL_BATCH_SIZE` -> `total_batch_size`);
- `categories`: a parameter's category, read from its name;
- `text`: changes from free text; `resolve`: a proposal's words against the parameters a lab uses.
"""

from __future__ import annotations

from ..model.vocabulary import ChangeDirection, values
from .categories import categorise, category_of_parameter
from .names import normalise_parameter, snake_case
from .normal_form import make_change
from .numbers import compare, parse_number, unit_of, value_pair
from .text import is_baseline_description, parse_description, parse_stateless, with_state

DIRECTIONS = values(ChangeDirection)

parse_changes = parse_description

__all__ = [
    "DIRECTIONS",
    "categorise",
    "category_of_parameter",
    "compare",
    "is_baseline_description",
    "make_change",
    "normalise_parameter",
    "parse_changes",
    "parse_description",
    "parse_number",
    "parse_stateless",
    "snake_case",
    "unit_of",
    "value_pair",
    "with_state",
]
