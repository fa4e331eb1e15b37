"""The `nrr` command line. Subcommands load lazily so `nrr check` starts fast."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Any

import click

from ..version import __version__
from . import process_end

# name -> (module, attribute, one-line help). Modules are imported only when the command runs.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "schema": ("nrr_spec.cli.schema_cmd", "schema", "Print the record JSON Schema."),
    "list": ("nrr_spec.cli.schema_cmd", "list_records", "List records in a folder."),
    "validate": ("nrr_spec.cli.validate", "validate", "Validate records against the standard."),
    "convert": ("nrr_spec.cli.convert", "convert", "Convert experiment logs into records."),
    "check": ("nrr_spec.cli.knowledge", "check", "Check a proposed change against earlier failures."),
    "similar": ("nrr_spec.cli.knowledge", "similar", "Find earlier experiments similar to a change."),
    "patterns": ("nrr_spec.cli.knowledge", "patterns", "Rules the records support, with evidence."),
    "replay": ("nrr_spec.cli.knowledge", "replay", "Replay a finished log and score the advice."),
    "record": ("nrr_spec.cli.record", "record", "Record a finished experiment, its change given as data."),
    "index": ("nrr_spec.cli.knowledge", "index", "Build or rebuild the knowledge index."),
    "mcp": ("nrr_spec.cli.knowledge", "mcp", "Serve the knowledge engine over MCP (stdio)."),
    "build": ("nrr_spec.cli.publish", "build", "Build the static catalogue site."),
    "serve": ("nrr_spec.cli.publish", "serve", "Build and serve the catalogue locally."),
    "cite": ("nrr_spec.cli.cite", "cite", "Export a record's citation."),
    "new": ("nrr_spec.cli.authoring", "new", "Create a new record."),
    "revise": ("nrr_spec.cli.authoring", "revise", "Record a revision of a record."),
    "review": ("nrr_spec.cli.authoring", "review", "Record a dual-use review."),
    "score": ("nrr_spec.cli.authoring", "score", "Show a record's quality checklist score."),
}


# Top-level modules of the optional extras -> the extra that installs them.
EXTRAS = {"mkdocs": "site", "material": "site", "pagefind": "site", "markdown_it": "site", "mcp": "mcp"}


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The extra a missing module belongs to, or None when the module is no extra's."""
    return EXTRAS.get((exc.name or "").split(".")[0])


class LazyGroup(click.Group):
    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run a command; as the `nrr` program (no `args`: its own command line), end the process
        when the command is done without freeing what it holds (process_end)."""
        if args is not None or not standalone_mode or process_end.watched():
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        process_end.ends_with_command = True
        try:
            super().main(None, prog_name, complete_var, True, **extra)
        except SystemExit as exc:
            process_end.hard_exit(exc.code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Ctrl-C: every command writes through a staging folder or a temporary file and an
            # atomic rename, so what was there before is intact. Exit 130, as shells report SIGINT.
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except ModuleNotFoundError as exc:
            extra = missing_extra(exc)
            if extra is None:
                raise
            command = ctx.meta.get("nrr.command") or "this command"
            module = (exc.name or "").split(".")[0]
            click.echo(
                f"Error: 'nrr {command}' needs the {extra} extra ({module} is not installed): pip install 'nrr-spec[{extra}]'",
                err=True,
            )
            ctx.exit(2)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        ctx.meta["nrr.command"] = cmd_name  # for the message when the command needs a missing extra
        module_name, attr, _ = COMMANDS[cmd_name]
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return _unavailable(cmd_name)
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str) -> click.Command:
    @click.command(name=name, help=COMMANDS[name][2])
    def stub(**_: Any) -> None:
        raise click.UsageError(f"'nrr {name}' is not available in this installation.")

    return stub


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="nrr")
def main() -> None:
    """nrr: negative-result records for machine-learning research."""
