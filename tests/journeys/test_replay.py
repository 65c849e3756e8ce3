"""Every recorded journey plays through `kiosque replay` on SQLite and PostgreSQL, with
the outcome a person would see at each action (SPEC §8 lines)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from kiosque.cli import main

HERE = Path(__file__).resolve().parent
JOURNEYS = sorted(p for p in HERE.glob("*.json") if p.name != "expected.json")
SPEC_KEYS = {"procedure", "step", "action", "accepted", "errors", "next", "documents"}
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def replay(journey: Path, db_url: str, out: Path) -> tuple[int, list[dict[str, Any]], str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["replay", str(journey), "--db", db_url, "--out", str(out)])
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    return code, lines, stderr.getvalue()


def summary(line: dict[str, Any]) -> list[Any]:
    return [line["step"], line["action"], line["accepted"], line["next"], sorted(line["errors"])]


def test_every_journey_has_its_expected_outcome() -> None:
    assert {p.stem for p in JOURNEYS} == set(EXPECTED)


@pytest.mark.parametrize("journey", JOURNEYS, ids=[p.stem for p in JOURNEYS])
def test_journey_replays(journey: Path, db_url: str, data_dir: Path) -> None:
    code, lines, err = replay(journey, db_url, data_dir / "out")
    assert code == 0, err
    assert err == ""
    assert [summary(line) for line in lines] == EXPECTED[journey.stem]
    for line in lines:
        assert set(line) >= {
            "procedure",
            "step",
            "action",
            "accepted",
            "errors",
            "next",
            "documents",
        }
        for messages in line["errors"].values():
            assert messages and all(isinstance(m, str) and m.strip() for m in messages)
        for document in line["documents"]:
            assert Path(document).is_file() and Path(document).read_bytes().startswith(b"%PDF")


def _texts(lines: list[dict[str, Any]]) -> str:
    return " ".join(m for line in lines for v in line["errors"].values() for m in v)


def test_lockout_message_and_blocked_account_refuses_the_right_password(
    db_url: str, data_dir: Path
) -> None:
    _, lines, _ = replay(HERE / "connexion-mot-de-passe-faux-puis-blocage.json", db_url, data_dir)
    assert "Il vous reste 1 essai(s)" in _texts(lines[4:5])
    assert lines[5]["next"] == "compte-bloque"
    # the right password after the lock-out does not log in
    assert lines[-1]["next"] == "compte-bloque"


def test_non_certified_nir_gives_the_3960_advice(db_url: str, data_dir: Path) -> None:
    _, lines, _ = replay(HERE / "creer-espace-nir-non-certifie.json", db_url, data_dir)
    assert "3960" in _texts(lines)


def test_identification_failure_uses_the_organism_words(db_url: str, data_dir: Path) -> None:
    _, lines, _ = replay(HERE / "creer-espace-non-identifie.json", db_url, data_dir)
    assert "Nous n'avons pas pu vous identifier" in _texts(lines)


def test_second_ris_request_the_same_day(db_url: str, data_dir: Path) -> None:
    _, lines, _ = replay(HERE / "releve-carriere-une-demande-par-jour.json", db_url, data_dir)
    assert "à compter de demain" in _texts(lines)


def test_the_installed_command_replays_in_a_real_process(data_dir: Path) -> None:
    exe = Path(sys.executable).with_name("kiosque")
    url = f"sqlite:///{data_dir / 'kiosque.db'}"
    done = subprocess.run(
        [str(exe), "replay", str(HERE / "caf-mot-de-passe-oublie-sms.json"), "--db", url],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [summary(line) for line in lines] == EXPECTED["caf-mot-de-passe-oublie-sms"]


MALFORMED = {
    "bad-json": '{"start": "2026-03-02T09:00:00", "actions": [',
    "unknown-step": '{"start": "2026-03-02T09:00:00", "actions": [{"procedure": "aide"},'
    ' {"step": "nulle-part"}]}',
    "unknown-field": '{"start": "2026-03-02T09:00:00", "actions": [{"procedure": "aide"},'
    ' {"step": "recherche", "answers": {"couleur": "bleu"}}]}',
    "bad-duration": '{"start": "2026-03-02T09:00:00", "actions": [{"procedure": "aide"},'
    ' {"wait": "16 jours"}]}',
    "unknown-procedure": '{"start": "2026-03-02T09:00:00", "actions": [{"procedure": "impots"}]}',
    "bad-start": '{"start": "hier", "actions": []}',
    "unknown-action": '{"start": "2026-03-02T09:00:00", "actions": [{"procedure": "aide"},'
    ' {"step": "recherche", "action": "voler"}]}',
    "not-an-object": "[1, 2, 3]",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_journey_is_one_line_and_status_2(name: str, data_dir: Path) -> None:
    journey = data_dir / f"{name}.json"
    journey.write_text(MALFORMED[name], encoding="utf-8")
    database = data_dir / "untouched.db"
    code, lines, err = replay(journey, f"sqlite:///{database}", data_dir / "out")
    assert code == 2
    assert lines == []
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"kiosque: {journey}: ")
    assert not database.exists()  # the store was never opened


def test_bad_database_url_is_one_line(data_dir: Path) -> None:
    code, _, err = replay(HERE / "aide-recherche.json", "mysql://nope", data_dir)
    assert code == 2 and len(err.strip().splitlines()) == 1
