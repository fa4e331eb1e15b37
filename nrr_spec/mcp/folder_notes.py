"""What the tools say about a records folder that does not exist: a typo in `--records` must not
pass for an empty folder, so the read tools refuse it and the record that creates it says so."""

from __future__ import annotations

from pathlib import Path


def _named(folder: Path) -> str:
    # The server's working directory is the client's choice, rarely the agent's: show where a relative path lands.
    return f"'{folder}'" if folder.is_absolute() else f"'{folder}' ({folder.absolute()})"


def unreadable_folder(folder: Path) -> str:
    """The read tools' error on a records folder that does not exist (or is a file): what to do."""
    if folder.is_file():
        return f"{_named(folder)} is a file, not a records folder: start the server with --records naming a folder"
    return (
        f"records folder {_named(folder)} does not exist, so there is no evidence to check against. "
        "If the path is wrong, fix --records in the server's configuration and restart it; "
        "if this is a new loop, run the experiment and call record_experiment, which creates the folder."
    )


def created_folder(folder: Path) -> str:
    """The note on the record that created the records folder: a typo in --records shows here first."""
    return f"created the records folder {_named(folder)}, which did not exist; if that path is wrong, fix --records"
