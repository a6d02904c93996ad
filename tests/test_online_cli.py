"""`vaultlint check --online` as a user runs it, against a server on 127.0.0.1 started by the tests."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import Run
from tests.online_server import Site, serve
from vaultlint.cli.online import progress_bar

Cli = Callable[..., Run]
FAST = "[online]\ntimeout = 2\nretries = 0\n"
SCHEMA = json.loads((Path(__file__).parent.parent / "vaultlint" / "report" / "output.schema.json").read_text())


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture
def vault(tmp_path: Path, site: Site) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "vaultlint.toml").write_text(FAST)
    (root / "Reading.md").write_text(
        f"# Reading\n\n- [Gone]({site.url('/gone')})\n- [Moved]({site.url('/moved')})\n- [Fine]({site.url('/ok')})\n"
    )
    (root / "More.md").write_text(f"# More\n\nAgain <{site.url('/gone#part')}>.\n")
    return root


def test_check_online_reports_each_place_and_asks_each_address_once(cli: Cli, vault: Path, site: Site) -> None:
    run = cli("check", "--online", "--cache-dir", str(vault.parent / "cache"), str(vault))
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if "LNK005" in line]
    assert len(lines) == 3, run.out
    assert sum("dead link: 404 Not Found" in line for line in lines) == 2
    assert any(f"moved permanently (301) to {site.url('/ok')}" in line for line in lines)
    assert site.count("/gone") == 2 and site.count("/moved") == 1  # HEAD, then GET to be sure a 404 is meant
    assert site.count("/ok") == 2  # once for itself, once at the end of /moved's redirect


def test_a_second_run_asks_nothing_and_says_the_same(cli: Cli, vault: Path, site: Site) -> None:
    cache = str(vault.parent / "cache")
    first = cli("check", "--online", "--cache-dir", cache, str(vault))
    asked = sum(site.requests.values())
    again = cli("check", "--online", "--cache-dir", cache, str(vault))
    assert (again.code, again.out) == (first.code, first.out)
    assert sum(site.requests.values()) == asked
    cli("check", "--online", "--refresh", "--cache-dir", cache, str(vault))
    assert sum(site.requests.values()) == 2 * asked
    assert not list((vault.parent / "cache" / "replay").glob("*.rec"))  # an online answer is never replayed


def test_without_online_no_socket_is_opened(cli: Cli, vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        opened.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    run = cli("check", "--select", "ALL", "--cache-dir", str(vault.parent / "cache"), str(vault))
    assert opened == [] and "LNK005" not in run.out
    assert cli("check", "--online", "--no-cache", str(vault)).code == 1 and opened  # the test can see one


def test_the_config_can_turn_it_on_and_the_command_line_off(cli: Cli, vault: Path, site: Site) -> None:
    (vault / "vaultlint.toml").write_text(FAST + "enabled = true\n")
    run = cli("check", "--no-cache", str(vault))
    assert "dead link" in run.out and site.count("/gone") == 2
    run = cli("check", "--no-online", "--no-cache", str(vault))
    assert "LNK005" not in run.out and site.count("/gone") == 2


def test_a_dead_link_report_as_json(cli: Cli, vault: Path, site: Site) -> None:
    run = cli("check", "--online", "--no-cache", "--select", "LNK005", "--output-format", "json", str(vault))
    report = json.loads(run.out)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    details = sorted((row["details"] for row in report["findings"]), key=lambda d: d["url"])
    assert details == [
        {"verdict": "dead", "url": site.url("/gone"), "status": "404"},
        {"verdict": "dead", "url": site.url("/gone#part"), "status": "404"},
        {
            "verdict": "moved",
            "url": site.url("/moved"),
            "status": "200",
            "final_url": site.url("/ok"),
            "moved_to": site.url("/ok"),
        },
    ]


def test_statistics_count_by_status(cli: Cli, vault: Path) -> None:
    run = cli("check", "--online", "--no-cache", "--statistics", str(vault))
    assert [line.split() for line in run.out.splitlines() if "LNK005" in line or "dead" in line or "moved" in line][
        :3
    ] == [["3", "LNK005", "dead-link"], ["2", "dead", "404"], ["1", "moved"]]
    run = cli("check", "--online", "--no-cache", "--statistics", "--output-format", "json", str(vault))
    report = json.loads(run.out)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    (row,) = [row for row in report["statistics"] if row["code"] == "LNK005"]
    assert row["by_status"] == {"dead 404": 2, "moved": 1}


def test_sarif_carries_the_status(cli: Cli, vault: Path) -> None:
    run = cli("check", "--online", "--no-cache", "--select", "LNK005", "--output-format", "sarif", str(vault))
    results = json.loads(run.out)["runs"][0]["results"]
    assert sorted(r["properties"]["verdict"] for r in results) == ["dead", "dead", "moved"]


def test_a_suppression_comment_applies(cli: Cli, vault: Path) -> None:
    more = vault / "More.md"
    more.write_text(more.read_text().replace("Again", "<!-- vaultlint-disable-next-line LNK005 -->\nAgain"))
    run = cli("check", "--online", "--no-cache", "--select", "LNK005", str(vault))
    assert sum("LNK005" in line for line in run.out.splitlines()) == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_says_asked_failed_and_time_left_on_a_terminal_only() -> None:
    assert progress_bar(io.StringIO()) is None  # a pipe, a CI log: nothing
    screen = _Terminal()
    report = progress_bar(screen)
    assert report is not None
    report(1, 4, 1)
    report(4, 4, 2)
    lines = screen.getvalue().split("\r\x1b[K")
    assert lines[1].startswith("checking links: 1/4, 1 failed, about ") and lines[1].endswith(" left")
    assert lines[2] == ""  # the line is cleared at the end: the report follows on a clean line


def test_fix_online_replaces_a_moved_url_and_nothing_else(cli: Cli, vault: Path, site: Site) -> None:
    reading = vault / "Reading.md"
    before = reading.read_text()
    (vault / "Plain.md").write_text("# Plain\n\nno links here  \n")  # trailing spaces: a safe fix elsewhere
    cache = str(vault.parent / "cache")
    assert cli("fix", "--online", "--write", "--cache-dir", cache, str(reading)).code == 1  # unsafe: not applied
    assert reading.read_text() == before
    run = cli("fix", "--online", "--unsafe-fixes", "--write", "--cache-dir", cache, str(reading))
    assert reading.read_text() == before.replace(site.url("/moved"), site.url("/ok"))
    assert "dead link: 404 Not Found" in run.out  # what remains is said
    assert (vault / "Plain.md").read_text() == "# Plain\n\nno links here  \n"  # not named: not touched
    again = cli("check", "--online", "--cache-dir", cache, str(reading))
    assert "moved" not in again.out and again.out.count("LNK005") == 1


def test_fix_online_preview_shows_the_move(cli: Cli, vault: Path, site: Site) -> None:
    run = cli("fix", "--online", "--unsafe-fixes", "--no-cache", str(vault / "Reading.md"))
    assert f"-- [Moved]({site.url('/moved')})" in run.out and f"+- [Moved]({site.url('/ok')})" in run.out
