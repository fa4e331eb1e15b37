"""A change's category is a property of its parameter, read from the words of the parameter's name.

The taxonomy is the corpus README's list of categories, each keyed on the words any ML
practitioner uses for it: `lr` and `learning_rate` are the learning rate; `warmup`, `schedule`
or a decay of the learning rate its schedule; `batch` and gradient accumulation the batch size;
`depth`, `width`, `d_model`, layers and heads the architecture; `dropout` and `weight_decay`
regularisation; and so on (the table below). A name is split into words (`total_batch_size` ->
total, batch, size; `n_embd` -> n, embd; `batch16` -> batch, 16), two-word terms are read first
(`weight_decay` is regularisation, not a decay schedule; `batch_norm` is a layer, not a batch),
and when the words point at several categories the most specific kind wins: a warmup of a
learning rate is its schedule, the dtype of anything is its precision, the learning rate of the
embeddings is a learning rate, the initial value of a learning rate is a learning rate (the order of
`PRECEDENCE`).

No word here comes from a particular log: a name these words do not place is `other`, and the
converter then gives the row its log's dominant category.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from .domain import RESOURCES, category_in_domain
from .names import PARAMETER_SYNONYMS, choice_parameter, normalise_parameter

# Two-word terms, read before single words (their words are then not read again).
TERMS: dict[tuple[str, str], str] = {
    ("learning", "rate"): "learning_rate",
    ("lr", "decay"): "lr_schedule",
    ("final", "lr"): "lr_schedule",
    ("min", "lr"): "lr_schedule",
    ("peak", "lr"): "lr_schedule",
    ("lr", "frac"): "lr_schedule",
    ("decay", "lr"): "lr_schedule",
    ("weight", "decay"): "regularization",
    ("label", "smoothing"): "regularization",
    ("label", "noise"): "regularization",  # noise added to the targets while training
    ("stochastic", "depth"): "regularization",
    ("drop", "path"): "regularization",
    # a dropout by its short name (timm's drop_rate, attn_drop, proj_drop); a learning rate's drop is a step of its schedule
    ("drop", "rate"): "regularization",
    ("drop", "prob"): "regularization",
    ("attn", "drop"): "regularization",
    ("proj", "drop"): "regularization",
    ("lr", "drop"): "lr_schedule",
    ("early", "stopping"): "regularization",
    # a ridge or lasso penalty's strength; "ridge" alone is as often the model (BayesianRidge, KernelRidge)
    ("ridge", "alpha"): "regularization",
    ("ridge", "strength"): "regularization",
    ("ridge", "penalty"): "regularization",
    ("lasso", "alpha"): "regularization",
    ("lasso", "strength"): "regularization",
    ("lasso", "penalty"): "regularization",
    ("grad", "clip"): "regularization",
    ("grad", "norm"): "regularization",
    ("gradient", "clipping"): "regularization",
    ("momentum", "warmup"): "optimizer",  # the optimizer's momentum ramp, no learning-rate schedule
    ("grad", "accum"): "batch_size",
    ("gradient", "accumulation"): "batch_size",
    ("micro", "batch"): "batch_size",
    ("batch", "norm"): "architecture",
    ("time", "budget"): "training_length",
    # the count of optimiser updates; "updates" alone is anything updated ("in_position_updates")
    ("n", "updates"): "training_length",
    ("num", "updates"): "training_length",
    ("max", "updates"): "training_length",
    ("seq", "len"): "data",
    ("sequence", "length"): "data",
    ("context", "length"): "data",
    ("data", "mix"): "data",
    ("target", "encode"): "data",  # a categorical feature encoded by its target's mean
    ("target", "enc"): "data",
    ("target", "encoding"): "data",
    ("kernel", "size"): "architecture",
    ("block", "size"): "data",
    ("positional", "encoding"): "architecture",
    ("d", "model"): "architecture",
    ("aspect", "ratio"): "architecture",  # a model's width per layer of depth (model_dim = depth x aspect_ratio)
    ("model", "dim"): "architecture",
    ("cross", "entropy"): "loss",
    ("z", "loss"): "loss",
    ("mixed", "precision"): "precision",
    ("image", "size"): "data",  # the size the images are resized or cropped to: the data's resolution
    ("img", "size"): "data",
    ("kv", "cache"): "systems",
    # a hash table's fill before it grows (Java's HashMap, Rust's hashbrown): a data structure's tuning
    ("load", "factor"): "systems",
    ("garbage", "collection"): "systems",
    # the least a learning rate decays to ("a 10% learning-rate floor"): where its schedule ends
    ("lr", "floor"): "lr_schedule",
    ("rate", "floor"): "lr_schedule",
    # how many frames of a game or a video each observation skips: what the model is shown
    ("frame", "skip"): "data",
    # a GPU kernel's launch settings (Triton, CUDA): warps per block and software-pipelining stages
    ("num", "warps"): "systems",
    ("num", "stages"): "systems",
    ("split", "k"): "systems",
    # A count per optimiser step (or per device) is a batch size: "prompts_per_step", "samples_per_gpu".
    ("per", "step"): "batch_size",
    ("per", "device"): "batch_size",
    ("per", "gpu"): "batch_size",
    # Gradient-boosted trees' constraints on a leaf (XGBoost, LightGBM, scikit-learn) regularise.
    ("child", "weight"): "regularization",
    ("min", "samples"): "regularization",
    ("min", "data"): "regularization",
    # Weighting the classes (or the positives) reweights the loss's terms.
    ("class", "weight"): "loss",
    ("class", "weights"): "loss",
    ("pos", "weight"): "loss",
    ("torch", "compile"): "systems",
    # the floor a cosine schedule anneals to (torch.optim.lr_scheduler.CosineAnnealingLR's eta_min); its
    # T_max is left out: a diffusion model's T_max counts the steps of its sampler
    ("eta", "min"): "lr_schedule",
    # how a model's output is decoded when it is evaluated (Hugging Face's generation settings): no
    # penalty of training
    ("repetition", "penalty"): "evaluation",
    ("length", "penalty"): "evaluation",
    ("no", "repeat"): "evaluation",
    ("top", "p"): "evaluation",
    # A trade's exits and size: "stop_loss" is no loss function, "position_size" no position embedding.
    ("stop", "loss"): "strategy",
    ("take", "profit"): "strategy",
    ("position", "size"): "strategy",
    ("position", "sizing"): "strategy",
}

# Single words (a plural is looked up as its singular too).
_WORD_LISTS = {
    "lr_schedule": (
        "warmup warmdown cooldown schedule scheduler sched anneal annealing cosine cos wsd onecycle cyclic "
        "cyclical sgdr "  # a cyclical rate with warm restarts (SGDR)
        "milestone milestones "  # the steps a stepped schedule drops the rate at (MultiStepLR)
        "lrf"  # the final learning rate as a fraction of the first (Ultralytics' lr0 and lrf)
    ),
    "precision": (
        "precision dtype bf16 bfloat16 fp16 float16 fp32 float32 fp8 tf32 int8 int4 quant quantize "
        "quantized quantization amp autocast gptq awq "
        "qat ptq "  # quantisation-aware training, post-training quantisation
        "bits"  # a quantiser's bit width (bits, k_bits, weight_bits)
    ),
    "regularization": "regularization dropout wd regularisation regularizer reg penalty l1 l2 clip clipping shrinkage droppath",
    "initialization": "initialization init initialisation initializer xavier kaiming",
    "learning_rate": "lr lrs",
    "optimizer": (
        "optimizer optimiser optim adam adamw sgd momentum nesterov beta betas beta1 beta2 eps "
        "epsilon muon lion lamb lars adafactor rmsprop adagrad shampoo soap sophia lbfgs "
        # an average of the weights along the optimiser's path (torch.optim.swa_utils: EMA, SWA, Polyak)
        "ema swa polyak"
    ),
    "batch_size": "batch bs microbatch minibatch accum accumulation",
    "training_length": (
        "steps iteration iterations iter iters epoch epochs budget duration minute minutes "
        "seconds hour hours tokens rounds estimators "  # not "second": "the second block" counts, it times nothing;
        # a boosted model's estimators are its rounds of training (XGBoost's n_estimators, num_boost_round)
        "patience"  # how long training goes on without improving before it stops (early stopping's patience)
    ),
    # an entropy bonus or target (PPO's entropy coefficient, SAC's target entropy) is a term of the objective
    "loss": (
        "loss losses objective criterion focal huber contrastive xent mse mae kl reward kd distillation distill entropy "
        "commitment dfl "  # a vector quantiser's commitment term; a detector's distribution focal loss
        "bonus shaping"  # reinforcement learning's objective is its reward: a shaping term, a bonus for a goal
    ),
    "evaluation": "evaluation eval val validation metric metrics benchmark beam beams greedy nucleus",
    "data": (
        "data dataset datasets seq sequence ctx augmentation augment aug mixup tokenizer tokenization "
        "vocab vocabulary feature features shuffle sampling sampler curriculum mixture crop "
        "resolution subsample subsampling colsample lookback horizon encoding interaction "
        # preparing the rows before any model sees them: cleaning, imputing, resampling, engineered
        # columns (scikit-learn's preprocessing, impute and feature-selection modules; imbalanced-learn)
        "preprocessing preprocess imputation impute imputer outlier outliers winsorize winsorization trim "
        "trimming resample resampling oversample oversampling standardize standardise standardization "
        "standardisation "
        "undersample undersampling smote binning discretize discretization onehot ordinal categorical "
        "lag lags rolling labeling labelling relabel relabeling cleaning negatives pseudo scaler "
        # a text corpus ("synthetic" and "replay" are not data's words: outside ML they name a workload
        # and a replay of a trace)
        "corpus "
        # the augmentations of images (torchvision.transforms.v2, timm's data module)
        "cutout cutmix randaugment autoaugment trivialaugment augmix randomcrop hflip erasing mosaic "
        # and their names in Ultralytics' training settings: flips, colour jitter in HSV, the image size
        "flip vflip flipud fliplr hsv imgsz"
    ),
    "systems": (
        "compile compiled compilation kernel kernels fused fusion flash cuda gpu gpus cpu mps metal "
        "simd thread threads threading worker workers cache caching memory mem buffer buffers "
        "prefetch pin async parallelism ddp fsdp shard sharding offload triton inline inlining alloc "
        "allocation allocator mmap io dispatch vectorize vectorized blas device checkpointing "
        "speculative fullgraph unroll unrolling unrolled fuse cudnn deterministic "
        # the data structures a program's speed is tuned by (no model has a heap or a bitset)
        "heap hashmap queue bitset fanout"
    ),
    "strategy": (
        "strategy heuristic heuristics rule rules signal signals entry exit stop trade trades trading "
        "leverage portfolio hedge hedging risk market regime backtest sharpe drawdown pnl slippage "
        "rsi macd atr bollinger vwap breakout crossover bet bets betting odds kelly"
    ),
    "architecture": (
        "architecture depth width layer layers dim dims dimension hidden hid nhid embd embed embedding "
        "embeddings head heads mlp ffn attention attn residual resid skip activation relu gelu silu "
        "swiglu geglu reglu tanh norm normalization normalisation ln layernorm rmsnorm batchnorm "
        "groupnorm rope rotary positional window gate gating moe expert experts router routing tie "
        "tying tied softcap conv convolution channel channels model capacity block blocks tree trees "
        "leaves bottleneck encoder decoder backbone transformer pooling projection neurons "
        "lstm gru unet resnet proj arch fc "
        # the models a prediction is made by and how they are combined (scikit-learn's ensemble
        # module), and the stages of a retrieval pipeline
        "ensemble ensembling blend blending stacking stacked bagging classifier regressor reranker rerank "
        "retriever subnetwork mamba ssm "
        # a vector quantiser's codebook; a Q-network's dueling heads
        "codebook dueling "
        "lora"  # low-rank adapters added to a model's layers
    ),
}
WORDS: dict[str, frozenset[str]] = {category: frozenset(words.split()) for category, words in _WORD_LISTS.items()}

# When a name's words point at several categories, the first of these wins.
PRECEDENCE = (
    "lr_schedule",
    "precision",
    "regularization",
    "learning_rate",
    "optimizer",
    "initialization",  # after the optimiser's settings: `learning_rate_init` is where the rate starts
    "batch_size",
    "evaluation",
    "training_length",
    "loss",
    "data",
    "systems",
    "strategy",
    "architecture",
)
_CATEGORY_OF_WORD = {word: category for category, words in WORDS.items() for word in words}
_SPLIT = re.compile(r"[a-z]+|\d+")


def words_of(parameter: str) -> list[str]:
    """The words of a parameter name: `total_batch_size` -> total, batch, size; `batch16` -> batch, 16."""
    out: list[str] = []
    for part in re.split(r"[^a-z0-9]+", parameter.lower()):
        if not part:
            continue
        if part in _CATEGORY_OF_WORD or not re.search(r"[a-z]\d|\d[a-z]", part):
            out.append(part)  # bf16, beta2, l2 are words of their own
        else:
            out.extend(_SPLIT.findall(part))
    return out


def category_of_word(word: str) -> str | None:
    """The category one lower-case word of a name places it in (a plural as its singular), or None."""
    if word in _CATEGORY_OF_WORD:
        return _CATEGORY_OF_WORD[word]
    if len(word) > 3 and word.endswith("s"):
        return _CATEGORY_OF_WORD.get(word[:-1])
    return None


# A kernel's tile along one of a matrix product's dimensions (BLOCK_M, BLOCK_SIZE_K, TILE_N): how the
# work is cut for the hardware, not a model's context (`block_size`) or a layer (`block`).
_TILE = re.compile(r"(?:^|_)(?:block|tile)(?:_size)?_?[mnk](?:$|_)")


# In a convolution's settings a kernel is the filter it slides (`conv2_time_kernel`), no GPU kernel.
_CONVOLUTION = frozenset({"conv", "convolution", "conv1d", "conv2d", "conv3d"})


@lru_cache(maxsize=16384)
def category_of_parameter(parameter: str) -> str | None:
    """The category a parameter's name places it in, or None when its words name none. A code name
    that is another name of a known parameter is in that one's category (`max_norm` is gradient
    clipping's, not a normalisation layer's)."""
    if _TILE.search(parameter.lower()):
        return "systems"
    meaning = PARAMETER_SYNONYMS.get(parameter)
    if meaning and meaning != parameter and (category := category_of_parameter(meaning)):
        return category
    words = words_of(parameter)
    found: set[str] = set()
    used = [False] * len(words)
    for i in range(len(words) - 1):
        term = TERMS.get((words[i], words[i + 1]))
        if term and not used[i]:
            found.add(term)
            used[i] = used[i + 1] = True
    for i in range(1, len(words)):
        if words[i - 1] == "per":
            used[i] = True  # the unit of a rate ("allocs_per_iteration"), not what the parameter is
    if _CONVOLUTION & set(words):
        used = [u or w in ("kernel", "kernels") for u, w in zip(used, words, strict=True)]  # a convolution's kernel
    for i, word in enumerate(words):
        if not used[i]:
            category = category_of_word(word)
            if category:
                found.add(category)
    category = next((c for c in PRECEDENCE if c in found), None)
    if category is None and words and (words[-1] in _SHARE_OF_A_MIX or words[0] == "mix"):
        return "data"  # "literature share 15%", "mix ratios": how much of each source the data mixes
    return category


# The last word of a source's part in a data mix, when no other word of the name places it.
_SHARE_OF_A_MIX = frozenset({"share", "shares", "proportion", "mixture"})


def _category_of_value(value: object) -> str | None:
    """A change named by its new value (`GELU`): the category of the parameter that value belongs to."""
    if not isinstance(value, str):
        return None
    owner = choice_parameter(value)
    return category_of_parameter(owner) if owner else category_of_parameter(normalise_parameter(value))


# The training-length words that only measure time, which say no kind of work (`domain.RESOURCES`).
_DURATIONS = WORDS["training_length"] & RESOURCES


def _only_a_duration(name: str) -> bool:
    """Whether the only words of `name` that place it in `training_length` are units of time."""
    words = set(_SPLIT.findall(name.lower()))
    return bool(words & _DURATIONS) and not (words & WORDS["training_length"]) - _DURATIONS


def _names_a_rate(name: str) -> bool:
    """Whether `name` says it is a learning rate's (`lr_warmup`, `cosine_lr_schedule`), beside the
    words a schedule shares with other work (`cooldown`, `warmup`)."""
    words = set(words_of(name))
    return bool(words & WORDS["learning_rate"]) or "learning" in words


# The optimiser's words that a trading rule uses for its indicators: an exponential moving average
# of prices, a price's momentum, a stock's beta to its market.
_INDICATORS = frozenset({"ema", "momentum", "beta"})


def _names_an_indicator(name: str) -> bool:
    """Whether the only optimiser's words of `name` are ones a trading rule's indicators share."""
    optimiser_words = {w for w in words_of(name) if category_of_word(w) == "optimizer"}
    return bool(optimiser_words) and optimiser_words <= _INDICATORS


# The weight of one term among others: `hard_neg_weight`, `aux_coef`, `ineq_pen_weight`, `vf_coef`. In
# ML the terms so weighed are those of the objective (Lightning's and Hugging Face's `*_weight`,
# stable-baselines' `ent_coef` and `vf_coef`); a strategy's `scoring_weights` weigh its own signals.
_COEFFICIENT = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*_(?:weight|coef|coeff|coefficient)$")


def _category_of_choice(name: str) -> str | None:
    """A change named by a choice of a known parameter ("add xgboost", "catboost"): that parameter's category."""
    owner = choice_parameter(name)
    return category_of_parameter(owner) if owner else None


