"""The root of every error nrr_spec raises on purpose.

A caller that embeds the library (a lab's pipeline, an agent's tool) catches `NrrError` to tell a
problem nrr_spec reported (a refused record, a configuration it cannot use, a log it cannot read)
from a bug. Each error keeps the built-in class it always had as a second base (`ValueError`,
`OSError`, ...), so code that caught that goes on working.
"""

from __future__ import annotations


class NrrError(Exception):
    """A problem nrr_spec reports on purpose; the message says what is wrong and what to do."""


class ConfigError(NrrError, ValueError):
    """A configuration file or setting that cannot be used (the validator's `[tool.nrr]`, the site's
    `[tool.nrr.site]`); the message names the file."""
