"""Parameter names and change categories: one vocabulary, so the same change in two logs gets one name."""

from __future__ import annotations

import re
from functools import lru_cache

# Whole-name synonyms, applied after snake-casing. The names on the right are the canonical ones.
PARAMETER_SYNONYMS: dict[str, str] = {
    "lr": "learning_rate", "learningrate": "learning_rate", "learning_rate": "learning_rate", "lrs": "learning_rate",
    "wd": "weight_decay", "weightdecay": "weight_decay",
    "bs": "batch_size", "batch": "batch_size", "batchsize": "batch_size", "total_batch": "total_batch_size",
    "total": "total_batch_size", "device_batch": "device_batch_size", "train_batch": "train_batch_size",
    "n_layer": "depth", "n_layers": "depth", "num_layers": "depth", "layers": "depth", "layer": "depth",
    "n_embd": "width", "model_dim": "width", "d_model": "width", "hidden_size": "width", "dim": "width",
    "n_head": "heads", "num_heads": "heads", "n_heads": "heads", "n_head_kv": "kv_heads",
    "warmup": "warmup_ratio", "warmdown": "warmdown_ratio", "cooldown": "warmdown_ratio",
    "seq_length": "seq_len", "sequence_length": "seq_len", "context_length": "seq_len", "ctx_len": "seq_len",
    "max_seq_len": "seq_len", "block_size": "seq_len",
    "accum": "accum_steps", "grad_accum": "accum_steps", "gradient_accumulation": "accum_steps",
    "grad_accum_steps": "accum_steps", "gradient_accumulation_steps": "accum_steps",
    "grad_clip": "gradient_clipping", "clip": "gradient_clipping", "clip_grad": "gradient_clipping",
    "act": "activation", "activation_function": "activation", "mlp_activation": "mlp_activation",
    "optim": "optimizer", "opt": "optimizer",
    "embed_lr": "embedding_lr", "embed": "embedding", "unembed_lr": "unembedding_lr", "unembed": "unembedding",
    "n_est": "n_estimators", "num_estimators": "n_estimators", "steps": "num_steps", "epochs": "num_epochs",
    "hidden": "width", "hidden_dim": "width", "reg": "regularization", "logit_cap": "logit_softcap",
    "ve": "value_embeddings", "wu": "warmup_ratio", "warmup_steps": "warmup_steps",
    "fa": "flash_attention", "flash_attn": "flash_attention", "temp": "temperature",
}
# Word-level abbreviations inside longer names ("embedding WD" -> embedding_weight_decay).
WORD_SYNONYMS: dict[str, str] = {"wd": "weight_decay", "embed": "embedding", "unembed": "unembedding", "attn": "attn",
                                 "learning_rate": "lr"}

# Values that name a choice, so "GELU instead of SiLU" is known to change the activation.
VALUE_PARAMETERS: dict[str, str] = {}
for _param, _values in {
    "activation": "relu relu2 relu² squared_relu gelu silu swiglu geglu reglu tanh mish swish sigmoid leaky_relu elu",
    "optimizer": "adam adamw muon lion sgd lbfgs adafactor sophia shampoo soap normuon rmsprop adagrad",
    "normalization": "layernorm rmsnorm batchnorm groupnorm",
    "dtype": "bf16 fp16 fp32 fp8 int8 int4 float16 bfloat16 float32 tf32",
    "model": "ridge lightgbm xgboost gbr catboost random_forest transformer lstm cnn resnet",
    "loss": "mse mae huber ssim cross_entropy focal contrastive",
    "lr_schedule": "cosine linear_decay wsd constant exponential",
}.items():
    for _value in _values.split():
        VALUE_PARAMETERS[_value] = _param

