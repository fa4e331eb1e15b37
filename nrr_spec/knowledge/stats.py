"""Hierarchical Beta-Binomial shrinkage of keep rates: all changes -> category -> parameter -> direction.

Each group's keep rate has a Beta prior centred on its parent's posterior mean, with a prior
strength `m` (in pseudo-observations) per level. `m` is estimated by the empirical-Bayes method of
moments from the spread of the groups at that level (the between-group variance left over after
the binomial noise each group's size explains); with too few groups to estimate a spread it falls
back to `DEFAULT_STRENGTH`, i.e. a group needs about four attempts of its own before its data
outweighs what its parent says. A prior is never stronger than the parent's own posterior (its
a + b), so a parent known from little data passes on little certainty. The credible interval is
that of the most specific group's Beta posterior.

Evidence is discounted with age, counted in decided experiments of the same session: a search's
keep rate drifts as it goes (the early changes pick the low-hanging fruit), so the rate of all
changes has a half-life of `HALF_LIFE_ALL` experiments; what one kind of change did stays telling
for longer (`HALF_LIFE_GROUP`). Raw counts are kept beside the weighted ones for people to read.

Crashes count as "did not improve" everywhere, except infrastructure crashes (out of memory on a
shared node, a lost machine): they say nothing about the idea, so they are left out of the idea's
groups and enter the probability once, as the chance that any run is lost to the infrastructure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model.vocabulary import ChangeDirection, values
from .beta import beta_cdf, credible_interval

DEFAULT_STRENGTH = 4.0
HALF_LIFE_ALL = 16.0
HALF_LIFE_GROUP = 32.0
DECAY_ALL = 0.5 ** (1 / HALF_LIFE_ALL)
DECAY_GROUP = 0.5 ** (1 / HALF_LIFE_GROUP)
# The data can never show a group to be exactly like its parent (a method-of-moments variance of
# zero is common with small groups), so a prior is worth at most twenty attempts of the group's own.
MIN_STRENGTH, MAX_STRENGTH = 1.0, 20.0
LEVELS = ("category", "parameter", "change")  # below "all"; "change" is (parameter, direction)
DIRECTIONAL = frozenset(values(ChangeDirection)) - {ChangeDirection.set.value}  # every direction that says which way


@dataclass
class Counts:
    """Decided experiments in one group: age-weighted `n` tried, `k` kept, crashes and infrastructure
    crashes among them; `tried`, `kept`, `crashed`, `lost` are the same, unweighted."""

    n: float = 0.0
    k: float = 0.0
    crashes: float = 0.0
    infra: float = 0.0
    tried: int = 0
    kept: int = 0
    crashed: int = 0
    lost: int = 0
    # The idea attempts and keeps weighted as the overall rate weighs them (`DECAY_ALL`), so that the
    # group can be taken out of the overall rate when it is compared with it.
    n_all: float = 0.0
    k_all: float = 0.0
    stamp: int = 0  # the table clock the weights were last brought up to

    def add(self, success: bool, crash: bool, infra: bool, weight: float = 1.0) -> None:
        self.n += weight
        self.k += weight if success else 0.0
        self.crashes += weight if crash else 0.0
        self.infra += weight if infra else 0.0
        self.n_all += 0.0 if infra else 1.0
        self.k_all += 1.0 if success else 0.0
        self.tried += 1
        self.kept += success
        self.crashed += crash
        self.lost += infra

    def decay(self, clock: int, rate: float) -> None:
        """Age the weights to `clock` (one step per decided experiment since the last update)."""
        if clock != self.stamp:
            factor = rate ** (clock - self.stamp)
            self.n, self.k, self.crashes, self.infra = (
                self.n * factor,
                self.k * factor,
                self.crashes * factor,
                self.infra * factor,
            )
            overall = DECAY_ALL ** (clock - self.stamp)
            self.n_all, self.k_all = self.n_all * overall, self.k_all * overall
            self.stamp = clock

    @property
    def idea_n(self) -> float:
        """Attempts that say something about the idea (infrastructure crashes left out)."""
        return self.n - self.infra


@dataclass
class Observation:
    """What the statistics need from one decided experiment."""

    success: bool
    crash: bool
    infra: bool
    category: str
    changes: tuple[tuple[str, str], ...]  # (parameter, direction)


def group_keys(category: str, changes: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (level, key) groups an experiment belongs to, below the global group: its category, each
    distinct parameter it changes, and each distinct (parameter, direction)."""
    keys = [("category", category)]
    for parameter, direction in dict.fromkeys(changes):
        if ("parameter", parameter) not in keys:
            keys.append(("parameter", parameter))
        keys.append(("change", change_key(parameter, direction)))
    return keys


def change_key(parameter: str, direction: str) -> str:
    return f"{parameter}|{direction}"


@dataclass
class Table:
    """Counts for every group, updated one observation at a time (replay) or loaded from the index.

    Loaded tables hold weights already aged by the index; incremental tables age them lazily
    (each group remembers the clock it was last updated at).
    """

    total: Counts = field(default_factory=Counts)
    groups: dict[tuple[str, str], Counts] = field(default_factory=dict)
    clock: int = 0
    _strength: dict[str, float] = field(default_factory=dict)

    def add(self, obs: Observation) -> None:
        self.clock += 1
        self.total.decay(self.clock, DECAY_ALL)
        self.total.add(obs.success, obs.crash, obs.infra)
        for key in group_keys(obs.category, obs.changes):
            counts = self.groups.setdefault(key, Counts(stamp=self.clock))
            counts.decay(self.clock, DECAY_GROUP)
            counts.add(obs.success, obs.crash, obs.infra)
        self._strength.clear()

    def get(self, level: str, key: str) -> Counts:
        counts = self.groups.get((level, key))
        if counts is None:
            return Counts()
        counts.decay(self.clock, DECAY_GROUP)
        return counts

    def strength(self, level: str) -> float:
        if level not in self._strength:
            self._strength[level] = estimate_strength(self.get(lv, key) for (lv, key) in list(self.groups) if lv == level)
        return self._strength[level]


