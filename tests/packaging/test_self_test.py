"""``kiosque self-test``, run as a technician or the installer runs it: the installed
command in a subprocess, one line per check, exit status 0, or 1 naming what is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosque.commands.self_test import Report, redact

BIN = Path(sys.executable).parent
CHECKS = (
    "Programme",
    "Réglages",
    "Ressources",
    "Catalogue",
    "Polices",
    "Base de données",
    "Parcours « aide »",
    "Parcours « caf-connexion »",
    "Affichage",
    "Reçu PDF",
    "Imprimante",
)


MARKS = ("✓", "✗", "!", "–", "OK", "KO", "!!", "--")


def kiosque_command() -> str:
    found = shutil.which("kiosque", path=str(BIN)) or shutil.which("kiosque")
    assert found, "the `kiosque` command is not installed (pip install -e .)"
    return found


def self_test(
    tmp: Path, *args: str, env: dict[str, str] | None = None, encoding: str = "utf-8"
) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ)
    environ.update(
        {
            "KIOSQUE_CONFIG": str(tmp / "absent.toml"),
            "KIOSQUE_DATA_DIR": str(tmp / "terminal-data"),  # the terminal's own folder
            "PYTHONIOENCODING": encoding,
        }
    )
    environ.pop("KIOSQUE_RESSOURCES", None)
    environ.update(env or {})
    return subprocess.run(
        [kiosque_command(), "self-test", *args],
        capture_output=True,
        text=True,
        encoding=encoding,
        env=environ,
        cwd=tmp,
        timeout=120,
    )


def lines_of(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """``{check name: mark}`` from the output."""
    found = {}
    for line in result.stdout.splitlines():
        mark, _, rest = line.partition(" ")
        name, sep, _ = rest.partition(" : ")
        if sep and mark in MARKS:
            found[name] = mark
    return found


def test_self_test_passes_with_one_line_per_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = self_test(tmp_path, "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    marks = lines_of(result)
    assert list(marks) == list(CHECKS)
    assert all(mark == "✓" for name, mark in marks.items() if name != "Imprimante")
    assert marks["Imprimante"] in ("✓", "!")  # no printer on a build machine: a warning
    assert "✓ Catalogue : 6 démarches" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Auto-test réussi : 11 vérifications")
    # what it drew and printed is kept with --out
    assert (out / "page-auto-test.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "recu-auto-test.pdf").read_bytes().startswith(b"%PDF-")
    # a temporary store: the terminal's own data folder is never touched
    terminal = tmp_path / "terminal-data"
    assert not terminal.exists() or not any(terminal.iterdir())


def test_broken_resources_name_the_failing_checks(tmp_path: Path) -> None:
    empty = tmp_path / "ressources-vides"
    empty.mkdir()
    result = self_test(tmp_path, env={"KIOSQUE_RESSOURCES": str(empty)})
    assert result.returncode == 1
    marks = lines_of(result)
    assert marks["Ressources"] == "✗"
    assert marks["Catalogue"] == "✗"
    assert marks["Base de données"] == "–"  # skipped: it needs the catalogue
    assert f"✗ Ressources : {empty} : il manque procedures" in result.stdout
    last = result.stdout.splitlines()[-1]
    assert last.startswith("Auto-test en échec : Ressources, Catalogue")
    assert "Traceback" not in result.stdout + result.stderr


def test_db_option_and_a_missing_printer(tmp_path: Path) -> None:
    """--db checks that database (created and migrated); a printer named in the settings
    but not installed fails the self-test (no printer at all is only a warning)."""
    database = tmp_path / "borne.db"
    result = self_test(
        tmp_path,
        "--db",
        f"sqlite:///{database.as_posix()}",
        env={"KIOSQUE_PRINTER": "Imprimante du guichet 3"},
    )
    assert result.returncode == 1
    assert f"✓ Base de données : sqlite:///{database.as_posix()}, migrée" in result.stdout
    assert database.is_file()
    assert "✗ Imprimante : l'imprimante « Imprimante du guichet 3 »" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Auto-test en échec : Imprimante (")


def test_a_wrong_setting_is_named_even_on_a_console_without_unicode(tmp_path: Path) -> None:
    """A Windows console in an old code page cannot print ✓: the lines still come, with
    plain marks; a wrong setting names its variable and the other checks still run."""
    result = self_test(
        tmp_path,
        env={
            "KIOSQUE_IDLE_WIPE_SECONDS": "deux minutes",
            "KIOSQUE_RESSOURCES": str(tmp_path / "nulle-part"),  # keeps this run short
        },
        encoding="cp850",
    )
    assert result.returncode == 1
    marks = lines_of(result)
    assert marks["Programme"] == "OK"
    assert marks["Réglages"] == "KO"
    assert marks["Ressources"] == "KO"
    assert "KO Réglages : KIOSQUE_IDLE_WIPE_SECONDS" in result.stdout
    assert "Auto-test en échec : Réglages, Ressources" in result.stdout


def test_report_counts_and_names_failures() -> None:
    import io

    stream = io.StringIO()
    report = Report(stream)

    def broken() -> str:
        raise OSError("disque plein")

    assert report.run("Un", lambda: "bien")
    assert not report.run("Deux", broken)
    assert report.failed == ["Deux"]
    assert stream.getvalue().splitlines() == ["✓ Un : bien", "✗ Deux : OSError: disque plein"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql+psycopg://kiosque:secret@db/kiosque",
            "postgresql+psycopg://kiosque:***@db/kiosque",
        ),
        ("postgresql+psycopg://k:p@ss:w@db:5432/k", "postgresql+psycopg://k:***@db:5432/k"),
        ("sqlite:////var/kiosque.db", "sqlite:////var/kiosque.db"),
    ],
)
def test_database_password_is_never_printed(url: str, shown: str) -> None:
    assert redact(url) == shown
