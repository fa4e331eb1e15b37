"""From group counts and a proposal to a calibrated probability, a verdict and a reason a person can check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model.vocabulary import CHANGE_GERUND
from .features import Change, Proposal
from .stats import Neighbour, Posterior, Table, chain, change_key, infra_rate, near_level, typical_rate

# A verdict needs direct attempts: "avoid" rests on at least this many earlier tries of the same
# parameter (in the same direction when there is one), and on most of the posterior mass lying
# below the rate of a typical change here.
AVOID_MIN_ATTEMPTS = 3
AVOID_MASS = 0.95
CAUTION_MASS = 0.80
# From this combined similarity on, an earlier experiment is the same experiment again (the same
# parameter, direction and a close value, or nearly the same words).
NEAR = 0.7
# An exact repeat of a change that was not kept is never a bare "proceed"; tried and not kept this
# many times (and never kept), it is "avoid".
REPEAT_AVOID = 2
VERB = CHANGE_GERUND
CHANGE_SEPARATOR = change_key("", "")  # between a parameter and its direction in a change group's key


@dataclass
class Group:
    """The statistics of one group used for the estimate."""

    level: str  # all, category, parameter, change
    key: str
    tried: int
    improved: int
    crashes: int
    infra_crashes: int
    estimate: float  # shrunk keep rate of the group
    low: float
    high: float


@dataclass
class Estimate:
    probability: float
    low: float
    high: float
    verdict: str
    reason: str
    base_rate: float
    evidence: int  # direct earlier attempts behind the verdict
    groups: list[Group] = field(default_factory=list)
    idea: float = 0.0  # the shrunk keep rate of the change itself, before runs lost to the infrastructure


def _group(post: Posterior) -> Group:
    low, high = post.interval()
    c = post.counts
    return Group(
        post.level, post.key, c.tried - c.lost, c.kept, c.crashed, c.lost, round(post.mean, 4), round(low, 4), round(high, 4)
    )


def _chains(table: Table, proposal: Proposal) -> list[tuple[Change | None, list[Posterior]]]:
    if not proposal.changes:
        return [(None, chain(table, proposal.category, None, None))]
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Change | None, list[Posterior]]] = []
    for change in proposal.changes:
        if (change.parameter, change.direction) in seen:
            continue
        seen.add((change.parameter, change.direction))
        out.append((change, chain(table, proposal.category, change.parameter, change.direction)))
    return out


def _deepest_with_data(posts: list[Posterior]) -> Posterior | None:
    for post in reversed(posts[2:]):  # parameter or change level: the attempts at this very thing
        if post.counts.tried - post.counts.lost > 0:
            return post
    return None


def estimate(
    table: Table,
    proposal: Proposal,
    interval: bool = True,
    neighbours: list[Neighbour] | None = None,
    tried: Mapping[str, list[str]] | None = None,
) -> Estimate:
    """The probability that the proposal improves the metric, with its interval, verdict and reason.

    `neighbours` are earlier experiments scored by similarity; those at least `NEAR` alike form the
    most specific level of the estimate. `tried` maps a parameter to how earlier experiments changed
    it ("set depth to 14 (discarded)"), for the reason to say when the proposal moves it another way.
    """
    chains = _chains(table, proposal)
    base = chains[0][1][0].mean
    survive = 1.0 - infra_rate(table)
    idea = sum(posts[-1].mean for _, posts in chains) / len(chains)
    # The verdict follows the change with the most direct evidence behind it.
    scored = [(change, posts, _deepest_with_data(posts)) for change, posts in chains]
    change, posts, direct = max(scored, key=lambda s: s[2].counts.tried if s[2] is not None else -1)
    near = near_level(posts[-1], idea, [n for n in neighbours or [] if n.similarity >= NEAR])
    if near is not None:
        posts = [*posts, near]
        idea = near.mean
    probability = survive * idea
    final = posts[-1]
    if direct is not None:  # compared with the other changes, not with a rate its own failures lowered
        base = typical_rate(table, direct.counts)
    mass = final.mass_below(base)
    evidence = direct.counts.tried - direct.counts.lost if direct is not None else 0
    if table.total.tried == 0:
        verdict = "proceed"
    elif evidence >= AVOID_MIN_ATTEMPTS and mass >= AVOID_MASS:
        verdict = "avoid"
    elif evidence >= 1 and mass >= CAUTION_MASS:
        verdict = "caution"
    else:
        verdict = "proceed"
    if not interval:
        low = high = final.mean
    elif near is not None or len(chains) == 1:
        low, high = final.interval()
    else:  # several changes: the envelope of their intervals, which holds their mean
        bounds = [p[-1].interval() for _, p in chains]
        low, high = min(b[0] for b in bounds), max(b[1] for b in bounds)
    groups = [_group(p) for p in posts] if interval else []
    low, high = low * survive, high * survive
    reason = _reason(table, proposal, change, posts, direct, groups, (low, high), tried or {}) if interval else ""
    return Estimate(probability, low, high, verdict, reason, base, evidence, groups, idea)


def repeat_verdict(verdict: str, repeats: list[bool], lost: int = 0, contained: Sequence[bool] = ()) -> str:
    """The verdict once exact repeats are weighed: `repeats` holds, for each earlier experiment that
    made the very same change, whether it was kept; `lost` counts those whose run died of its
    environment, which never make "avoid" but do make a bare "proceed" a "caution". `contained`
    holds the same for earlier experiments that made the change among others: where none of them
    was kept and no exact repeat says otherwise, they make a bare "proceed" a "caution"."""
    failed = sum(1 for kept in repeats if not kept)
    if not failed or failed < len(repeats):
        if verdict == "proceed" and not repeats and (lost or (contained and not any(contained))):
            return "caution"
        return verdict
    if failed >= REPEAT_AVOID:
        return "avoid"
    return "caution" if verdict == "proceed" else verdict


def _phrase(change: Change | None, category: str) -> str:
    if change is None:
        if category in ("", "other"):
            return "a change"
        return f"{'an' if category[:1] in 'aeiou' else 'a'} {category.replace('_', ' ')} change"  # "an optimizer change"
    return f"{VERB.get(change.direction, change.direction)} {change.parameter}"


def _reason(
    table: Table,
    proposal: Proposal,
    change: Change | None,
    posts: list[Posterior],
    direct: Posterior | None,
    groups: list[Group],
    bounds: tuple[float, float],
    tried: Mapping[str, list[str]],
) -> str:
    if table.total.tried == 0:
        return "no evidence: no earlier experiments with an outcome are indexed; proceed"
    what = _phrase(change, proposal.category)
    parts = []
    if direct is None:
        parts.append(f"{what}: {_tried_otherwise(table, change, tried)}")
    else:
        c = direct.counts
        crashed = c.crashed - c.lost
        crashes = f", {crashed} of them crashed" if crashed else ""
        parts.append(f"{what}: {c.kept} of {c.tried - c.lost} improved here{crashes} (95% CI {bounds[0]:.2f}–{bounds[1]:.2f})")
    parts.append(f"category {groups[1].key} {groups[1].improved} of {groups[1].tried}")
    parts.append(f"all changes {groups[0].improved} of {groups[0].tried}")
    if posts[-1].level == "similar":
        near = posts[-1].counts
        parts.append(f"{near.kept} of {near.tried} near-identical earlier experiments improved")
    if direct is not None and direct.counts.lost:
        parts.append(f"{direct.counts.lost} infrastructure crash(es) not counted against it")
    if not proposal.understood:
        parts.append("proposal not understood: estimate from the category and all changes")
    return "; ".join(parts)


def _tried_otherwise(table: Table, change: Change | None, tried: Mapping[str, list[str]]) -> str:
    """What was tried of a parameter a directed proposal moves in a way it was never moved
    ("increase depth" where depth was only set to 14): the earlier changes, not "never tried"."""
    if change is None:
        return "never tried here"
    counts = table.get("parameter", change.parameter)
    attempts = counts.tried - counts.lost
    if attempts <= 0:
        named = tried.get(change.parameter)
        return f"no earlier change of it here, but {', '.join(named)}" if named else "never tried here"
    ways = list(tried.get(change.parameter, []))[:3]
    if not ways:
        prefix = f"{change.parameter}{CHANGE_SEPARATOR}"
        for (level, key), group in table.groups.items():
            n = group.tried - group.lost
            if level == "change" and key.startswith(prefix) and n > 0:
                ways.append(f"{key[len(prefix) :]} {change.parameter} ({n} time{'s' if n != 1 else ''})")
    tries = f"; tried as {', '.join(ways)}" if ways else ""
    return f"not tried in that direction here{tries}; {change.parameter} {counts.kept} of {attempts} improved"


@dataclass
class Advice:
    """What `nrr check` answers: JSON-serialisable with `as_dict()`."""

    verdict: str  # proceed, caution, avoid
    probability: float  # that the change improves the metric
    interval: tuple[float, float]  # 95% credible interval of that probability
    reason: str
    proposal: dict[str, Any]
    base_rate: float
    evidence: int
    groups: list[Group] = field(default_factory=list)
    similar: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repeats: list[dict[str, Any]] = field(default_factory=list)  # earlier experiments that made exactly this change
    withheld_repeats: int = 0  # exact repeats among withheld records: counted, never named

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["interval"] = list(self.interval)
        return data


def advice_from(est: Estimate, proposal: Proposal, similar: list[dict[str, Any]], notes: list[str]) -> Advice:
    return Advice(
        verdict=est.verdict,
        probability=round(est.probability, 4),
        interval=(round(est.low, 4), round(est.high, 4)),
        reason=est.reason,
        proposal=proposal.as_dict(),
        base_rate=round(est.base_rate, 4),
        evidence=est.evidence,
        groups=est.groups,
        similar=similar,
        notes=notes,
    )
