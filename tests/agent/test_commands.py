"""``kiosque agent``, ``person``, ``stats`` and ``purge``: exit codes, outputs, and one-line
errors (never a traceback)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosque.cli import main
from kiosque.clock import ManualClock
from kiosque.context import Context, open_context
from kiosque.store.db import sqlite_url
from tests.agent.conftest import LEA_NIR, START, from_template, make_settings, run_journey

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def url(data_dir: Path) -> str:
    return sqlite_url(data_dir / "kiosque.db")


@pytest.fixture
def run(url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """``run(*args, stdin="")``: the command with ``--db`` on the test's database."""

    def call(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main([*args, "--db", url])
        except SystemExit as exc:  # argparse's own refusals
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def filled(data_dir: Path, url: str, template: Path) -> None:
    """Léa registered at the kiosk (through the engine), Paul blocked his account."""
    from_template(template, data_dir)
    ctx: Context = open_context(make_settings(data_dir, url), ManualClock(START))
    try:
        run_journey(ctx, "creer-espace-parcours-complet")
        run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    finally:
        ctx.close()


def one_line_error(code: int, err: str) -> None:
    assert code == 2
    assert err.startswith("kiosque") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_agent_add_list_disable(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("agent", "add", "marie", "--password-stdin", stdin="un mot de passe long\n")[0] == 0
    typed = iter(["un autre mot de passe", "un autre mot de passe"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, out, _ = run("agent", "add", "paul")
    assert code == 0 and out == "Agent « paul » ajouté.\n"
    code, out, _ = run("agent", "list")
    assert code == 0 and out == "marie\tactif\npaul\tactif\n"
    assert run("agent", "disable", "paul")[0] == 0
    code, out, _ = run("agent", "list")
    assert out.splitlines()[1].startswith("paul\tdésactivé depuis le ")


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (("agent", "add", "marie", "--password-stdin"), "court\n", "12 caractères"),
        (("agent", "add", "Marie Curie", "--password-stdin"), "un mot de passe long\n", "lettre"),
        (("agent", "disable", "personne"), "", "Aucun agent"),
        (("agent", "frobnicate"), "", "invalid choice"),
    ],
)
def test_agent_errors_are_one_line(run: Run, args: tuple[str, ...], stdin: str, says: str) -> None:
    code, _, err = run(*args, stdin=stdin)
    one_line_error(code, err)
    assert says in err


def test_agent_add_twice_and_passwords_that_differ(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("agent", "add", "marie", "--password-stdin", stdin="un mot de passe long\n")
    code, _, err = run("agent", "add", "marie", "--password-stdin", stdin="un mot de passe long\n")
    one_line_error(code, err)
    assert "existe déjà" in err
    typed = iter(["un mot de passe long", "un autre mot de passe"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, _, err = run("agent", "add", "paul")
    one_line_error(code, err)
    assert "différents" in err


@pytest.mark.usefixtures("filled")
def test_person_export_is_json_on_stdout(run: Run) -> None:
    code, out, err = run("person", "export", "--nir", "2 85 08 2B 999 002")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [a["nir"] for a in data["retraite"]] == [LEA_NIR]
    assert data["sessions"] and data["messages"]
    assert "argon2" not in out


@pytest.mark.usefixtures("filled")
def test_person_erase_asks_for_confirmation(run: Run) -> None:
    code, out, err = run("person", "erase", "--nir", "2 85 08 2B 999 002", stdin="non\n")
    assert code == 1 and out == "" and "Rien n'a été effacé" in err
    assert json.loads(run("person", "export", "--nir", LEA_NIR)[1])["retraite"]
    code, out, _ = run("person", "erase", "--nir", "2 85 08 2B 999 002", stdin="oui\n")
    assert code == 0 and json.loads(out)["effacees"]["retraite_accounts"] == 1
    assert json.loads(run("person", "export", "--nir", LEA_NIR)[1])["retraite"] == []


@pytest.mark.usefixtures("filled")
def test_person_erase_yes_skips_the_question(run: Run) -> None:
    code, out, err = run("person", "erase", "--nir", "1 80 01 75 999 001", "--yes")
    assert code == 0 and err == ""
    assert json.loads(out)["effacees"]["retraite_accounts"] == 1
    code, out, _ = run("person", "erase", "--nir", "1 80 01 75 999 001", "--yes")
    assert code == 0 and json.loads(out) == {"effacees": {}}


@pytest.mark.parametrize(
    "args",
    [
        ("person", "export", "--nir", "123"),
        ("person", "erase", "--nir", "1 80 01 75 999 001 99", "--yes"),  # wrong key
        ("person", "export"),
        ("person", "erase", "--nir", "abc", "--yes"),
    ],
)
def test_person_errors_are_one_line(run: Run, args: tuple[str, ...]) -> None:
    one_line_error(*run(*args)[::2])


@pytest.mark.usefixtures("filled")
def test_stats_text_and_csv(run: Run) -> None:
    code, out, _ = run("stats", "--from", "2026-03-02", "--to", "2026-03-02")
    assert code == 0
    assert out.startswith("Du 02/03/2026 au 02/03/2026\n3 séance(s), 1 menée(s) à leur terme")
    assert "Votre compte est bloqué" in out
    code, out, _ = run("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--csv")
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert code == 0 and rows[0] == ["indicateur", "demarche", "detail", "valeur"]
    assert ["seances", "", "", "3"] in rows and ["terminees", "", "", "1"] in rows
    code, out, _ = run("stats", "--from", "2026-04-01", "--csv")  # that day only
    assert ["seances", "", "", "0"] in list(csv.reader(io.StringIO(out), delimiter=";"))


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--from", "02/03/2026"),
        ("stats", "--from", "2026-03-02", "--to", "2026-03-01"),
        ("stats", "--to", "hier"),
        ("stats", "--sum"),
    ],
)
def test_stats_errors_are_one_line(run: Run, args: tuple[str, ...]) -> None:
    one_line_error(*run(*args)[::2])


@pytest.mark.usefixtures("filled")
def test_purge_and_dry_run(run: Run) -> None:
    # The journeys happened on 2 March 2026; the command runs on today's date (the real
    # clock), more than 90 days later.
    code, out, _ = run("purge", "--dry-run")
    lines = out.splitlines()
    assert code == 0
    assert "seraient effacées" in lines[0] and "Séances : 3" in lines
    code, out, _ = run("purge")
    assert code == 0 and "ligne(s) effacée(s)." in out.splitlines()[0]
    code, out, _ = run("purge")
    assert (
        code == 0
        and out == "Rien à effacer : aucune donnée n'a dépassé sa durée de conservation.\n"
    )


def test_every_command_takes_db(run: Run, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["stats", "--db", "mysql://x"])
    one_line_error(code, capsys.readouterr().err)
    for command in (("agent", "list"), ("stats",), ("purge", "--dry-run")):
        assert run(*command)[0] == 0
    assert Path(url.removeprefix("sqlite:///")).exists()
