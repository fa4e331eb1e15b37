"""Parameter names: one vocabulary, so the same change in two logs gets one name."""

from __future__ import annotations

import re
from functools import lru_cache

# Whole-name synonyms, applied after snake-casing. The names on the right are the canonical ones.
PARAMETER_SYNONYMS: dict[str, str] = {
    "lr": "learning_rate",
    "learningrate": "learning_rate",
    "learning_rate": "learning_rate",
    "lrs": "learning_rate",
    "wd": "weight_decay",
    "weightdecay": "weight_decay",
    "bs": "batch_size",
    "batch": "batch_size",
    "batchsize": "batch_size",
    "total_batch": "total_batch_size",
    "device_batch": "device_batch_size",
    "train_batch": "train_batch_size",
    "n_layer": "depth",
    "n_layers": "depth",
    "num_layers": "depth",
    "layers": "depth",
    "layer": "depth",
    "n_embd": "width",
    "model_dim": "width",
    "d_model": "width",
    "hidden_size": "width",
    "dim": "width",
    "n_head": "heads",
    "num_heads": "heads",
    "n_heads": "heads",
    "n_head_kv": "kv_heads",
    "warmup": "warmup_ratio",
    "warmdown": "warmdown_ratio",
    "lr_warmup": "warmup_ratio",  # the learning rate is what a warmup warms up: "LR warmup" is the warmup
    "lr_warmdown": "warmdown_ratio",
    "seq_length": "seq_len",
    "sequence_length": "seq_len",
    "context_length": "seq_len",
    "ctx_len": "seq_len",
    "max_seq_len": "seq_len",
    "block_size": "seq_len",
    "accum": "accum_steps",
    "grad_accum": "accum_steps",
    "gradient_accumulation": "accum_steps",
    "grad_accum_steps": "accum_steps",
    "gradient_accumulation_steps": "accum_steps",
    "grad_clip": "gradient_clipping",
    "clip": "gradient_clipping",
    "clip_grad": "gradient_clipping",
    "clip_gradients": "gradient_clipping",
    "clip_gradient": "gradient_clipping",
    "gradient_clip": "gradient_clipping",
    "grad_clipping": "gradient_clipping",
    "max_grad_norm": "gradient_clipping",
    "max_norm": "gradient_clipping",  # clip_grad_norm_(params, max_norm=1.0): the norm clipped to, no normalisation layer
    "clip_grad_norm": "gradient_clipping",
    "act": "activation",
    "activation_function": "activation",
    "mlp_activation": "mlp_activation",
    "optim": "optimizer",
    "opt": "optimizer",
    "embed_lr": "embedding_lr",
    "embed": "embedding",
    "unembed_lr": "unembedding_lr",
    "unembed": "unembedding",
    "n_est": "n_estimators",
    "num_estimators": "n_estimators",
    # a tree ensemble's size under the names of scikit-learn, XGBoost, LightGBM and the words for it
    "n_trees": "n_estimators",
    "num_trees": "n_estimators",
    "trees": "n_estimators",
    "tree_depth": "max_depth",  # "deeper trees": how deep each tree grows, not how many there are
    "trees_depth": "max_depth",
    "num_boost_round": "n_estimators",
    # penalties on the weights under the names XGBoost and LightGBM give them
    "l1": "l1_regularization",
    "l1_reg": "l1_regularization",
    "l1_penalty": "l1_regularization",
    "reg_alpha": "l1_regularization",
    "lambda_l1": "l1_regularization",
    "l2": "l2_regularization",
    "l2_reg": "l2_regularization",
    "l2_penalty": "l2_regularization",
    "reg_lambda": "l2_regularization",
    "lambda_l2": "l2_regularization",
    "steps": "num_steps",
    "epochs": "num_epochs",
    "reg": "regularization",
    "logit_cap": "logit_softcap",
    # a logit soft-cap (Gemma 2's tanh cap) and query-key normalisation under the ways papers and logs write them
    "logit_soft_cap": "logit_softcap",
    "logit_soft_capping": "logit_softcap",
    "logit_softcapping": "logit_softcap",
    "logit_capping": "logit_softcap",
    "soft_cap_logits": "logit_softcap",
    "softcap_logits": "logit_softcap",
    "logits_softcap": "logit_softcap",
    "logits_soft_cap": "logit_softcap",
    "qk_normalization": "qk_norm",
    "qk_normalisation": "qk_norm",
    "qk_layernorm": "qk_norm",
    "qk_layer_norm": "qk_norm",
    "qk_rmsnorm": "qk_norm",
    "query_key_normalization": "qk_norm",
    "query_key_norm": "qk_norm",
    "warmup_steps": "warmup_steps",
    "flash_attn": "flash_attention",
    "weight_tying": "weight_tying",
    "tie_embeddings": "weight_tying",
    "tied_embeddings": "weight_tying",
    "tie_weights": "weight_tying",
    "tied_weights": "weight_tying",
    "tie_word_embeddings": "weight_tying",
    "embedding_tying": "weight_tying",
    "tied_embedding": "weight_tying",
    "tie_embedding": "weight_tying",
    "tied_lm_head": "weight_tying",
    "tie_lm_head": "weight_tying",
    "tied_head": "weight_tying",
    "temp": "temperature",
}