def categorise(changes: Iterable[Mapping[str, object]], domain: str | None = None, known: Mapping[str, str] | None = None) -> str:
    """One change category: the changes' categories, `multiple` when they differ, `other` when none is known.

    `domain` is the kind of work the whole log records (`domain.log_domain`): outside ML, a parameter
    takes the log's kind unless the taxonomy places it in a category that kind of work has too.
    `known` gives names the taxonomy does not place a category of their log's own (`kinds.Kinds`).
    """
    categories: list[str] = []
    for change in changes:
        name = str(change.get("parameter") or "")
        category = (
            category_of_parameter(name)
            or _category_of_value(change.get("to"))
            or _category_of_choice(name)
            or (known or {}).get(name)
        )
        if category is None and domain in (None, "ml") and _COEFFICIENT.search(name):
            category = "loss"  # an ML setting that weighs a term and is placed by nothing else weighs one of the objective
        if category == "training_length" and domain not in (None, "ml") and _only_a_duration(name):
            category = None  # the hours a trading rule leaves out, a cache's 12h expiry: no training's length
        if category == "lr_schedule" and domain not in (None, "ml") and not _names_a_rate(name):
            category = None  # a trading rule's cooldown, a benchmark's warm-up: no learning rate's schedule
        if category == "optimizer" and domain == "strategy" and _names_an_indicator(name):
            category = None  # a trading rule's EMA crossover or momentum filter: no optimiser's
        category = category_in_domain(category, domain)
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


Parsed = tuple[tuple[dict[str, object], ...], str]  # a description's changes and their category


def renamed(parsed: Parsed, rename: Callable[[str], str | None]) -> Parsed:
    """A parsed description with each parameter `rename` gives a new name for renamed, and its
    category read again from the new names; the same object when nothing is renamed."""
    changes = parsed[0]
    if not changes:
        return parsed
    out: list[dict[str, object]] = []
    named = {str(change.get("parameter")) for change in changes}
    for change in changes:
        name = rename(str(change.get("parameter") or ""))
        # two changes of one row are two things: a name another of them has is not this one's
        out.append({**change, "parameter": name} if name and name not in named else change)
    if all(new is old for new, old in zip(out, changes, strict=True)):
        return parsed
    return tuple(out), categorise(out)
