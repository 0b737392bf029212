"""Every verb's help says what each option takes: a type for values, none for flags, a default or [required]."""

from __future__ import annotations

import re

import pytest
import typer
from typer.core import TyperOption

from ftplanner.cli import app

COMMAND = typer.main.get_command(app)
VERBS = sorted(COMMAND.list_commands(None))
TYPES = re.compile(r"^<(int|float|path|dir|text|address|path=spec|[a-z0-9_-]+(\|[a-z0-9_-]+)+|[A-Z](\|[A-Z])+|"
                   r"(int|float|format|column),\.\.\.)>$")


def _options(verb: str) -> list[TyperOption]:
    command = COMMAND.get_command(None, verb)
    with typer.Context(command) as ctx:
        return [p for p in command.get_params(ctx) if isinstance(p, TyperOption)], ctx


def test_every_verb_is_checked():
    assert {"estimate", "validate", "schema", "circuit", "circuits", "calibrate", "fit", "sweep"} <= set(VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_values_show_their_type_flags_none_and_every_option_its_default(verb):
    options, ctx = _options(verb)
    assert any(o.name == "help" for o in options)
    for option in options:
        shown = option.display_type_rich(ctx)
        if option.is_flag:
            assert shown == "", f"{verb} {option.opts}: a flag takes no value, shows {shown!r}"
            continue
        assert TYPES.match(shown or ""), f"{verb} {option.opts}: type {shown!r}"
        assert option.help, f"{verb} {option.opts}: no help"
        assert option.required or option.default is not None or "default" in option.help, \
            f"{verb} {option.opts}: says neither its default nor that it is required"


def test_the_rendered_help_shows_types_and_no_value_for_help(run):
    top = run("--help")
    assert top.exit_code == 0 and "--help" in top.output and "<bool>" not in top.output
    circuit = run("circuit", "--help").output
    assert re.search(r"--distance\s+-d\s+<int>", circuit) and re.search(r"--p\s+<float>", circuit)
    assert "<bool>" not in circuit and not re.search(r"--\S+\s+(-\w\s+)?<str>", circuit)
    sweep = run("sweep", "--help").output
    assert re.search(r"--max-points\s+<int>", sweep) and "[default: 2000000]" in sweep
    assert re.search(r"--sensitivity\s+also rank", sweep)  # a flag: no type between it and its help


@pytest.mark.parametrize("args, message", [(["circuit", "memory", "-d", "3.5", "--p", "1e-3"], "--distance: expected an integer"),
                                           (["circuit", "memory", "-d", "3", "--p", "x"], "--p: expected a number")])
def test_a_value_not_of_the_shown_type_is_refused_in_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.output and len(result.output.strip().splitlines()) == 1