# Names of a known parameter that a record keeps as written, since they say less than the canonical
# name or differ from it: "hidden" is a layer's width in one log and a list of widths (`hidden_sizes`)
# in the next. A proposal's words still resolve through them ("the model width" finds `hidden`).
RELATED_NAMES: dict[str, str] = {
    "hidden": "width",
    "hidden_dim": "width",
}
# Word-level abbreviations inside longer names ("embedding WD" -> embedding_weight_decay).
WORD_SYNONYMS: dict[str, str] = {
    "wd": "weight_decay",
    "bs": "batch_size",  # "device_bs", "eval_bs"
    "embed": "embedding",
    "unembed": "unembedding",
    "attn": "attn",
    "learning_rate": "lr",
    # code writes the bounds short: "minimum time" is min_time, "maximum sequence length" max_seq_len's kin
    "minimum": "min",
    "maximum": "max",
    # and a size spelt out: "embedding dimension(s)" is embedding_dim ("dims" stays: a list of sizes)
    "dimension": "dim",
    "dimensions": "dim",
}

# Values that name a choice, so "GELU instead of SiLU" is known to change the activation.
VALUE_PARAMETERS: dict[str, str] = {}
for _param, _values in {
    "activation": "relu relu2 relu² squared_relu gelu silu swiglu geglu reglu tanh mish swish sigmoid leaky_relu elu",
    "optimizer": "adam adamw muon lion sgd lbfgs adafactor sophia shampoo soap normuon rmsprop adagrad",
    "normalization": "layernorm rmsnorm batchnorm groupnorm",
    "dtype": "bf16 fp16 fp32 fp8 fp6 fp4 nf4 int8 int7 int6 int5 int4 int3 int2 float16 bfloat16 float32 tf32",
    "model": "ridge lightgbm xgboost gbr catboost random_forest transformer lstm cnn resnet elasticnet lasso svr knn "
    "prophet arima sarima naive_bayes extra_trees decision_tree logistic_regression linear_regression adaboost "
    "gradient_boosting",
    # preference-optimisation objectives (DPO and its variants) are losses too
    "loss": "mse mae huber ssim cross_entropy focal contrastive bce hinge smooth_l1 dice dpo simpo ipo kto orpo",
    "lr_schedule": "cosine linear_decay wsd constant exponential",
    # the modes torch.compile takes besides its default
    "torch_compile_mode": "max_autotune reduce_overhead max_autotune_no_cudagraphs",
}.items():
    for _value in _values.split():
        VALUE_PARAMETERS[_value] = _param


# One choice written several ways: the spelling a value is compared in ("float16" and "fp16" are one dtype).
CHOICE_SPELLINGS: dict[str, str] = {
    "float16": "fp16",
    "half": "fp16",
    "bfloat16": "bf16",
    "float32": "fp32",
    "float8": "fp8",
    "relu^2": "relu2",
    "swish": "silu",
}


