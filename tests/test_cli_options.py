"""Options the commands share read and default the same everywhere; settings files are found by one rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest

from nrr_spec.cli import COMMANDS, main
from nrr_spec.config_files import find_settings
from nrr_spec.errors import ConfigError
from nrr_spec.lint.config import load_config
from nrr_spec.publish.config import load_site_config


def _commands() -> dict[str, click.Command]:
    assert isinstance(main, click.Group)
    found = {}
    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert command is not None
        found[name] = command
        if isinstance(command, click.Group):
            found.update({f"{name} {sub}": c for sub, c in command.commands.items()})
    return found


def test_every_records_option_has_one_default() -> None:
    options = {
        name: param
        for name, command in _commands().items()
        for param in command.params
        if isinstance(param, click.Option) and "--records" in param.opts
    }
    assert {"check", "similar", "patterns", "index", "mcp", "record", "new", "revise", "review", "score", "cite"} <= set(options)
    assert {name: str(p.default) for name, p in options.items()} == {name: "records" for name in options}
    assert all(p.show_default for p in options.values())


def test_records_given_as_arguments_default_to_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    example = next((Path(__file__).resolve().parent.parent / "examples" / "records").glob("*.yaml"))
    (tmp_path / "records").mkdir()
    shutil.copy(example, tmp_path / "records" / example.name)
    monkeypatch.chdir(tmp_path)
    listed = CliRunner().invoke(main, ["list", "--format", "tsv"])
    assert listed.exit_code == 0 and f"records/{example.name}" in listed.output


def test_every_metric_direction_option_is_the_same(tmp_path: Path) -> None:
    directions = [
        param
        for command in _commands().values()
        for param in command.params
        if isinstance(param, click.Option) and "--direction" in param.opts
    ]
    assert len(directions) >= 4  # convert autoresearch, convert table, replay, record
    assert {(tuple(p.type.choices), p.help) for p in directions if isinstance(p.type, click.Choice)} == {
        (("lower", "higher"), directions[0].help)
    }


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nrr]\nignore = ["NRR4"]\n[tool.nrr.site]\ntitle = "From the project"\n', encoding="utf-8"
    )
    deep = tmp_path / "records" / "2025"
    deep.mkdir(parents=True)
    return deep


def test_validator_and_site_settings_are_found_from_a_subfolder(tmp_path: Path) -> None:
    deep = _project(tmp_path)
    assert load_config(start=deep).ignore == ("NRR4",)
    assert load_site_config(search_from=deep).title == "From the project"
    # a command's own file in a nearer folder wins over the project's pyproject.toml
    (deep / "nrr-site.toml").write_text('title = "Nearer"\n', encoding="utf-8")
    (deep / ".nrr.toml").write_text('ignore = ["NRR5"]\n', encoding="utf-8")
    assert load_site_config(search_from=deep).title == "Nearer"
    assert load_config(start=deep).ignore == ("NRR5",)


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "outer").mkdir()
    deep = _project(tmp_path / "outer")
    (deep.parent / ".git").mkdir()  # records/ is a repository of its own
    assert find_settings(".nrr.toml", ("tool", "nrr"), deep) is None
    assert load_site_config(search_from=deep).title == "Negative results"


def test_a_broken_settings_file_is_an_error_naming_it(tmp_path: Path) -> None:
    deep = _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.nrr\n", encoding="utf-8")
    for load in (lambda: load_config(start=deep), lambda: load_site_config(search_from=deep)):
        with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML"):
            load()


def test_the_authoring_guide_says_which_commands_take_records_and_which_take_paths() -> None:
    import re

    guide = (Path(__file__).resolve().parent.parent / "docs" / "guides" / "authoring.md").read_text(encoding="utf-8")
    text = " ".join(guide.split())
    assert "as for every command" not in text
    # "... as for `nrr check`, ... and `nrr record`. `nrr validate`, ... take the files or folders ..."
    said = text[text.index("Commands that take a record id") : text.index("take the files or folders to read as arguments")]
    option_sentence, paths_sentence = said.rsplit(". ", 1)
    with_option = re.findall(r"`nrr (\w+)`", option_sentence)
    with_paths = re.findall(r"`nrr (\w+)`", paths_sentence)
    commands = _commands()

    def has_records(name: str) -> bool:
        return any(isinstance(p, click.Option) and "--records" in p.opts for p in commands[name].params)

    assert with_option and all(has_records(name) for name in with_option), with_option
    assert {"validate", "list", "build"} <= set(with_paths) and not any(has_records(name) for name in with_paths)
