"""Hostile input at the command line (issue 9): the CLI's own error handler, markup in values
and paths, spreadsheet formulas, bad output paths, HTML in Markdown, control characters in
graph files and degenerate datasets for `metrics`. Each case asserts its exit code and its
one line."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphgov.load

HANDCHECK = Path(__file__).parent / "data" / "handcheck"
HOSTILE = Path(__file__).parent / "data" / "hostile" / "cli"


def one_line(text: str) -> str:
    """The only line of `text` (the test fails if there are more)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- class 14: the CLI's own error handler -------------------------------------------------


@pytest.mark.internal_error
def test_a_bug_is_one_line_exit_70_and_a_saved_traceback(cli, monkeypatch, tmp_path: Path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero in [bold]step[/bold]")

    monkeypatch.setattr(graphgov.load, "load_dataset", broken)
    monkeypatch.setenv("GRAPHGOV_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHGOV_DEBUG", raising=False)
    result = cli(["validate", HANDCHECK])
    assert result.exit_code == 70
    saved = tmp_path / "cache" / "internal-error.txt"
    assert one_line(result.stderr) == (
        "internal error: ZeroDivisionError: division by zero in [bold]step[/bold] "
        f"(this is a bug in graphgov; please report it; traceback in {saved})"
    )
    text = saved.read_text(encoding="utf-8")
    assert f"$ graphgov validate {HANDCHECK}" in text
    assert "Traceback (most recent call last)" in text and "in broken" in text
    assert "Traceback" not in result.output


@pytest.mark.internal_error
def test_graphgov_debug_prints_the_traceback_too(cli, monkeypatch, tmp_path: Path):
    def broken(*args, **kwargs):
        raise KeyError("organizations")

    monkeypatch.setattr(graphgov.load, "load_dataset", broken)
    monkeypatch.setenv("GRAPHGOV_CACHE", str(tmp_path))
    result = cli(["validate", HANDCHECK], env={"GRAPHGOV_DEBUG": "1"})
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("internal error: KeyError: 'organizations' (this is a bug in graphgov")
    )


def test_ctrl_c_is_aborted_exit_130(cli, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(graphgov.load, "load_dataset", interrupted)
    result = cli(["validate", HANDCHECK])
    assert result.exit_code == 130
    assert one_line(result.stderr) == "aborted"
