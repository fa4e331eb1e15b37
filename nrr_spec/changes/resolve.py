"""A proposal's parameter words against the parameters a lab's records already hold.

"LR" is `learning_rate` to a generic vocabulary, but in a lab whose records say `matrix_lr` it is
`matrix_lr`; "model width" is `d_model` where the code calls it that. What the records folder
holds decides first, the generic synonyms after, and every resolution says how it was made, so an
answer can show "'LR' read as matrix_lr".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .abbreviations import initials, is_abbreviation
from .names import PARAMETER_SYNONYMS, RELATED_NAMES, normalise_parameter, snake_case
from .stems import stem

# Words that qualify a name without naming what it is ("model width" is the width; "n_bins" the bins).
_FILLER = frozenset(
    {"model", "the", "a", "an", "of", "size_of", "parameter", "param", "setting", "rate_of", "n", "num", "number"}
)
# "value" says nothing at the end of a name or before "of" ("lr value", "value of the lr"), but
# names a thing before another word: value embeddings, a value head (`_plain_tokens`).
# Words and the short forms code writes for them, each under one spelling: "minimum child weight" is
# min_child_weight, "value embeds" value_embeddings.
_SHORT_FORMS = {
    **dict.fromkeys(("minimum", "min"), "min"),
    **dict.fromkeys(("maximum", "max"), "max"),
    **dict.fromkeys(("emb", "embs", "embed", "embeds", "embedding", "embeddings"), "embedding"),
    **dict.fromkeys(("dim", "dims", "dimension", "dimensions"), "dim"),
    **dict.fromkeys(("temp", "temperature"), "temperature"),
    **dict.fromkeys(("freq", "frequency"), "frequency"),
    **dict.fromkeys(("attn", "attention"), "attention"),
    **dict.fromkeys(("seq", "sequence"), "sequence"),
    **dict.fromkeys(("len", "length"), "length"),
    **dict.fromkeys(("grad", "grads", "gradient", "gradients"), "gradient"),
    **dict.fromkeys(("init", "initialization", "initialisation"), "init"),
    **dict.fromkeys(("ctx", "context"), "context"),
}


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    """Each name -> every name of the same thing (`width`, `n_embd`, `d_model`, `model_dim`, ...)."""
    members: dict[str, set[str]] = {}
    for alias, canonical in (*PARAMETER_SYNONYMS.items(), *RELATED_NAMES.items()):
        members.setdefault(canonical, {canonical}).add(alias)
    members.setdefault("learning_rate", {"learning_rate"}).add("lr")
    out: dict[str, frozenset[str]] = {}
    for group in members.values():
        frozen = frozenset(group)
        for name in group:
            out[name] = out.get(name, frozenset()) | frozen
    return out


# What a length is counted in, each under one spelling: "warmup 1000 iterations" is warmup_iters. An
# iteration of a training loop is one optimizer step, so "warmup steps" finds a lab's warmup_iters.
_UNITS = {
    **dict.fromkeys(("iter", "iters", "iteration", "iterations", "its", "step", "steps"), "step"),
    **dict.fromkeys(("epoch", "epochs"), "epoch"),
    **dict.fromkeys(("token", "tokens", "tok", "toks"), "token"),
}
# A share of a whole: never what a count in units names ("warmup 400 steps" is no warmup ratio).
_SHARES = frozenset({"ratio", "frac", "fraction", "pct", "percent", "share"})


UNIT_WORDS = frozenset(_UNITS.values())


def name_tokens(name: str) -> frozenset[str]:
    """The words of a snake_case name that say what it is, by their stems (`changes.stems`), each unit
    in one spelling (iters, steps: step)."""
    return frozenset(stem(w) for w in _plain_tokens(name))


def _plain_tokens(name: str) -> frozenset[str]:
    """`name_tokens` as written, for the synonym groups, which are not stemmed."""
    words = name.replace("learning_rate", "lr").split("_")
    if words and words[-1] == "value":
        words = words[:-1]
    words = [w for i, w in enumerate(words) if not (w == "value" and i + 1 < len(words) and words[i + 1] == "of")]
    return frozenset(_UNITS.get(w, _SHORT_FORMS.get(w, w)) for w in words if w and w not in _FILLER)


def _same_measure(wanted: frozenset[str], name: str) -> bool:
    """Whether a known name can hold what words counted in a unit say: the same unit or none, never a share."""
    units = wanted & UNIT_WORDS
    if not units:
        return True
    theirs = name_tokens(name)
    return not (theirs & _SHARES) and not ((theirs & UNIT_WORDS) - units)


@dataclass(frozen=True)
class Resolution:
    """How one parameter word was read: `how` is exact, alias, abbreviation (the initials of a known
    name), part (a known name containing the word, or contained in it) or unknown (no known parameter
    fits; `parameter` is the generic reading)."""

    written: str
    parameter: str
    how: str
    alternatives: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.how in ("alias", "abbreviation", "part")

    def explain(self) -> str:
        text = f"'{self.written}' read as {self.parameter}"
        if self.alternatives:
            text += f" (also possible: {', '.join(self.alternatives)})"
        return text


# How well a known name fits what a proposal says of its value (lower is better; None: nothing to tell).
Fit = Callable[[str], "float | None"]


def resolve_parameter(written: str, known: Mapping[str, int] | Iterable[str], fit: Fit | None = None) -> Resolution:
    """The parameter `known` (names, or names with how many records use each) holds for `written`.

    Order: the name itself (as code or as words), then names of the same thing (aliases), then
    names whose initials a bare abbreviation is (`fa`: flash_attention), then known names that
    contain the word's parts or are contained in them; among several, the one `fit` says the
    proposal's value suits best ("increase LR to 0.05" where matrix_lr is 0.04 and embedding_lr
    0.9), then the most used, wins and the others are listed. Nothing fits: the generic reading,
    `how="unknown"`.
    """
    counts: Mapping[str, int] = known if isinstance(known, Mapping) else dict.fromkeys(known, 1)
    suits = _suits(fit)
    generic = normalise_parameter(written) or snake_case(written)
    for name in dict.fromkeys((generic, snake_case(written))):
        if name and name in counts:
            return Resolution(written, name, "exact")
    if not generic:
        return Resolution(written, generic, "unknown")
    groups = _groups()
    same = set(groups.get(generic, frozenset()) | groups.get(snake_case(written), frozenset()))
    wanted = name_tokens(generic)
    words = _plain_tokens(generic)
    for token in words:  # "model width": the width's names
        if token in groups and len(words) == 1:
            same |= groups[token]
    found = _pick([n for n in counts if n in same], counts, suits)
    if found:
        return Resolution(written, found[0], "alias", tuple(found[1:3]))
    if is_abbreviation(generic):  # "fa" where the lab's records name flash_attention
        found = _pick([n for n in counts if "_" in n and initials(n) == generic], counts, suits)
        if found:
            return Resolution(written, found[0], "abbreviation", tuple(found[1:3]))
    if not wanted:
        return Resolution(written, generic, "unknown")
    contain = [n for n in counts if wanted <= name_tokens(n) or (name_tokens(n) and name_tokens(n) <= wanted)]
    if not contain:  # a word of the same thing inside a longer name: "model width" -> "d_model"
        # and "GNN layers" -> "gnn_depth": the other words with it, where a name holds them too
        contain = [
            n
            for n in counts
            for t in words
            for alias in groups.get(t, ())
            if name_tokens(n) in (name_tokens(alias), (wanted - name_tokens(t)) | name_tokens(alias))
        ]
    # "newton-schulz steps" where the code says ns_steps, "value embedding wd" where it says
    # ve_weight_decay: initials, then the same words; and "volatility regime filter" where the log
    # says vol_regime_filter: all the words, some cut short. Both hold as much as the same words
    # written out ("embedding weight decay" alone holds less).
    spelled_out = [n for n in counts if _initials_then_words(generic, n)]
    shortened = [n for n in counts if _shortened(words, _plain_tokens(n))] + spelled_out
    contain = [n for n in dict.fromkeys([*contain, *shortened]) if _same_measure(wanted, n)]
    # The name that holds the most of the words, less the words it holds besides, comes first
    # ("weight decay of the embeddings" is the embeddings' weight decay, not the weight decay; "month
    # feature" is `month`, not `day_of_month_calendar_feature`), then one that holds them all, then
    # the one the value suits, then the most used.
    fits = {n: len(wanted) if n in shortened else len(name_tokens(n) & wanted) - len(name_tokens(n) - wanted) for n in contain}
    # Of two that fit alike, the one that holds every word written ("embedding norm":
    # initial_embedding_norm, not embedding).
    found = sorted(contain, key=lambda n: (-fits[n], not wanted <= name_tokens(n), suits(n), -counts[n], len(n), n))
    if found:
        return Resolution(written, found[0], "part", tuple(found[1:3]))
    return Resolution(written, generic, "unknown")


def _initials_then_words(written: str, name: str) -> bool:
    """Whether `name` is the initials of the first words written and then the rest of them
    (`ns_steps` for newton_schulz_steps); never a one-letter or whole-name abbreviation."""
    head, _, tail = name.partition("_")
    words = written.split("_")
    rest = tail.split("_") if tail else []
    if len(head) < 2 or not rest or len(words) != len(head) + len(rest):
        return False
    first, last = words[: len(head)], words[len(head) :]
    return initials("_".join(first)) == head and name_tokens("_".join(last)) == name_tokens(tail)


def _shortened(written: frozenset[str], name: frozenset[str]) -> bool:
    """Whether the two names have the same words, some of them cut short on one side (`vol` for
    volatility, `temp` for temperature): each word pairs with one of the other's that it equals or
    begins, in at least three letters, and at least one pair is cut."""
    if len(written) != len(name) or written == name:
        return False
    left = set(name)
    for word in sorted(written, key=len, reverse=True):
        match = next(
            (
                w
                for w in sorted(left)
                if w == word or (min(len(w), len(word)) >= 3 and (w.startswith(word) or word.startswith(w)))
            ),
            None,
        )
        if match is None:
            return False
        left.discard(match)
    return True


def _pick(names: list[str], counts: Mapping[str, int], suits: Callable[[str], float]) -> list[str]:
    return sorted(names, key=lambda n: (suits(n), -counts[n], len(n), n))


# A name whose value says nothing of the proposal's sorts after those whose value does. A direction
# the value contradicts (an increase to below it) counts as a ratio of e further off: a person who
# types "increase LR to 0.05" where it is 0.06 still means that learning rate, not one at 0.9.
_UNTOLD, _CONTRADICTED = 1e6, 1.0


def _suits(fit: Fit | None) -> Callable[[str], float]:
    if fit is None:
        return lambda name: 0.0

    def suits(name: str) -> float:
        found = fit(name)
        return _UNTOLD if found is None else found

    return suits


def value_fit(direction: str, target: float | None, now: float | None) -> float | None:
    """How well a parameter whose value is `now` suits a proposal to move it `direction` to `target`:
    the nearer in ratio the better ("muon momentum 0.96" is the momentum at 0.95, not the warm-up of
    200 steps), a direction the value contradicts a little worse."""
    if target is None or now is None:
        return None
    contradicted = (direction == "increase" and not target > now) or (direction == "decrease" and not target < now)
    if target == 0 or now == 0 or (target > 0) != (now > 0):
        distance = abs(target - now)
    else:
        distance = abs(math.log(abs(target) / abs(now)))
    return distance + (_CONTRADICTED if contradicted else 0.0)


def resolve_changes(
    changes: Iterable[Mapping[str, object]],
    known: Mapping[str, int] | Iterable[str],
) -> tuple[list[dict[str, object]], list[Resolution]]:
    """Changes with their parameters resolved against `known`, and how each was read."""
    pool: Mapping[str, int] | list[str] = known if isinstance(known, Mapping) else list(known)
    out, how = [], []
    for change in changes:
        written = str(change.get("parameter") or "")
        resolution = resolve_parameter(written, pool)
        out.append({**change, "parameter": resolution.parameter})
        how.append(resolution)
    return out, how
