"""NRR4xx: the reproducibility appendix and the recommended fields a reader needs.

Records converted from experiment logs (kind automated_experiment, or carrying `experiment`)
describe one loop iteration, not a paper: hypothesis, methods, authors, licence, environment and
seeds live with the loop, so only the checks that make sense per experiment apply to them.
"""

from __future__ import annotations

from .context import RuleContext


def check(ctx: RuleContext) -> None:
    record = ctx.record
    repro = record.reproducibility
    automated = ctx.automated
    has_commit = bool(repro and repro.code and repro.code.commit) or bool(record.experiment and record.experiment.commit)
    if not has_commit:
        ctx.report("NRR401", "/reproducibility" if repro else "", "no code commit recorded (reproducibility.code.commit)")
    if record.kind is None:
        ctx.report("NRR410", "", "the record does not say what kind of negative result it is (`kind`)")
    if automated:
        return
    if not (repro and repro.environment):
        ctx.report(
            "NRR402", "/reproducibility" if repro else "", "no software environment recorded (reproducibility.environment)"
        )
    seeds = bool(repro and repro.seeds) or bool(record.methods and record.methods.seeds)
    if not seeds:
        ctx.report(
            "NRR403", "/methods" if record.methods else "", "no random seeds recorded (methods.seeds or reproducibility.seeds)"
        )
    if not record.authors:
        ctx.report("NRR411", "", "the record has no authors")
    if not record.license:
        ctx.report("NRR412", "", "the record has no licence (`license`)")
    if record.hypothesis is None:
        ctx.report("NRR413", "", "the record states no hypothesis")
    if record.methods is None:
        ctx.report("NRR414", "", "the record has no methods section")
    if record.interpretation is None:
        ctx.report("NRR415", "", "the record offers no interpretation of why it failed")
    if record.dual_use is None:
        ctx.report("NRR416", "", "the record has no dual-use assessment (`dual_use`)")