# An estimator named by its class is a choice of model: scikit-learn's `LogisticRegression`,
# `RandomForestClassifier`, `HistGradientBoosting`, `ExtraTrees`, a network's `ResNet`, `UNet`.
_ESTIMATOR_CLASS = re.compile(r"[A-Z][A-Za-z0-9]*?(?:Regressor|Classifier|Regression|Boosting|Forest|Trees|Net)")


# A pretrained model named by its checkpoint, whose last parts give its size: `Qwen2.5-1.5B`,
# `Ettin-68m`, `DeBERTa-v3-small`, `gpt2-medium`, `Llama-3.2-1B-Instruct`. Its first part has a
# capital or a digit, as a model's name does, so a setting spelt with hyphens (`rope-base`) is none.
CHECKPOINT = re.compile(
    r"(?=[\w.]*[A-Z0-9])[A-Za-z][\w.]*(?:-[\w.]+)*?-(?:\d+(?:\.\d+)?[MmBb]|base|small|large|tiny|mini|medium|nano|xl|xxl)"
    r"(?:-[\w.]+)*"
)


# A vision network named by its family and its version or size glued on: `yolo11l`, `YOLOv8n`,
# `resnet50`, `efficientnet_b0`, `convnext_tiny`, `vit_b16`, `dinov2`. Read only where it opens a
# setting's name ("yolo11l imgsz 640"); alone, a label beside a run's settings may name it.
_NETWORK_VERSION = re.compile(
    r"(?:yolo|resnet|resnext|wide_resnet|efficientnet|mobilenet|densenet|regnet|convnext|vit|deit|swin|vgg|"
    r"rtdetr|rfdetr|detr|dino|unet)[-_]?v?\d*[a-z]?\d*(?:[-_][a-z]*\d*[a-z]*)?",
    re.I,
)


def names_a_network(word: str) -> bool:
    """Whether a word is a vision network with its version or size (`yolo11l`, `resnet50`): the family's
    bare name (`unet`, `vit`) may be a component, a version makes it a network."""
    return bool(_NETWORK_VERSION.fullmatch(word)) and bool(re.search(r"\d|[-_]", word))


def says_which(name: str, kind: str) -> bool:
    """Whether a parameter's name already says which one of a known parameter's kind it is
    ("routing_compile_mode" of torch_compile_mode, "mlp_activation" of activation): it keeps its name
    when it is set to one of that kind's choices."""
    return kind.rsplit("_", 1)[-1] in name.split("_")


def value_parameter(word: str) -> str | None:
    """The parameter one word is a known choice of ("SiLU": activation, "LogisticRegression": model,
    "Qwen2.5-1.5B": model), or None."""
    key = word.lower().replace("-", "_")
    if key in VALUE_PARAMETERS:
        return VALUE_PARAMETERS[key]
    return "model" if _ESTIMATOR_CLASS.fullmatch(word) or CHECKPOINT.fullmatch(word) else None


def choice_parameter(value: str) -> str | None:
    """The parameter a value as written is a known choice of: a word, or a name in any spelling
    ("cross entropy", "Cross-Entropy": loss), or None."""
    return value_parameter(value) or VALUE_PARAMETERS.get(normalise_parameter(value))


def known_value_parameter(text: str) -> str | None:
    """The parameter the first known choice among `text`'s words is a value of ("SiLU activation":
    activation, "Huber loss": loss), or None."""
    for word in re.findall(r"[\w²-]+", text):
        found = value_parameter(word)
        if found:
            return found
    return None


_GREEK_NAMES = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "eps",
    "η": "eta",
    "λ": "lambda",
    "μ": "mu",
    "σ": "sigma",
    "τ": "tau",
    "θ": "theta",
    "ρ": "rho",
}
_GREEK = str.maketrans(_GREEK_NAMES)
_GREEK_BEFORE_WORD = re.compile(rf"([{''.join(_GREEK_NAMES)}])(?=[A-Za-z])")
# Letters of any script are kept: a parameter named in Chinese or Korean keeps its name.
_SNAKE = re.compile(r"(?:[^\w²³]|_)+")


