"""Whether a record dict is fit to write: the validator's errors, or pydantic's where it is absent."""

from __future__ import annotations

from typing import Any


def validation_errors(data: Any) -> list[str]:
    """Error-level problems of one record, each as `code pointer: message`; empty when it validates."""
    if not isinstance(data, dict):
        return ["the document is not a mapping of fields"]
    try:
        from ..lint.api import validate_record_data
    except ImportError:  # the library without its validator: the model is the next best check
        return _model_errors(data)
    return [
        f"{diag.code} {diag.pointer or '/'}: {diag.message}"
        for diag in validate_record_data(data)
        if diag.severity == "error"
    ]


def _model_errors(data: dict[str, Any]) -> list[str]:
    from pydantic import ValidationError

    from ..model import Record

    try:
        Record.model_validate(data)
    except ValidationError as exc:
        return [f"/{'/'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
    return []
