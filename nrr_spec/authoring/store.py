"""The errors a person can act on while writing records, and a document read as a typed record.

Finding records is the records folder's business (`nrr_spec.store`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import NrrError

if TYPE_CHECKING:
    from ..model import Record


class AuthoringError(NrrError):
    """A problem with the input that the person can fix; the CLI shows the message, never a traceback."""


class OptionError(AuthoringError):
    """An option (or the answer standing in for it) that is missing or cannot be used: `--result` not
    given without a terminal to ask on, an ORCID iD failing its checksum, a template that does not
    exist. The command could not start on what it was given, so the CLI exits 2, as for a usage error."""


def to_record(data: Any, where: str) -> Record:
    """The typed `Record` of a document, or an AuthoringError listing what is wrong with it."""
    from pydantic import ValidationError

    from ..model import Record

    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'/'.join(str(p) for p in err['loc']) or '(record)'}: {err['msg']}" for err in exc.errors()[:5])
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise AuthoringError(f"{where} is not a valid record: {problems}{more}") from None
