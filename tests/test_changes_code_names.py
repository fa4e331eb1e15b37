"""A name from the code, as records name it: the words of snake_case, camelCase and PascalCase, with
acronyms kept whole (the parameter a diff names must be the one a person types)."""

from __future__ import annotations

from case_files import cases
from table_tests import table_test

from nrr_spec.changes.names import snake_case

test_a_code_name_snake_cases_by_its_words = table_test(
    snake_case, cases("changes_code_names", "a_code_name_snake_cases_by_its_words")
)
