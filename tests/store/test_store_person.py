"""An agent exports or erases one citizen's data, found by NIR."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from kiosque.store.store import Store

NIR = "1800175999001"
EMAIL = "jean.lefevre@exemple.fr"
PHONE = "0612345678"
OTHER_NIR = "2920799999003"
OTHER_EMAIL = "awa@exemple.fr"

PERSON_TABLES = (
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


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in PERSON_TABLES
        }


def stored_values(engine: Engine) -> set[bytes]:
    """Every id, hash and ciphertext stored, as the bytes a file would hold."""
    values: set[bytes] = set()
    with engine.connect() as connection:
        for table in PERSON_TABLES:
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    if isinstance(value, bytes) and len(value) >= 16:
                        values.add(value)
                    elif isinstance(value, str) and len(value) >= 32:  # ids and hashes
                        values.add(value.encode())
    return values


def test_export_holds_everything_about_the_person_and_nothing_else(
    store: Store, fill_person: Callable[..., None]
) -> None:
    fill_person(store, nir=NIR, email=EMAIL, phone=PHONE)
    fill_person(store, nir=OTHER_NIR, email=OTHER_EMAIL, phone="0698765432", nom="N'Diaye")
    with store.unit() as repos:
        export = repos.people.export_person("1 80 01 75 999 001")
    [retraite] = export["retraite"]
    assert retraite["nir"] == NIR and retraite["email"] == EMAIL
    assert retraite["address"]["ville"] == "Paris"
    assert len(retraite["tentatives_de_connexion"]) == 1 and len(retraite["demandes_ris"]) == 1
    assert [c["identifiant"] for c in export["caf"]] == [NIR]
    assert export["caf"][0]["codes"] == 1
    assert [f["identity"]["nir"] for f in export["franceconnect"]] == [NIR]
    assert sorted(m["channel"] for m in export["messages"]) == ["email", "sms"]
    assert len(export["sessions"]) == 1 and len(export["recus"]) == 1
    flat = repr(export)
    assert OTHER_NIR not in flat and OTHER_EMAIL not in flat and "N'Diaye" not in flat
    assert "argon2" not in flat  # secrets' hashes are not exported


def test_erasure_removes_every_row_of_the_person_and_only_theirs(
    store: Store, engine: Engine, fill_person: Callable[..., None]
) -> None:
    fill_person(store, nir=OTHER_NIR, email=OTHER_EMAIL, phone="0698765432", nom="N'Diaye")
    others = row_counts(engine)
    fill_person(store, nir=NIR, email=EMAIL, phone=PHONE)
    with store.unit() as repos:  # the e-mail changed since: old messages must go too
        account = repos.retraite.find_by_nir(NIR)
        assert account is not None
        repos.retraite.set_email(account.id, "nouvelle@exemple.fr")
    with store.unit() as repos:
        counts = repos.people.erase_person(NIR)
    assert counts == {
        "mail_messages": 2,
        "receipts": 1,
        "kiosk_sessions": 1,
        "login_attempts": 1,
        "ris_requests": 1,
        "retraite_accounts": 1,
        "caf_codes": 1,
        "caf_accounts": 1,
        "fc_accounts": 1,
    }
    assert row_counts(engine) == others
    with store.unit() as repos:
        assert repos.retraite.find_by_nir(NIR) is None
        assert repos.caf.find_by_identifiant(NIR) is None
        assert repos.franceconnect.find("ameli", NIR) is None
        assert repos.mailbox.list_for("email", EMAIL) == []
        assert repos.mailbox.list_for("sms", PHONE) == []
        assert repos.sessions.find_by_resume_code(f"R-{NIR}") is None
        assert repos.people.export_person(NIR) == {
            "retraite": [],
            "caf": [],
            "franceconnect": [],
            "messages": [],
            "sessions": [],
            "recus": [],
        }
        assert repos.retraite.find_by_nir(OTHER_NIR) is not None
    store.checkpoint()  # SQLite: fold the log; PostgreSQL: VACUUM the dead rows
    assert row_counts(engine) == others


def test_after_erasure_the_files_hold_no_byte_of_the_person(
    sqlite_store: Store,
    sqlite_engine: Engine,
    sqlite_file: Path,
    fill_person: Callable[..., None],
) -> None:
    fill_person(sqlite_store, nir=OTHER_NIR, email=OTHER_EMAIL, phone="0698765432")
    sqlite_store.checkpoint()
    others = stored_values(sqlite_engine)
    fill_person(sqlite_store, nir=NIR, email=EMAIL, phone=PHONE)
    theirs = stored_values(sqlite_engine) - others
    assert len(theirs) > 30
    sqlite_store.checkpoint()
    before = sqlite_file.read_bytes()
    assert all(value in before for value in theirs)  # the search can find them
    with sqlite_store.unit() as repos:
        repos.people.erase_person(NIR)
    sqlite_store.checkpoint()
    assert inspect(sqlite_engine).get_table_names()  # still a working database
    data = sqlite_file.read_bytes() + Path(f"{sqlite_file}-wal").read_bytes()
    left = [value for value in theirs if value in data]
    assert left == []
    assert all(value in data for value in others)
