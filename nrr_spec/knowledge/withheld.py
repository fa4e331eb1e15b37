"""Withheld records: restricted, or embargoed until a date not yet reached (`dual_use.disclosure`).

The engine's policy, the same for people (`nrr similar | check | patterns`) and agents (every MCP
tool): a withheld record may count in statistics (group counts, keep rates, the verdict), but its
text, its id and the parameters it changed are never shown: it is never listed as a similar
experiment, never named as an exact repeat, never the source of a pattern or of a parameter a
proposal's words resolve to. `include_withheld=True` (`--include-withheld`) lifts this for a lab's
own trusted use. The rule is the publisher's (`nrr_spec.model.disclosure.may_publish`), written as
SQL over the index: an embargo without an end date, or one that ends after today, withholds.
"""

from __future__ import annotations

import datetime as dt

from ..model.vocabulary import Disclosure


def visible_sql(today: dt.date | None = None) -> str:
    """An SQL condition on an `items` row that holds for records that may be shown."""
    day = (today or dt.date.today()).isoformat()
    # ISO dates compare as text; the date is generated here, never from input.
    return (
        f"(disclosure = '{Disclosure.public}' OR (disclosure = '{Disclosure.embargoed}' AND embargo_until IS NOT NULL "
        f"AND substr(embargo_until, 1, 10) <= '{day}'))"
    )
