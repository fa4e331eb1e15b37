"""A change as titles and summaries name it, the same in a converted record and in `nrr record`."""

from __future__ import annotations

from table_tests import table_test

from nrr_spec.changes.change import diff_change, in_words

test_a_change_in_words = table_test(
    in_words,
    [
        ({"parameter": "depth", "from": "8", "to": "9", "direction": "increase"}, "depth 8 -> 9"),
        ({"parameter": "learning_rate", "from": None, "to": "0.05", "direction": "set"}, "learning_rate = 0.05"),
        ({"parameter": "dropout", "from": None, "to": None, "direction": "disable"}, "disable dropout"),
        ({"parameter": "bias", "from": "True", "to": None, "direction": "remove"}, "remove bias"),
        (diff_change("prepare", "add", "prepare.py:1"), "add prepare"),
    ],
)