# Category of a change, from the tokens of its parameter name (most specific rules first).
CATEGORY_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("lr_schedule", re.compile(r"warmup|warmdown|cooldown|schedule|final_lr|lr_frac|anneal|cosine|lr_decay|decay_steps|min_lr")),
    ("precision", re.compile(r"dtype|precision|bf16|fp16|fp8|fp32|int8|int4|quant|(^|_)q[48]|gptq|awq|amp$|mixed_prec")),
    ("regularization", re.compile(r"weight_decay|dropout|label_smooth|clip|reg_lambda|reg_alpha|min_child|(^|_)l[12]($|_)|shrink|"
                                  r"stochastic_depth|penalty$|^regularization|ema$|^ema|(^|_)swa($|_)")),
    ("initialization", re.compile(r"init|std$|_std_")),
    ("learning_rate", re.compile(r"(^|_)lr($|_)|learning_rate|lr_scale|^lrs?$")),
    ("optimizer", re.compile(r"optim|adam|muon|lion|sgd|lbfgs|beta1|beta2|betas|momentum|(^|_)eps($|_)|epsilon|nesterov|"
                             r"newton_schulz|ns_steps")),
    ("batch_size", re.compile(r"batch(?!_?norm)|accum|prompts_per_step|micro_bs")),
    ("training_length", re.compile(r"(^|_)(num_)?steps$|epochs?$|time_budget|budget|iterations|n_iters|max_steps|tokens$|"
                                   r"restarts|duration|minutes")),
    ("loss", re.compile(r"loss|ssim|contrastive|objective|z_loss|focal|huber|logit_soft")),
    ("evaluation", re.compile(r"(^|_)eval|evaluation|metric|val_split|stride")),
    ("data", re.compile(r"seq_len|data|augment|feature|tokeni|vocab|top_k|lookback|trailing|label|sampling|curriculum|"
                        r"(^|_)mix($|_)|data_mix|shuffle|subsample|temperature|resolution|crop|encoding|padding")),
    ("systems", re.compile(r"compile|fullgraph|kernel|fused|flash|cuda|metal|gpu|cpu|simd|cache|buffer|(^|_)pread|mmap|dispatch|"
                           r"thread|alloc|memory|loop|inline|assert|(^|_)spec|speculative|draft|font|lazy|blas|parallelism|fsdp|ddp|triton|"
                           r"prefetch|async|pin|offload|n_gpu|ubatch|kv_type|layout|io$|sub_batching")),
    ("strategy", re.compile(r"signal|entry|exit|position|spread|threshold|stop|trade|regime|filter|long_only|short|vol|edge|"
                            r"ladder|market|kelly|arb|scoring_weights|cfr|regret|hedge|portfolio|heuristic|waypoint|"
                            r"strategy|algorithm")),
    ("architecture", re.compile(r"depth|width|layer|(^|_)heads?($|_)|lm_head|dim|mlp|attention|attn|embedding|residual|resid|"
                                r"activation|relu|gelu|"
                                r"silu|swiglu|norm|rope|window|gate|moe|expert|router|tying|(^|_)ve($|_)|softcap|conv|"
                                r"model|hidden|ffn|skip|order|confidence|capacity|value_embed|x0|lambda|rank|tree|leaves|"
                                r"preconditioner|patch|block")),
]

# Words in a description (not a parameter) that place a change in a category.
TEXT_CATEGORY_HINTS: list[tuple[str, re.Pattern[str]]] = [
    ("systems", re.compile(r"\b(kernel|compile|fused|simd|cache|metal|gpu|cuda|pread|mmap|alloc|dispatch|thread|latency|"
                           r"buffer|inline|assert|rust|loop|io|pipeline|prefetch)\b", re.I)),
    ("strategy", re.compile(r"\b(trade|trades|trading|signal|entry|exit|regime|long|short|spread|sharpe|position|market|"
                            r"hedge|stop)\b", re.I)),
    ("data", re.compile(r"\b(features?|data|augment\w*|tokeni[sz]er|dataset|labels?)\b", re.I)),
    ("architecture", re.compile(r"\b(layers?|heads?|attention|mlp|residual|embedding|activation|norm|model|depth)\b", re.I)),
    ("optimizer", re.compile(r"\b(optimizer|adam\w*|muon|lion|sgd|momentum)\b", re.I)),
    ("loss", re.compile(r"\bloss\b", re.I)),
]


def category_of_parameter(parameter: str) -> str | None:
    for category, pattern in CATEGORY_RULES:
        if pattern.search(parameter):
            return category
    return None


def category_of_text(text: str) -> str | None:
    for category, pattern in TEXT_CATEGORY_HINTS:
        if pattern.search(text):
            return category
    return None


_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "η": "eta", "λ": "lambda",
                        "μ": "mu", "σ": "sigma", "τ": "tau", "θ": "theta", "ρ": "rho"})
_SNAKE = re.compile(r"[^a-z0-9²³]+")


@lru_cache(maxsize=16384)
def normalise_parameter(name: str) -> str:
    """snake_case with synonyms: `LR` -> learning_rate, `embedding LR` -> embedding_lr, `WD` -> weight_decay."""
    # Hyphenated prefixes are one word ("pre-allocated" = "preallocated"); camelCase stays one word
    # too, since names such as RoPE or NorMuon are not two words.
    text = re.sub(r"\b(pre|non|multi)-(?=[a-z])", r"\1", name.strip(), flags=re.I)
    text = text.translate(_GREEK)
    snake = _SNAKE.sub("_", text.lower()).strip("_")
    snake = re.sub(r"_(fix|tweak|change|update|tuning|tuned)$", "", snake)
    snake = re.sub(r"^(the|a|an|all|more|less|some|bigger|smaller|larger|lower|higher|tiny|huge)_", "", snake)
    if snake in PARAMETER_SYNONYMS:
        return PARAMETER_SYNONYMS[snake]
    words = snake.split("_") if snake else []
    words = [WORD_SYNONYMS.get(w, w) for w in words]
    joined = "_".join(words)
    joined = joined.replace("learning_rate", "lr") if joined != "learning_rate" else joined
    if joined.endswith("_lrs"):
        joined = joined[:-1]
    return PARAMETER_SYNONYMS.get(joined, joined)
