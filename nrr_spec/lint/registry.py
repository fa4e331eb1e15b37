"""The rule registry: every code the validator can emit, with what it checks and why.

The rule catalogue page (docs/rules.md) is rendered from this table, so documentation and
behaviour cannot drift apart; codes are stable and never reused.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = {
    "NRR0": "Input: files that cannot be read as records",
    "NRR1": "Schema: the record does not follow the JSON Schema",
    "NRR2": "Identity and metadata: identifiers, licences, dates",
    "NRR3": "Statistics: numbers that cannot all be true",
    "NRR4": "Reproducibility and recommended fields",
    "NRR5": "Dual use: who may see a failure",
    "NRR6": "Collection: records checked together",
}


@dataclass(frozen=True)
class Rule:
    """Documentation and default severity of one rule code."""

    code: str
    name: str
    severity: str
    summary: str
    why: str
    example: str
    fix: str
    fixable: bool = False

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:4]]


RULES: dict[str, Rule] = {}


def _rule(code: str, name: str, severity: str, summary: str, why: str, example: str, fix: str, fixable: bool = False) -> None:
    RULES[code] = Rule(code, name, severity, summary, why, example, fix, fixable)


# ---------------------------------------------------------------- NRR0xx input
_rule(
    "NRR001",
    "invalid-syntax",
    "error",
    "The file is not valid JSON or YAML.",
    "Nothing else can be checked until the file parses.",
    '{"id": "x",}',
    "Fix the syntax at the reported position.",
)
_rule(
    "NRR002",
    "duplicate-key",
    "error",
    "A key appears twice in one object.",
    "Parsers keep one of the two values silently, so the record says two different things.",
    "title: First title\ntitle: Second title",
    "Keep one of the two values.",
)
_rule(
    "NRR003",
    "not-text",
    "error",
    "The file is binary or not UTF-8.",
    "Records are UTF-8 text so every tool reads them the same way.",
    "(bytes 0xff 0xfe ...)",
    "Save the file as UTF-8.",
)
_rule(
    "NRR004",
    "file-too-large",
    "error",
    "The file is larger than a record file may be.",
    "A record is a few kilobytes; a huge file is almost always the wrong file, and reading it costs memory.",
    "(a 50 MB file)",
    "Split it into one file per record, or use JSON Lines.",
)
_rule(
    "NRR005",
    "too-deep",
    "error",
    "The document is nested deeper than any record can be.",
    "Deep nesting exhausts parsers; records are at most a few levels deep.",
    "[[[[[[...]]]]]]",
    "Flatten the document.",
)
_rule(
    "NRR006",
    "yaml-alias-bomb",
    "error",
    "YAML anchors and aliases expand the document beyond reason.",
    "Aliases can expand a small file into billions of values (the billion-laughs attack).",
    "a: &a [x, x]\nb: &b [*a, *a]\n...",
    "Write the values out; records do not need anchors.",
)
_rule(
    "NRR007",
    "unreadable",
    "error",
    "The file cannot be read.",
    "A record that cannot be read cannot be checked.",
    "(permission denied)",
    "Check the path and its permissions.",
)
_rule(
    "NRR008",
    "not-a-record",
    "error",
    "The document is not an object (a mapping of fields).",
    "A record is one object; a list, a string or an empty file is not.",
    "- id: a\n- id: b",
    "Write one record per file as a mapping, or use JSON Lines for many.",
)

# ---------------------------------------------------------------- NRR1xx schema
_rule(
    "NRR101",
    "missing-field",
    "error",
    "A required field is missing.",
    "Required fields are the minimum a negative result needs to be understood and cited.",
    "id: my-record\ntitle: A failure\n# no problem, no results",
    "Add the field; the message names it.",
)
_rule(
    "NRR102",
    "unknown-field",
    "error",
    "A field that the schema does not define.",
    "Unknown keys are almost always typos, and a typo silently drops the information.",
    "titel: A failure",
    "Rename it to the field meant (the hint suggests one), or move lab data under `extensions`.",
)
_rule(
    "NRR103",
    "wrong-type",
    "error",
    "A value has the wrong type.",
    "Tools read numbers as numbers and lists as lists.",
    'results:\n  outcomes:\n    - metric: dice\n      value: "71.4"',
    "Write the value with the type the schema asks for.",
)
_rule(
    "NRR104",
    "not-allowed-value",
    "error",
    "A value is not one of the allowed values.",
    "Controlled vocabularies make records comparable and filterable.",
    "kind: negative",
    "Use one of the listed values.",
)
_rule(
    "NRR105",
    "bad-form",
    "error",
    "A string does not have the required form (pattern).",
    "Identifiers, hashes and slugs have fixed forms that other tools rely on.",
    "id: My Record!",
    "Rewrite the value in the form the hint describes.",
)
_rule(
    "NRR106",
    "bad-format",
    "error",
    "A date, URI or e-mail address is malformed.",
    "Dates are ISO 8601 (YYYY-MM-DD); URIs are absolute; addresses have a domain.",
    "created: 01/03/2025",
    "Write dates as YYYY-MM-DD and URIs with their scheme.",
)
_rule(
    "NRR107",
    "out-of-range",
    "error",
    "A number is outside its allowed range.",
    "Counts start at 1 and probabilities lie in [0, 1].",
    "methods:\n  runs_per_condition: 0",
    "Use a value within the range in the message.",
)
_rule(
    "NRR108",
    "bad-length",
    "error",
    "A string or list is too short or too long.",
    "Empty required text carries no information.",
    "title: ''",
    "Fill in the value.",
)
_rule(
    "NRR109",
    "schema-violation",
    "error",
    "Another schema violation.",
    "The record must follow the published schema.",
    "(see the message)",
    "Follow the message; the schema reference documents every field.",
)
_rule(
    "NRR110",
    "unknown-schema-version",
    "error",
    "The `schema_version` is not a version this validator knows.",
    "A record is checked against the schema of its version; an unknown version cannot be checked.",
    'schema_version: "0.9"',
    "Use one of the known versions listed in the message.",
)
_rule(
    "NRR111",
    "missing-schema-version",
    "error",
    "The record has no `schema_version`.",
    "Without it, no tool can tell which version of the standard the record follows.",
    "id: my-record\ntitle: ...",
    'Add `schema_version: "1.0"` (`--fix` does it).',
    fixable=True,
)

# ---------------------------------------------------------------- NRR2xx identity and metadata
_rule(
    "NRR201",
    "orcid-checksum",
    "error",
    "An ORCID iD has a wrong check digit (ISO 7064 MOD 11-2).",
    "A wrong digit links the work to another person, or to nobody.",
    "orcid: 0000-0002-1825-0098",
    "Copy the iD from the person's ORCID page.",
)
_rule(
    "NRR202",
    "orcid-form",
    "info",
    "An ORCID iD is not written in its URL form.",
    "ORCID asks for the full https://orcid.org/ URL wherever an iD is shown.",
    "orcid: 0000-0002-1825-0097",
    "Write https://orcid.org/0000-0002-1825-0097 (`--fix` does it).",
    fixable=True,
)
_rule(
    "NRR203",
    "doi-form",
    "error",
    "A DOI is malformed, or disagrees with the arXiv id beside it.",
    "A DOI that does not resolve breaks the citation.",
    "doi: https://doi.org/10.1234/abc.",
    "Write the bare DOI (10.prefix/suffix) with no trailing punctuation (`--fix` removes resolver prefixes).",
    fixable=True,
)
_rule(
    "NRR204",
    "arxiv-form",
    "error",
    "An arXiv identifier is malformed.",
    "arXiv ids are YYMM.NNNNN (or archive/YYMMNNN before 2007); anything else does not resolve.",
    "arxiv: arXiv:2006.10726",
    "Write the bare id, e.g. 2006.10726 (`--fix` strips prefixes and URLs).",
    fixable=True,
)
_rule(
    "NRR205",
    "spdx-license",
    "error",
    "A licence is not an SPDX licence identifier or expression.",
    "SPDX identifiers are what catalogues and tools understand; free text is not.",
    "license: Creative Commons",
    "Use an SPDX id such as CC-BY-4.0 or MIT, or LicenseRef-<name> (`--fix` corrects the letter case).",
    fixable=True,
)
_rule(
    "NRR206",
    "deprecated-license",
    "warning",
    "A licence identifier is deprecated by SPDX.",
    "Deprecated ids are ambiguous (GPL-2.0: only, or later?).",
    "license: GPL-2.0",
    "Use the current id, e.g. GPL-2.0-only.",
)
_rule(
    "NRR207",
    "date-in-future",
    "error",
    "A date lies in the future.",
    "Work cannot be created, revised or reviewed tomorrow.",
    "created: 2099-01-01",
    "Correct the date.",
)
_rule(
    "NRR208",
    "updated-before-created",
    "error",
    "`updated` is earlier than `created`.",
    "A record cannot change before it exists.",
    "created: 2025-04-01\nupdated: 2025-03-01",
    "Swap or correct the dates.",
)

# ---------------------------------------------------------------- NRR3xx statistics
_rule(
    "NRR301",
    "p-value-range",
    "error",
    "A p-value lies outside [0, 1].",
    "A p-value is a probability.",
    "p_value: 1.3",
    "Report the p-value itself, not a test statistic or a percentage.",
)
_rule(
    "NRR302",
    "interval-order",
    "error",
    "An interval's lower bound is above its upper bound.",
    "Swapped bounds usually mean swapped columns, and every reader of the interval is misled.",
    "uncertainty: {kind: ci, lower: 74.9, upper: 71.2}",
    "Put the smaller bound in `lower`.",
)
_rule(
    "NRR303",
    "interval-excludes-estimate",
    "error",
    "A confidence interval does not contain its point estimate.",
    "An interval around an estimate contains it; if not, one of the numbers is wrong.",
    "value: 71.4\nuncertainty: {kind: ci, lower: 72.0, upper: 75.0}",
    "Check the estimate and both bounds.",
)
_rule(
    "NRR304",
    "sample-size",
    "error",
    "A sample size below 1.",
    "A result rests on at least one run or unit.",
    "n: 0",
    "Report the number of runs or units behind the value.",
)
_rule(
    "NRR305",
    "unit-mismatch",
    "error",
    "A result's unit differs from the unit its metric declares.",
    "Comparing 0.71 with 71 % across records is how wrong conclusions are drawn.",
    "metrics: [{name: dice, unit: '%'}]\noutcomes: [{metric: dice, unit: fraction}]",
    "Convert the value, or fix the unit.",
)
_rule(
    "NRR306",
    "undeclared-metric",
    "warning",
    "A result names a metric that `methods.metrics` does not declare.",
    "The declaration carries the unit and the direction that make the number interpretable.",
    "outcomes: [{metric: dise}]",
    "Declare the metric in methods.metrics, or fix the name.",
)
_rule(
    "NRR307",
    "incomparable-baseline",
    "warning",
    "A value and its baseline differ so much that they look like different scales.",
    "0.71 against a baseline of 73.0 is a fraction against a percentage, not a failure.",
    "value: 0.714\nbaseline: 73.0",
    "Put value and baseline on the same scale.",
)
_rule(
    "NRR308",
    "delta-mismatch",
    "error",
    "`delta` is not `value - baseline`.",
    "The delta is what readers skim; it must agree with the numbers.",
    "value: 71.4\nbaseline: 73.0\ndelta: 1.6",
    "Set delta to value - baseline (mind the sign).",
)
_rule(
    "NRR309",
    "failure-class-inconsistent",
    "error",
    "The failure class contradicts the numbers, the metric direction or the outcome.",
    "A 'regression' that improved the metric misleads every later search for what failed.",
    "experiment:\n  failure_class: regression\n  metric: {value: 0.99, baseline: 1.0, direction: lower}",
    "Choose the class the numbers support, or check the direction.",
)
_rule(
    "NRR310",
    "harm-without-harm",
    "warning",
    "Evidence of harm is claimed but no outcome is worse than its baseline.",
    "The evidence class should follow from the reported outcomes.",
    "evidence_class: evidence_of_harm\n# every outcome better than baseline",
    "Choose the evidence class the outcomes support, or add the outcome that shows harm.",
)
_rule(
    "NRR311",
    "absence-unsupported",
    "warning",
    "Evidence of absence is claimed without a power analysis or an equivalence test.",
    "A non-significant result alone cannot rule an effect out: without power or equivalence it is inconclusive.",
    "evidence_class: evidence_of_absence\n# no methods.power_analysis, no equivalence_test",
    "Add the power analysis or an equivalence test, or call the result inconclusive.",
)
_rule(
    "NRR312",
    "uncertainty-incomplete",
    "warning",
    "An uncertainty lacks the numbers its kind needs.",
    "An sd without a value, or an interval without bounds, says nothing.",
    "uncertainty: {kind: ci}",
    "Give `value` for sd/se, `lower` and `upper` for ci, iqr and range.",
)

# ---------------------------------------------------------------- NRR4xx reproducibility and recommended fields
_rule(
    "NRR401",
    "no-commit",
    "warning",
    "No code commit is recorded.",
    "Without the commit, nobody can rerun the exact code.",
    "reproducibility:\n  code: {repository: https://github.com/lab/repo}",
    "Add reproducibility.code.commit.",
)
_rule(
    "NRR402",
    "no-environment",
    "warning",
    "No software environment is recorded.",
    "Failures often depend on library versions; record them.",
    "reproducibility: {seeds: [0]}",
    "Add reproducibility.environment (python, packages).",
)
_rule(
    "NRR403",
    "no-seeds",
    "warning",
    "No random seeds are recorded.",
    "Seeds separate a real failure from an unlucky draw.",
    "methods: {runs_per_condition: 3}",
    "List the seeds in methods.seeds or reproducibility.seeds.",
)
_rule(
    "NRR410",
    "no-kind",
    "warning",
    "The record does not say what kind of negative result it is.",
    "Novel method vs existing method (NMNR/EMNR) changes how a reader weighs it.",
    "title: ...\n# no kind",
    "Add kind: novel_method, existing_method, replication, applied or automated_experiment.",
)
_rule(
    "NRR411",
    "no-authors",
    "warning",
    "The record has no authors.",
    "A record without authors cannot be cited or questioned.",
    "authors: []",
    "Add at least one author (a loop's operator counts).",
)
_rule(
    "NRR412",
    "no-license",
    "warning",
    "The record has no licence.",
    "Without a licence, others may not reuse the record.",
    "# no license",
    "Add license: CC-BY-4.0 (or another SPDX id).",
)
_rule(
    "NRR413",
    "no-hypothesis",
    "warning",
    "The record states no hypothesis.",
    "A negative result is negative with respect to a hypothesis; without it the result cannot be interpreted.",
    "# no hypothesis",
    "Add hypothesis.statement.",
)
_rule(
    "NRR414",
    "no-methods",
    "warning",
    "The record has no methods section.",
    "Readers must know how the hypothesis was tested.",
    "# no methods",
    "Add methods (design, metrics, baselines, seeds).",
)
_rule(
    "NRR415",
    "no-interpretation",
    "info",
    "The record offers no interpretation of why it failed.",
    "The why is the most reusable part of a failure.",
    "# no interpretation",
    "Add interpretation (causes, explanation).",
)
_rule(
    "NRR416",
    "no-dual-use",
    "info",
    "The record has no dual-use assessment.",
    "Deciding how widely to share a failure is part of publishing it.",
    "# no dual_use",
    "Add dual_use with concern and disclosure.",
)

# ---------------------------------------------------------------- NRR5xx dual use
_rule(
    "NRR501",
    "concern-public",
    "error",
    "Moderate or high dual-use concern with public disclosure, and no review approving it.",
    "A failure that helps misuse should not be public unless a reviewer decided it may be.",
    "dual_use: {concern: high, disclosure: public}",
    "Restrict or embargo the record, or record a review that decided publish or publish_with_framing.",
)
_rule(
    "NRR502",
    "restricted-without-assessment",
    "error",
    "A restricted or embargoed record has no assessment.",
    "Withholding a result needs a stated reason that reviewers can check.",
    "dual_use: {concern: high, disclosure: restricted}",
    "Write dual_use.assessment.",
)
_rule(
    "NRR503",
    "embargo-without-date",
    "error",
    "An embargoed record has no `embargo_until` date.",
    "An embargo without an end is a restriction; publishers need the date to release it.",
    "dual_use: {disclosure: embargoed}",
    "Add dual_use.embargo_until, or use disclosure: restricted.",
)
_rule(
    "NRR504",
    "published-unreviewed",
    "error",
    "A moderate or high concern record is published without a recorded review.",
    "It cannot be published until reviewed.",
    "status: published\ndual_use: {concern: moderate, disclosure: restricted}",
    "Record a review in dual_use.reviewers (nrr review), or set status back.",
)
_rule(
    "NRR505",
    "review-contradicts-disclosure",
    "error",
    "The latest review's decision contradicts the disclosure.",
    "A review that restricted a record must be honoured by its disclosure.",
    "dual_use:\n  disclosure: public\n  reviewers: [{decision: restrict, ...}]",
    "Follow the latest decision, or record a new review.",
)
_rule(
    "NRR506",
    "concern-without-assessment",
    "warning",
    "Moderate or high concern without an assessment.",
    "Reviewers and readers need the reasoning behind the level.",
    "dual_use: {concern: moderate}",
    "Write dual_use.assessment.",
)
_rule(
    "NRR507",
    "framing-missing",
    "warning",
    "A review asked for framing but the record has no framing statement.",
    "publish_with_framing means the record is shown only with its context.",
    "reviewers: [{decision: publish_with_framing}]\n# no framing_statement",
    "Write dual_use.framing_statement.",
)

# ---------------------------------------------------------------- NRR6xx collection
_rule(
    "NRR601",
    "duplicate-id",
    "error",
    "Two records share an id.",
    "The id is the URL and the citation key: it must be unique.",
    "# a.yaml: id: lr-warmup\n# b.yaml: id: lr-warmup",
    "Give one of them a new id.",
)
_rule(
    "NRR602",
    "unresolved-link",
    "warning",
    "A related-record link names an id that is not among the records checked.",
    "A dangling link leads readers nowhere.",
    "related: [{id: no-such-record, relation: extends}]",
    "Fix the id, or validate the whole collection (a link outside it is reported as a warning).",
)
_rule(
    "NRR603",
    "revisions-out-of-order",
    "error",
    "Revisions are not in order of version and date.",
    "The revision history is read oldest first.",
    "revisions:\n  - {version: 3, date: 2025-05-01}\n  - {version: 2, date: 2025-04-01}",
    "Sort revisions oldest first, with increasing versions.",
)
_rule(
    "NRR604",
    "version-mismatch",
    "error",
    "`version` does not match the last revision.",
    "Each revision bumps the version; the two must agree.",
    "version: 2\nrevisions: [{version: 3, ...}]",
    "Set version to the last revision's version.",
)
_rule(
    "NRR605",
    "self-link",
    "warning",
    "A record links to itself.",
    "A self-link is a copy-paste slip.",
    "id: a\nrelated: [{id: a, relation: extends}]",
    "Link to the other record.",
)


def rule(code: str) -> Rule:
    """The rule registered under `code` (KeyError for unknown codes)."""
    return RULES[code]
