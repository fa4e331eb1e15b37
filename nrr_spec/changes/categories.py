"""A change's category is a property of its parameter: read from the parameter's name, never from the prose around it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .names import normalise_parameter

# Category of a change, from the tokens of its parameter name (most specific rules first).
CATEGORY_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("lr_schedule", re.compile(r"warmup|warmdown|cooldown|schedule|final_lr|lr_frac|anneal|cosine|lr_decay|decay_steps|min_lr")),
    ("precision", re.compile(r"dtype|precision|bf16|fp16|fp8|fp32|int8|int4|quant|(^|_)q[48]|gptq|awq|amp$|mixed_prec")),
    (
        "regularization",
        re.compile(
            r"weight_decay|dropout|label_smooth|clip|reg_lambda|reg_alpha|min_child|(^|_)l[12]($|_)|shrink|"
            r"stochastic_depth|penalty$|^regularization|ema$|^ema|(^|_)swa($|_)"
        ),
    ),
    ("initialization", re.compile(r"init|std$|_std_")),
    ("learning_rate", re.compile(r"(^|_)lr($|_)|learning_rate|lr_scale|^lrs?$")),
    (
        "optimizer",
        re.compile(
            r"optim|adam|muon|lion|sgd|lbfgs|beta1|beta2|betas|momentum|(^|_)eps($|_)|epsilon|nesterov|"
            r"newton_schulz|ns_steps"
        ),
    ),
    ("batch_size", re.compile(r"batch(?!_?norm)|accum|prompts_per_step|micro_bs")),
    (
        "training_length",
        re.compile(
            r"(^|_)(num_)?steps$|epochs?$|time_budget|budget|iterations|n_iters|max_steps|tokens$|"
            r"restarts|duration|minutes"
        ),
    ),
    ("loss", re.compile(r"loss|ssim|contrastive|objective|z_loss|focal|huber|logit_soft")),
    ("evaluation", re.compile(r"(^|_)eval|evaluation|metric|val_split|stride")),
    (
        "data",
        re.compile(
            r"seq_len|data|augment|feature|tokeni|vocab|top_k|lookback|trailing|label|sampling|curriculum|"
            r"(^|_)mix($|_)|data_mix|shuffle|subsample|temperature|resolution|crop|encoding|padding"
        ),
    ),
    (
        "systems",
        re.compile(
            r"compile|fullgraph|kernel|fused|flash|cuda|metal|gpu|cpu|simd|cache|buffer|(^|_)pread|mmap|dispatch|"
            r"thread|alloc|memory|loop|inline|assert|(^|_)spec|speculative|draft|font|lazy|blas|parallelism|fsdp|ddp|triton|"
            r"prefetch|async|pin|offload|n_gpu|ubatch|kv_type|layout|io$|sub_batching"
        ),
    ),
    (
        "strategy",
        re.compile(
            r"signal|entry|exit|position|spread|threshold|stop|trade|regime|filter|long_only|short|vol|edge|"
            r"ladder|market|kelly|arb|scoring_weights|cfr|regret|hedge|portfolio|heuristic|waypoint|"
            r"strategy|algorithm"
        ),
    ),
    (
        "architecture",
        re.compile(
            r"depth|width|layer|(^|_)heads?($|_)|lm_head|dim|mlp|attention|attn|embedding|residual|resid|"
            r"activation|relu|gelu|"
            r"silu|swiglu|norm|rope|window|gate|moe|expert|router|tying|(^|_)ve($|_)|softcap|conv|"
            r"model|hidden|ffn|skip|order|confidence|capacity|value_embed|x0|lambda|rank|tree|leaves|"
            r"preconditioner|patch|block"
        ),
    ),
]


def category_of_parameter(parameter: str) -> str | None:
    for category, pattern in CATEGORY_RULES:
        if pattern.search(parameter):
            return category
    return None


def categorise(changes: Iterable[Mapping[str, object]]) -> str:
    """One change category: the changes' categories, `multiple` when they differ, `other` when none is known."""
    categories: list[str] = []
    for change in changes:
        category = category_of_parameter(str(change.get("parameter") or ""))
        if category is None and isinstance(change.get("to"), str):
            category = category_of_parameter(normalise_parameter(str(change["to"])))
        if category and category not in categories:
            categories.append(category)
    if len(categories) > 1:
        return "multiple"
    return categories[0] if categories else "other"


def category_of_changes(changes: Iterable[object]) -> str:
    """The category of given changes read from their normalised parameter names alone.

    `multiple` when they differ, `other` when none is known; entries that are not changes are skipped.
    """
    found = {
        category_of_parameter(normalise_parameter(str(c["parameter"])))
        for c in changes
        if isinstance(c, dict) and c.get("parameter")
    }
    found.discard(None)
    return "multiple" if len(found) > 1 else str(found.pop()) if found else "other"
