"""Rights of access and erasure, end to end: a citizen registers through the engine (with
a receipt), the agent exports then erases her data, and a byte search of the database
files and the logs finds nothing of her afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from kiosque import logs
from kiosque.agents import AgentService
from kiosque.clock import ManualClock
from kiosque.context import Context, open_context
from kiosque.procedures.actions import CHALLENGE
from kiosque.services import KioskSession
from kiosque.store.crypto import FieldCipher
from kiosque.store.db import sqlite_url
from kiosque.store.repos._base import CAF_ID, EMAIL, NIR, PHONE
from tests.agent.conftest import (
    LEA_NIR,
    LEA_VALUES,
    from_template,
    make_settings,
    run_journey,
)
from tests.agent.test_agent_actions import LEA_REGISTRATION

TABLES = (
    "retraite_accounts",
    "login_attempts",
    "ris_requests",
    "mail_messages",
    "caf_accounts",
    "caf_codes",
    "fc_accounts",
    "kiosk_sessions",
    "receipts",
)
# What the export calls each table holding personal fields.
EXPORT_SECTIONS = {
    "retraite_accounts": "retraite",
    "caf_accounts": "caf",
    "fc_accounts": "franceconnect",
    "mail_messages": "messages",
    "kiosk_sessions": "sessions",
    "receipts": "recus",
}


@pytest.fixture
def logged(data_dir: Path) -> Iterator[Path]:
    """The kiosk's log file, as the app sets it up, for the duration of the test."""
    root = logging.getLogger()
    level = root.level
    path = logs.setup(data_dir)
    yield path
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", "") == str(path)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture
def sqlite_ctx(data_dir: Path, clock: ManualClock, template: Path) -> Iterator[Context]:
    from_template(template, data_dir)
    ctx = open_context(make_settings(data_dir, sqlite_url(data_dir / "kiosque.db")), clock)
    yield ctx
    ctx.close()


def drive(ctx: Context, receipt_folder: Path) -> KioskSession:
    """Léa registers and activates her space; she takes a receipt on the way."""
    service = ctx.service
    session = service.start("retraite-creer-espace")
    for action in LEA_REGISTRATION[1:]:
        answers = dict(action.get("answers", {}))
        if answers.get("code_securite") == "@affiche":
            answers["code_securite"] = session.journey.state[CHALLENGE].text
        outcome = service.act(session, action.get("action", "next"), answers)
        assert outcome.accepted, outcome.errors
    service.issue_receipt(session, receipt_folder)
    for action, answers in (
        ("next", {}),
        ("ouvrir-lien", {}),
        ("next", {"nir": "2 85 08 2B 999 002", "mot_de_passe": "Corse2024Mer"}),
        ("next", {}),
        ("next", {"nir": "2 85 08 2B 999 002", "mot_de_passe": "Corse2024Mer"}),
    ):
        assert service.act(session, action, dict(answers)).accepted
    assert session.step == "mes-services"
    service.end(session, wiped=False)
    return session


def her_hashes(cipher: FieldCipher) -> set[str]:
    values = {
        (LEA_NIR, NIR),
        (LEA_NIR, CAF_ID),
        ("lea.ndiaye@exemple.fr", EMAIL),
        ("0698765432", PHONE),
        ("06 98 76 54 32", PHONE),
    }
    return {cipher.lookup_hash(value, purpose=purpose) for value, purpose in values}


def holds_her(cipher: FieldCipher, table: str, row: dict[str, Any]) -> bool:
    """Whether a row holds her NIR, e-mail, phone or name, in clear once decrypted, or
    as the keyed hash of one of them."""
    hashes = her_hashes(cipher)
    for column, value in row.items():
        if column.endswith("_hash") and value in hashes:
            return True
        if column.endswith("_enc") and value is not None:
            clear = cipher.decrypt(bytes(value), table=table, column=column, row_id=row["id"])
            if any(v.lower() in clear.lower() for v in LEA_VALUES):
                return True
    return False


def rows_holding_her(engine: Engine, cipher: FieldCipher) -> set[tuple[str, str]]:
    found = set()
    with engine.connect() as connection:
        for table in TABLES:
            for row in connection.execute(text(f"SELECT * FROM {table}")).mappings():
                if holds_her(cipher, table, dict(row)):
                    found.add((table, str(row["id"])))
    return found


def stored_values(engine: Engine, rows: set[tuple[str, str]]) -> set[bytes]:
    """The bytes a file holds for those rows: ids, hashes and ciphertexts."""
    values: set[bytes] = set()
    with engine.connect() as connection:
        for table, row_id in rows:
            row = connection.execute(
                text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}
            ).one()
            for value in row:
                if isinstance(value, bytes) and len(value) >= 16:
                    values.add(value)
                elif isinstance(value, str) and len(value) >= 32:
                    values.add(value.encode())
    return values


def chunks(value: bytes, size: int = 64) -> list[bytes]:
    """Pieces of a stored value to search for: a long one spans overflow pages, so it is
    not in the file in one run, but its 64-byte pieces mostly are."""
    if len(value) <= size:
        return [value]
    return [value[i : i + size] for i in range(0, len(value) - size + 1, size)]


def plaintext_in(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        for value in LEA_VALUES:
            for encoding in ("utf-8", "utf-16-le"):
                if value.encode(encoding) in data or value.lower().encode(encoding) in data:
                    found.append(f"{path.name}: {value!r} ({encoding})")
    return found


def test_export_lists_every_row_and_erase_leaves_no_byte_of_her(
    sqlite_ctx: Context, data_dir: Path, logged: Path, tmp_path: Path
) -> None:
    ctx = sqlite_ctx
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")  # Paul, another person
    drive(ctx, tmp_path / "recu")
    service = AgentService(ctx.store, ctx.clock, ctx.settings, catalogue=ctx.catalogue)
    console = service.console_session()
    engine, cipher = ctx.store.engine, ctx.store.cipher

    # The export lists every row that holds her, and only those.
    held = rows_holding_her(engine, cipher)
    assert {table for table, _ in held} == set(EXPORT_SECTIONS)
    export = service.export_person(console, "2 85 08 2B 999 002")
    listed = {
        (table, str(item["id"]))
        for table, section in EXPORT_SECTIONS.items()
        for item in export[section]
    }
    assert listed == held
    assert export["recus"] and export["retraite"][0]["tentatives_de_connexion"]

    # Before: the search does find her rows' bytes in the files.
    ctx.store.checkpoint()
    database = data_dir / "kiosque.db"
    theirs = stored_values(engine, held)
    assert len(theirs) > 20
    before = database.read_bytes()
    assert all(any(c in before for c in chunks(value)) for value in theirs)

    counts = service.erase_person(console, "2 85 08 2B 999 002")
    assert sum(counts.values()) >= len(held)
    logging.getLogger("kiosque.test").info("after the erasure")  # the log is still written

    databases = [database, Path(f"{database}-wal")]
    assert all(path.exists() for path in [*databases, logged])
    data = b"".join(path.read_bytes() for path in databases)
    # Not even her rows' ciphertexts and hashes are left (the log names rows by id only).
    assert [value for value in theirs if any(c in data for c in chunks(value))] == []
    assert plaintext_in([*databases, logged]) == []
    assert rows_holding_her(engine, cipher) == set()
    # Paul's and the personas' rows are still there.
    others = stored_values(engine, remaining_rows(engine))
    assert len(others) > 50 and all(any(c in data for c in chunks(v)) for v in others)


def remaining_rows(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as connection:
        return {
            (table, str(row_id))
            for table in TABLES
            for (row_id,) in connection.execute(text(f"SELECT id FROM {table}"))
        }
