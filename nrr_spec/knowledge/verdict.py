"""From what the index holds about a proposal to the advice: the calibrated probability, the
verdict, exact repeats named first, and the reason line.

The verdict rests on direct evidence (`advice.estimate`: the Beta-Binomial groups; `repeat_verdict`:
exact repeats). The probability is the calibrated model's (`calibrated`), from the same features
replay scores; its interval is the credible interval of the most specific group, moved on the
log-odds scale so that it is centred where the model puts the probability.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..changes.abbreviations import initials
from ..model.vocabulary import ExperimentOutcome, FailureClass
from .advice import NEAR, Advice, advice_from, estimate, repeat_verdict
from .calibrated import predict, shipped
from .features import DECIDED, Proposal, tokens
from .history import History, logit
from .search import Repeat
from .signals import Evidence, features, parts_joined
from .similarity import Match
from .stats import Neighbour, Table

_SAID = {
    ExperimentOutcome.keep.value: "kept",
    ExperimentOutcome.discard.value: "discarded",
    ExperimentOutcome.crash.value: "crashed",
}
SIMILAR = 0.5  # as in replay: similar experiments whose outcomes count in the `similar` feature
CLOSE = 0.2


def evidence_of(
    table: Table, proposal: Proposal, matches: list[Match], repeats: list[Repeat], est_idea: float, typical: float, direct: int
) -> Evidence:
    decided = [m for m in matches if m.outcome in DECIDED and m.failure_class != FailureClass.crash_infra]
    parameters = frozenset(c.parameter for c in proposal.changes)
    return Evidence(
        est_idea,
        typical,
        direct,
        [(m.score, m.outcome == ExperimentOutcome.keep) for m in decided if m.score >= SIMILAR],
        [r.kept for r in repeats if not r.lost],
        parameters,
        any(table.get("parameter", p).kept for p in parameters),
        max((m.score for m in decided if m.score >= CLOSE and m.outcome == ExperimentOutcome.keep), default=0.0),
        parts_joined(proposal.text),
    )


def _moved(bound: float, shift: float) -> float:
    if bound <= 0.0 or bound >= 1.0:
        return bound
    return 1.0 / (1.0 + math.exp(-(logit(bound) + shift)))


def advise(
    table: Table,
    proposal: Proposal,
    matches: list[Match],
    repeats: list[Repeat],
    history: History,
    notes: list[str],
    limit: int,
    include_withheld: bool,
    live: float | None = None,
    contained: list[Repeat] | None = None,
) -> Advice:
    """The advice; `live` is the probability replay gives the proposal as the next row of the
    folder's one log (`live`), which takes the place of the model's probability from the index.
    `contained` are earlier experiments that made the proposal's changes among others."""
    contained = [r for r in contained or [] if not r.lost]
    neighbours = [
        Neighbour(m.score, m.outcome == ExperimentOutcome.keep, m.weight)
        for m in matches
        if m.outcome in DECIDED and m.failure_class != FailureClass.crash_infra and m.score >= NEAR
    ]
    est = estimate(table, proposal, neighbours=neighbours, tried=tries_of(proposal, matches, include_withheld))
    evidence = evidence_of(table, proposal, matches, repeats, est.idea, est.base_rate, est.evidence)
    if table.total.tried:
        probability = live if live is not None else predict(shipped(), features(history, evidence))
        shift = logit(probability) - logit(est.probability)
        est.low, est.high = min(_moved(est.low, shift), probability), max(_moved(est.high, shift), probability)
        est.probability = probability
    est.verdict = repeat_verdict(
        est.verdict,
        [r.kept for r in repeats if not r.lost],
        lost=sum(r.lost for r in repeats),
        contained=[r.kept for r in contained],
    )
    shown = [r for r in repeats if r.visible or include_withheld]
    hidden = len(repeats) - len(shown)
    lead = _repeat_line(shown, hidden)
    if not repeats and contained and not any(r.kept for r in contained):
        lead = _repeat_line([r for r in contained if r.visible or include_withheld], 0, "part of ")
        lead += ", which changed more besides" if lead else ""
    if lead:
        est.reason = f"{lead}; {est.reason}" if est.reason else lead
    visible = [m.as_dict() for m in matches if m.visible or include_withheld][:limit]
    advice = advice_from(est, proposal, visible, notes)
    advice.repeats = [r.as_dict() for r in shown]
    advice.withheld_repeats = hidden
    return advice


def tries_of(proposal: Proposal, matches: list[Match], include_withheld: bool) -> dict[str, list[str]]:
    """How the earlier experiments shown change each parameter the proposal names, most alike
    first: "set depth to 14 (discarded)". Withheld experiments are counted, never described."""
    wanted = {c.parameter for c in proposal.changes}
    out: dict[str, list[str]] = {}
    for match in matches:
        if not (match.visible or include_withheld):
            continue
        for change in match.changes:
            parameter = str(change.get("parameter") or "")
            if parameter not in wanted:
                continue
            to = change.get("to")
            phrase = f"{change.get('direction') or 'set'} {parameter}" + (f" to {to}" if to is not None else "")
            phrase += f" ({_said(match.outcome)})"
            if phrase not in out.setdefault(parameter, []):
                out[parameter].append(phrase)
    shown = [m for m in matches if m.visible or include_withheld]
    for parameter in sorted(wanted - out.keys()):
        mentions = mentioned_in(parameter, shown)
        if mentions:
            out[parameter] = [f"named in '{_short(m.description)}' ({_said(m.outcome)})" for m in mentions[:3]]
    return out


def mentioned_in(parameter: str, matches: list[Match]) -> list[Match]:
    """The earlier experiments whose description names `parameter` without changing it ("n_kv_head=1
    MQA" names `mqa`): a proposal to change it was tried in other words, so it is not "never tried"."""
    wanted = set(tokens(parameter.replace("_", " ")))
    if not wanted:
        return []
    return [
        m
        for m in matches
        if m.outcome in DECIDED and (wanted <= set(tokens(m.description)) or _spelled_out(parameter, m.description))
    ]


def _spelled_out(parameter: str, text: str) -> bool:
    """Whether `text` spells out an abbreviation: "multi-query attention" for `mqa`. Two letters
    begin too many pairs of words ("very expensive" for `ve`) to say."""
    if not 3 <= len(parameter) <= 5 or not parameter.isalpha():
        return False
    words = re.findall(r"[a-z]+", text.lower())
    size = len(parameter)
    return any(initials("_".join(words[i : i + size])) == parameter for i in range(len(words) - size + 1))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _repeat_line(shown: list[Repeat], hidden: int, lead: str = "exact repeat of ") -> str:
    parts = []
    for r in shown[:3]:
        metric = f", {r.metric}" if r.metric else ""
        said = f"{_said(r.outcome)}: the run died of its environment" if r.lost else _said(r.outcome)
        parts.append(f"{r.ref} ({said}{metric})")
    if len(shown) > 3:
        parts.append(f"{len(shown) - 3} more")
    if hidden:
        parts.append(f"{hidden} withheld experiment(s), not shown")
    if not parts:
        return ""
    return lead + ", ".join(parts)


def _said(outcome: Any) -> str:
    return _SAID.get(str(outcome), str(outcome))
