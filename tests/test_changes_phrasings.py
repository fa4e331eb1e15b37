"""Phrasings of a change the clause rules read: switches, tuples and ranges, units before a noun,
context at the start of a clause, identifiers side by side and in camelCase. Made-up phrases."""

from __future__ import annotations

from reading import triples
from table_tests import table_test

from nrr_spec.changes import normalise_parameter
from nrr_spec.changes.clauses import STEPS, parse_clause

test_each_phrasing_reads_as_its_changes = table_test(
    triples,
    [
        # --- switches and removals
        # a switch written after what it switches, or as two words before it
        ("dropout off", [("dropout", None, "disable")]),
        ("rotary embeddings on", [("rotary_embeddings", None, "enable")]),
        ("turn off gradient clipping", [("gradient_clipping", None, "disable")]),
        ("switch on EMA of the weights", [("ema_of_the_weights", None, "enable")]),
        # a switch given as a value keeps the value and says which way it went
        ("fused_adam=off", [("fused_adam", "off", "disable")]),
        ("USE_BIAS=true", [("use_bias", "true", "enable")]),
        # "drop" without a value removes; with one it lowers
        ("drop the bias", [("bias", None, "remove")]),
        ("drop LR to 0.01", [("learning_rate", "0.01", "decrease")]),
        # --- a tuple or a range is one value
        ("betas (0.9, 0.95)", [("betas", "(0.9, 0.95)", "set")]),
        ("set betas to (0.85, 0.99)", [("betas", "(0.85, 0.99)", "set")]),
        ("betas=(0.9,0.98) and dropout 0.1", [("betas", "(0.9,0.98)", "set"), ("dropout", "0.1", "set")]),
        ("n_layers 6-8", [("n_layers", "6-8", "set")]),
        ("warmup 100..500 steps", [("warmup_steps", "100..500", "set")]),
        # numbers in parentheses after a value remain a remark
        ("depth 8 (1.02, 1.03)", [("depth", "8", "set")]),
        # --- settings in parentheses complete a change named in words
        (
            "DCFR-style discounting (α=1.5, γ=2)",
            [("discounting", "DCFR-style", "replace"), ("alpha", "1.5", "set"), ("gamma", "2", "set")],
        ),
        ("halve the batch to 2^14 (device_batch=8)", [("batch_size", "2^14", "decrease"), ("device_batch", "8", "set")]),
        # beside settings written out, or after a context clause, they are a remark or the context's
        ("depth=8 lr=5e-4 (narrower=worse)", [("depth", "8", "set"), ("learning_rate", "5e-4", "set")]),
        ("top_k 90 on the merged pool (k=60)", [("top_k", "90", "set")]),
        # and parentheses holding anything besides settings stay a remark
        ("DCFR-style discounting (alpha=1.5, worse)", [("discounting", "DCFR-style", "replace")]),
        # --- a list of values is still several changes
        (
            "try GELU, SiLU and tanh",
            [("activation", "GELU", "replace"), ("activation", "SiLU", "replace"), ("activation", "tanh", "replace")],
        ),
        # --- a number before a noun
        # a unit before a noun measures the noun; it does not count "min"s
        ("30-sec warmup", [("warmup_ratio", "30sec", "set")]),
        ("depth 6 with 10-minute budget", [("depth", "6", "set"), ("budget", "10minute", "set")]),
        # a counted noun is still a count
        ("3-layer MLP", [("depth", "3", "set")]),
        ("reduce to 6 heads", [("heads", "6", "decrease")]),
        # --- a clause that starts with a context word is no change
        ("lr 3e-4, keeping wd 0.1", [("learning_rate", "3e-4", "set")]),
        ("width 512, holding depth at 8", [("width", "512", "set")]),
        ("keeping batch 64", []),
        # --- code identifiers side by side are one change each; words are one name
        ("add house_age_sq lot_area_log", [("house_age_sq", None, "add"), ("lot_area_log", None, "add")]),
        ("remove encoder.bias decoder.bias", [("encoder_bias", None, "remove"), ("decoder_bias", None, "remove")]),
        ("add logit softcap", [("logit_softcap", None, "add")]),
    ],
)


test_camel_case_identifiers_of_three_words_are_code = table_test(
    normalise_parameter,
    [
        ("SplitByChannel", "split_by_channel"),
        ("useFusedKernel", "use_fused_kernel"),
        # two humps are as often a name written as one word
        ("RoPE", "rope"),
        ("NorMuon", "normuon"),
        ("LayerNorm", "layernorm"),
    ],
)


def test_every_step_says_none_for_a_phrasing_it_does_not_read() -> None:
    # each step is a reader of one phrasing: a clause of plain words is left to the last one
    assert [step("logit softcap") for step in STEPS[:-1]] == [None] * (len(STEPS) - 1)
    assert parse_clause("logit softcap") == [{"parameter": "logit_softcap", "from": None, "to": None, "direction": "add"}]
