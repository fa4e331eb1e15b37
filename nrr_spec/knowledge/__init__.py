"""The knowledge engine: before the next experiment runs, ask the records whether that kind of change
already failed here, how often, and how sure we are.

- `index`: a SQLite index beside the records folder, kept in step incrementally.
- `stats`, `beta`: hierarchical Beta-Binomial shrinkage (all changes -> category -> parameter ->
  direction) with credible intervals computed from the standard library.
- `advice`, `verdict`: verdict (proceed, caution, avoid), probability and a reason a person can check;
  `repeats`: exact repeats of a proposed change, named first.
- `proposal_view`: a description with its outcome words cut, as it read before the run.
- `resolve`: a proposal's words read as the parameters the records already hold.
- `history`, `recent`, `signals`, `calibrated`: the features known before a run and the logistic
  model, fitted across logs, that turns them into a probability (`coefficients.json`).
- `withheld`: restricted and embargoed records count in statistics but are never shown.
- `similarity`, `search`, `memory`: nearest earlier experiments by structure and text, from the
  index or (in replay) from what was seen so far.
- `replay`: re-run a finished log and score the advice it would have given.
- `recording`: write the record of a finished experiment and index it.
- `api`: `check_proposal`, `similar`, `patterns`, `record_experiment`; the same over MCP is `nrr_spec.mcp`, a face beside the CLI.
"""