def estimate_strength(groups: Iterable[Counts]) -> float:
    """Empirical-Bayes method-of-moments prior strength from the groups of one level.

    With rates p_i = k_i / n_i, N = sum(n_i) and the pooled rate mu, the weighted sum of squares
    S = sum(n_i (p_i - mu)^2) has expectation (G - 1) mu(1 - mu) + tau^2 (N - sum(n_i^2) / N) over
    G groups, where tau^2 is the between-group variance (the DerSimonian-Laird estimator). A Beta
    prior of mean mu and strength m has variance mu(1 - mu) / (m + 1), so m = mu(1 - mu) / tau^2 - 1.
    """
    rates: list[tuple[float, float]] = [(c.k / c.idea_n, c.idea_n) for c in groups if c.idea_n >= 2]
    if len(rates) < 5:
        return DEFAULT_STRENGTH
    total = sum(n for _, n in rates)
    mu = sum(p * n for p, n in rates) / total
    if mu <= 0.0 or mu >= 1.0:
        return MAX_STRENGTH  # every group agrees completely: the parent says it all
    squares = sum(n * (p - mu) ** 2 for p, n in rates)
    tau2 = (squares - (len(rates) - 1) * mu * (1 - mu)) / (total - sum(n * n for _, n in rates) / total)
    if tau2 <= 0:
        return MAX_STRENGTH
    return min(MAX_STRENGTH, max(MIN_STRENGTH, mu * (1 - mu) / tau2 - 1))


@dataclass
class Posterior:
    """A Beta posterior for one group's keep rate, with the counts behind it."""

    level: str
    key: str
    a: float
    b: float
    counts: Counts

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        return credible_interval(self.a, self.b, level)

    def mass_below(self, x: float) -> float:
        """Posterior probability that the group's keep rate is below `x`."""
        return beta_cdf(x, self.a, self.b)


def chain(table: Table, category: str, parameter: str | None, direction: str | None) -> list[Posterior]:
    """Posteriors from all changes down to the most specific group the proposal names."""
    total = table.total
    total.decay(table.clock, DECAY_ALL)
    a, b = 0.5 + total.k, 0.5 + total.idea_n - total.k  # Jeffreys prior for the global rate
    out = [Posterior("all", "all changes", a, b, total)]
    path: list[tuple[str, str]] = [("category", category)]
    # A directed change shrinks towards its category, not towards the same parameter moved the
    # other way: increasing a learning rate failing four times says little about decreasing it.
    if parameter and direction in DIRECTIONAL:
        path.append(("change", change_key(parameter, direction)))
    elif parameter:
        path.append(("parameter", parameter))
    counts = [table.get(level, key) for level, key in path]
    for i, (level, key) in enumerate(path):
        parent = out[-1].mean
        # The parent's mean is itself only known as well as its posterior's size; a prior stronger
        # than that would claim more certainty than the data behind it.
        m = min(table.strength(level), out[-1].a + out[-1].b)
        c = counts[i]
        # Each level learns only from its experiments outside the next, more specific group, so no
        # experiment is counted twice on the way down (the overall rate is the exception: it is the
        # recent base rate of the whole search, to which one group adds little).
        k, n = c.k, c.idea_n
        if i + 1 < len(path):
            inner = counts[i + 1]
            k, n = max(0.0, k - inner.k), max(0.0, n - inner.idea_n)
            k = min(k, n)
        a, b = m * parent + k, m * (1 - parent) + n - k
        out.append(Posterior(level, key, a, b, c))
    return out


@dataclass
class Neighbour:
    """An earlier experiment nearly identical to the proposal: its similarity, outcome and age weight."""

    similarity: float
    success: bool
    weight: float = 1.0


def near_level(parent: Posterior, prior_mean: float, neighbours: list[Neighbour]) -> Posterior | None:
    """The most specific level: the near-identical earlier experiments, each counted in proportion to
    its similarity and age, shrunk towards the estimate of the groups above (strength at most
    `DEFAULT_STRENGTH`, and never more than the parent's posterior size)."""
    if not neighbours:
        return None
    n = sum(x.similarity * x.weight for x in neighbours)
    k = sum(x.similarity * x.weight for x in neighbours if x.success)
    kept = sum(1 for x in neighbours if x.success)
    counts = Counts(n, k, tried=len(neighbours), kept=kept)
    m = min(DEFAULT_STRENGTH, parent.a + parent.b)
    return Posterior("similar", "near-identical experiments", m * prior_mean + k, m * (1 - prior_mean) + n - k, counts)


def typical_rate(table: Table, group: Counts | None) -> float:
    """The keep rate of a typical other change here: the overall rate with `group`'s own experiments
    taken out, so that a change's failures do not lower the bar it is compared with."""
    total = table.total
    total.decay(table.clock, DECAY_ALL)
    k, n = total.k, total.idea_n
    if group is not None:
        k, n = max(0.0, k - group.k_all), max(0.0, n - group.n_all)
        k = min(k, n)
    return (0.5 + k) / (1.0 + n)


def infra_rate(table: Table) -> float:
    """Smoothed chance that a run is lost to the infrastructure, whatever it tries."""
    # A weak prior of one lost run in forty keeps a single early loss from dominating.
    return (table.total.lost + 0.5) / (table.total.tried + 20.0)
