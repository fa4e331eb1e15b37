"""Table tests: one function and a table of the answers it must give, each case its own test."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest


def table_test(function: Callable[[Any], object], cases: Sequence[tuple[Any, Any]]) -> Callable[[Any, Any], None]:
    """A test, to bind to a `test_` name, that `function` answers each case's input (its first item)
    with the case's expected value (its second)."""

    @pytest.mark.parametrize(("given", "expected"), cases)
    def test(given: Any, expected: Any) -> None:
        assert function(given) == expected

    return test