# The words of a camelCase or PascalCase name: a capital run before a capitalised word
# (`HTTP`Server), a capitalised or lowercase word (with its digits: conv2d), a capital run, digits.
_CAMEL_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+(?:[0-9²³]+[a-z]*)*|[A-Z]+[0-9²³]*|[0-9²³]+|[^A-Za-z0-9²³]+")
# A short capitalised word before a short capital run is one acronym written in mixed case, not
# two words: MoE, ReLU, GeLU, RoPE, and with its digits ReLU2, MoE8.
_MIXED_HEAD, _MIXED_TAIL = re.compile(r"[A-Z][a-z]{1,2}"), re.compile(r"[A-Z]{1,3}[0-9²³]*")
_CODE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+")
# An identifier of three or more capitalised words (`MulByElement`, `useFusedKernel`) is code; two
# (`RoPE`, `NorMuon`, `LayerNorm`) are as often a name written as one word.
_CAMEL_NAME = re.compile(r"(?:[A-Z]|[a-z]+)[a-z0-9]*(?:[A-Z][a-z0-9]+){2,}[A-Z]*")
# A name that starts in lower case and goes on with a capitalised word (`tokenBuckets`, `numWarps`)
# is lowerCamelCase, which only code writes: the names of methods start with a capital (RoPE, NorMuon).
_LOWER_CAMEL_NAME = re.compile(r"[a-z]+[0-9]*(?:[A-Z][a-z0-9]+)+[A-Z]*|[a-z]{2,}[0-9]*(?:[A-Z][a-z0-9]+)*[A-Z]{2,}[0-9]*")
# A member reached through its owner (`PriorityQueue.isEmpty`, `Cache.mset`, `optim.lr`): one code name,
# snake-cased whole wherever it is written, as the code's own names are.
_MEMBER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


# The names of methods and models (ResNet, SwiGLU, LayerNorm, AdamW) are one word in code as in the
# words a person types ("ResNet" reads as resnet): the diff must name what the description names.
_WHOLE_NAMES = frozenset(VALUE_PARAMETERS)
# Acronyms of the parts a class name puts after a method's name (SwiGLUMLP, MoEFFN, RoPEQK).
_PART_ACRONYMS = frozenset(str.split("mlp ffn glu qk kv lm gpt attn moe rms ema rnn cnn lstm vae"))


@lru_cache(maxsize=16384)
def snake_case(name: str) -> str:
    """A parameter named in code, as the record names it: `TOTAL_BATCH_SIZE` -> total_batch_size,
    `learningRate` -> learning_rate, `optim.lr` -> optim_lr, `HTTPServer` -> http_server,
    `TokenChoiceMoEForward` -> token_choice_moe_forward, `ResNetBlock` -> resnet_block,
    `SwiGLUMLP` -> swiglu_mlp. No synonyms: the code's name is the identity."""
    joined: list[str] = []
    for word in _CAMEL_WORD.findall(name.strip()):
        if joined and (joined[-1] + word).lower().rstrip("0123456789") in _WHOLE_NAMES:
            joined[-1] += word  # ResNet, NorMuon, AdamW, ResNet50: a known name in two capitalised pieces
        elif joined and _MIXED_HEAD.fullmatch(joined[-1]) and word.isupper():
            head, rest = _acronym_split(joined[-1], word)
            joined[-1] = head
            joined += [rest] if rest else []
        elif word.isupper() and len(word) > 4:
            head, rest = _acronym_split("", word)  # GELUMLP: a known name, then a part's acronym
            joined += [head, rest] if head and rest else [word]
        else:
            joined.append(word)
    return _SNAKE.sub("_", "_".join(joined).lower()).strip("_")


def _acronym_split(head: str, run: str) -> tuple[str, str]:
    """A short capitalised word and the capital run after it (`Swi` `GLUMLP`): the part of the run that
    completes a known name (SwiGLU), else the part before a known part acronym (Mo|E|MLP), else a short
    run (ReLU, RoPE) joins the head; the rest is an acronym of its own. Without a head (`GELUMLP`), only
    a known name followed by a part acronym splits the run."""
    for cut in range(len(run), 0, -1):
        rest = run[cut:].lower()
        if (head + run[:cut]).lower() in _WHOLE_NAMES and (not rest or (len(rest) >= 2 and (head or rest in _PART_ACRONYMS))):
            return head + run[:cut], run[cut:]
    for cut in range(1, 4) if head else ():
        if run[cut:].lower() in _PART_ACRONYMS and len(run) - cut >= 2:
            return head + run[:cut], run[cut:]
    if _MIXED_TAIL.fullmatch(run):
        return head + run, ""
    return head, run


