"""Generated records for benchmarks and tests: realistic shape, deterministic from a seed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ..model.vocabulary import EvidenceClass, ExperimentOutcome, FailureClass, Kind, Level, values
from ..schema import CURRENT_VERSION

_METHODS = [
    "Tent",
    "LLRD",
    "DropEdge",
    "SAM",
    "mixup",
    "label smoothing",
    "cosine warmup",
    "AWQ int4",
    "MoCo pretraining",
    "stain normalisation",
    "focal loss",
    "SWA",
    "EMA of weights",
    "gradient clipping",
    "RandAugment",
]
_DOMAINS = [
    "computer vision",
    "language modelling",
    "medical imaging",
    "speech",
    "robotics",
    "remote sensing",
    "graph learning",
    "tabular data",
    "recommendation",
    "reinforcement learning",
]
_DATASETS = ["CIFAR-100", "ImageNet-C", "GLUE", "ogbn-arxiv", "Camelyon17", "LibriSpeech", "M&Ms-2", "OpenWebText", "Sentinel-2"]
_CAUSES = [
    "data.distribution_shift",
    "data.bias",
    "data.label_quality",
    "data.noisy_measurement",
    "model.robustness",
    "model.scalability",
    "model.domain_alignment",
    "deployment.compute",
    "method.hyperparameters",
    "method.implementation_bug",
    "method.budget",
    "unknown",
]
_CATEGORIES = ["learning_rate", "lr_schedule", "optimizer", "regularization", "batch_size", "architecture", "data", "loss"]
_FAILURES = list(values(FailureClass))
_KINDS = list(values(Kind))
_NAMES = [
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Aino Virtanen",
    "Kwame Mensah",
    "Li Wei",
    "Sofia Lindqvist",
    "Jonas Becker",
    "Elena Petrova",
    "Elif Demir",
    "Ravi Iyer",
    "Maria Garcia",
    "Tomás Novák",
    "Yuki Sato",
]
_WORDS = [
    "batch",
    "statistics",
    "noisy",
    "warmup",
    "plateau",
    "divergence",
    "overfitting",
    "underfitting",
    "calibration",
    "shift",
    "variance",
    "seed",
    "ablation",
    "baseline",
    "checkpoint",
    "gradient",
    "tokenizer",
    "augmentation",
    "scanner",
    "vendor",
    "latency",
    "throughput",
    "memory",
]


def generate_record(i: int, rng: random.Random) -> dict[str, Any]:
    """Record number `i`: every section filled, values varied so facets and search have work to do."""
    method = rng.choice(_METHODS)
    domain = rng.choice(_DOMAINS)
    dataset = rng.choice(_DATASETS)
    kind = rng.choice(_KINDS)
    created = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 5 * 365))
    baseline = round(rng.uniform(40, 90), 2)
    value = round(baseline - rng.uniform(-0.5, 3), 2)
    sd = round(rng.uniform(0.2, 1.5), 2)
    words = " ".join(rng.choice(_WORDS) for _ in range(40))
    record: dict[str, Any] = {
        "schema_version": CURRENT_VERSION,
        "id": f"gen-{i:06d}-{method.lower().replace(' ', '-').replace('&', '')}",
        "version": 1,
        "created": created.isoformat(),
        "title": f"{method} does not improve {dataset} accuracy in setting {i}",
        "summary": f"We applied {method} to {dataset} and measured {value} against a baseline of {baseline}. {words[:200]}",
        "kind": kind,
        "status": "published",
        "authors": [{"name": n} for n in rng.sample(_NAMES, rng.randint(1, 3))],
        "license": "CC-BY-4.0",
        "keywords": [*rng.sample(_WORDS, 3), method],
        "domain": domain,
        "problem": {"statement": f"{domain.capitalize()} models lose accuracy when {words[:120]}."},
        "hypothesis": {"statement": f"{method} raises accuracy on {dataset}.", "expected_effect": "+2 points"},
        "methods": {
            "description": f"We trained five seeds with and without {method}. Record {i}. {words}",
            "datasets": [{"name": dataset}],
            "metrics": [{"name": "accuracy", "unit": "%", "direction": "higher"}],
            "seeds": [0, 1, 2, 3, 4],
            "runs_per_condition": 5,
        },
        "results": {
            "summary": f"{method} changed accuracy by {round(value - baseline, 2)} points.",
            "outcomes": [
                {
                    "metric": "accuracy",
                    "condition": method,
                    "value": value,
                    "unit": "%",
                    "baseline": baseline,
                    "delta": round(value - baseline, 2),
                    "uncertainty": {"kind": "sd", "value": sd},
                    "n": 5,
                }
            ],
            "evidence_class": rng.choice(values(EvidenceClass)),
        },
        "interpretation": {
            "causes": [{"category": c} for c in rng.sample(_CAUSES, rng.randint(1, 2))],
            "explanation": f"The gain reported for {method} depends on {rng.choice(_WORDS)} that this setting lacks.",
            "confidence": rng.choice(values(Level)),
            "lessons": [f"Check {rng.choice(_WORDS)} before trying {method}."],
        },
        "reproducibility": {
            "code": {"repository": "https://github.com/example/negative-results", "commit": f"{i:07x}"},
            "environment": {"python": "3.11.7", "packages": {"torch": "2.3.1"}},
        },
        "dual_use": {"concern": "none", "disclosure": "public"},
    }
    if kind == Kind.automated_experiment:
        category = rng.choice(_CATEGORIES)
        outcome = rng.choice(
            [*[ExperimentOutcome.discard.value] * 3, ExperimentOutcome.crash.value, ExperimentOutcome.keep.value]
        )
        record["experiment"] = {
            "outcome": outcome,
            "change_category": category,
            "changes": [{"parameter": category, "from": "0.04", "to": "0.05", "direction": "increase"}],
            "failure_class": None
            if outcome == ExperimentOutcome.keep
            else (FailureClass.crash_code.value if outcome == ExperimentOutcome.crash else rng.choice(_FAILURES[:2])),
            "metric": {"name": "val_bpb", "value": 0.99, "baseline": 0.98, "delta": 0.01, "direction": "lower"},
            "session": f"session-{i % 50}",
            "sequence": i % 100 + 1,
        }
        if record["experiment"]["failure_class"] is None:
            del record["experiment"]["failure_class"]
    if i > 10 and rng.random() < 0.2:
        other = rng.randrange(0, i)
        record["related"] = [{"id": f"gen-{other:06d}-placeholder", "relation": "similar_to"}]
    return record


def generate(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """`n` records; related links point only at ids that exist in the same set."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    records = [generate_record(i, rng) for i in range(n)]
    ids = [r["id"] for r in records]
    for record in records:
        for link in record.get("related", []):
            index = int(link["id"].split("-")[1])
            link["id"] = ids[index]
    return records
