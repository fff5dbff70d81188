"""Progress bars on long commands: drawn on a terminal or with --progress, never in captured or cron output."""

from __future__ import annotations

import io
import sys

import pytest

from portal.core import cli_options
from tests.local_offer.test_import import FIXTURES


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_is_wanted_on_a_terminal_or_when_asked(monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert cli_options.wanted(None) is False and cli_options.wanted(True) is True
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert cli_options.wanted(None) is True and cli_options.wanted(False) is False


def test_phases_fill_one_bar_in_order():
    moved: list[int] = []
    report = cli_options.by_phases(moved.append)
    for done, total, message in [(0, 4, "Checking"), (4, 4, "Checking"), (2, 3, "Saving"), (3, 3, "Saving")]:
        report(done, total, message)
    assert moved == [4, 2, 1]


@pytest.mark.parametrize(
    "args,label",
    [
        (["local-offer", "import", str(FIXTURES / "oruk3_page.json")], "Importing 4 records (oruk3)"),
        (["retention", "apply"], "Deleting what is past its retention period"),
    ],
)
def test_long_commands_show_a_bar_only_when_asked(app_ctx, args, label):
    runner = app_ctx.test_cli_runner()
    quiet = runner.invoke(args=args)
    assert quiet.exit_code == 0, quiet.output
    assert label not in quiet.output
    shown = runner.invoke(args=[*args, "--progress"])
    assert shown.exit_code == 0, shown.output
    assert label in shown.output