def is_camel_identifier(word: str) -> bool:
    """Whether `word` is a code identifier in camelCase (`tokenBuckets`, `MulByElement`), whose
    words a record and a search read apart; two capitalised words (RoPE, LayerNorm) are a name."""
    return bool(_CAMEL_NAME.fullmatch(word) or _LOWER_CAMEL_NAME.fullmatch(word))


def _identifier_words(word: re.Match[str]) -> str:
    text = word.group(0)
    return snake_case(text) if is_camel_identifier(text) or _MEMBER.fullmatch(text) else text


# Words that ML writes closed, split or hyphened ("fine-tuning", "finetune"; "warm up", "warmup"):
# one closed spelling, so the same setting has one name however a row spells it.
_CLOSED = {
    "fine_tune": "finetune",
    "fine_tuning": "finetune",
    "finetuning": "finetune",
    "pre_train": "pretrain",
    "pre_training": "pretrain",
    "pretraining": "pretrain",
    "warm_up": "warmup",
    "warm_down": "warmdown",
    "cool_down": "cooldown",
    "drop_out": "dropout",
}
_CLOSED_COMPOUND = re.compile(rf"(^|_)({'|'.join(_CLOSED)})(?=_|$)")


@lru_cache(maxsize=16384)
def normalise_parameter(name: str) -> str:
    """A parameter named in text, as the record names it.

    A name written as a code identifier (`MATRIX_LR`, `n_embd`) is the code's name, snake-cased;
    words are snake-cased with synonyms: `LR` -> learning_rate, `embedding LR` -> embedding_lr,
    `WD` -> weight_decay.
    """
    if _CODE_NAME.fullmatch(name.strip()) or is_camel_identifier(name.strip()):
        return snake_case(name)
    # Hyphenated prefixes are one word ("pre-allocated" = "preallocated"), and so is a method's name
    # in two capitalised words (RoPE, NorMuon); a code identifier among the words keeps its words
    # ("precompute activePartBits": precompute_active_part_bits).
    text = re.sub(r"\b(pre|non|multi)-(?=[a-z])", r"\1", name.strip(), flags=re.I)
    text = re.sub(r"\b(pre|non|multi)([A-Z]{2,}[0-9]*)\b", lambda m: m.group(1) + m.group(2).lower(), text)  # multiGPU
    text = re.sub(r"\bI/O\b", "IO", text, flags=re.I)  # input/output is one word, as `io_threads` writes it
    # A Greek letter before a word is a symbol with its subscript ("βmax": beta_max); before a digit
    # it is one name ("β1": beta1), as the code writes them.
    text = _GREEK_BEFORE_WORD.sub(r"\1 ", text).translate(_GREEK)
    text = re.sub(r"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", _identifier_words, text)
    snake = _SNAKE.sub("_", text.lower()).strip("_")
    snake = re.sub(r"_(fix|tweak|change|update|tuning|tuned)$", "", snake)
    snake = re.sub(r"^(the|a|an|all|more|less|some|bigger|smaller|larger|lower|higher|tiny|huge|longer|shorter)_", "", snake)
    snake = re.sub(r"^(number|num|no)_of_", "n_", snake)  # "number of layers" is n_layers
    if snake in PARAMETER_SYNONYMS:
        return PARAMETER_SYNONYMS[snake]
    words = snake.split("_") if snake else []
    if len(words) > 2:  # an article inside a phrase names nothing ("inline the price check")
        words = [w for w in words if w not in ("the", "a", "an")] or words
    words = [WORD_SYNONYMS.get(w, w) for w in words]
    joined = _CLOSED_COMPOUND.sub(lambda m: m.group(1) + _CLOSED[m.group(2)], "_".join(words))
    joined = joined.replace("learning_rate", "lr") if joined != "learning_rate" else joined
    if joined.endswith("_lrs"):
        joined = joined[:-1]
    return PARAMETER_SYNONYMS.get(joined, joined)
