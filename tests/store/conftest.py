"""Store fixtures: a fresh, migrated database per test, on SQLite and (when
``KIOSQUE_TEST_PG_URL`` names a server) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from kiosque.store.crypto import FieldCipher, Keys
from kiosque.store.db import make_engine, session_factory, sqlite_url
from kiosque.store.hashing import OWASP_MINIMUM, hash_answer, hash_secret
from kiosque.store.migrate import upgrade_to_head
from kiosque.store.repos import NewRetraiteAccount, Repositories
from kiosque.store.store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# Fictitious test NIR of SPEC §8 (commune 999 does not exist).
NIR_1 = "1800175999001"


@pytest.fixture
def now() -> datetime:
    """The simulated clock's "now" of every store test."""
    return NOW


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    """For what only a SQLite file can show (pragmas, bytes on disk, backups)."""
    return tmp_path / "kiosque.db"


@pytest.fixture
def sqlite_engine(sqlite_file: Path) -> Iterator[Engine]:
    engine = make_engine(sqlite_url(sqlite_file))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_store(sqlite_engine: Engine, cipher: FieldCipher) -> Store:
    return Store(sqlite_engine, cipher, session_factory(sqlite_engine))


@pytest.fixture(scope="session")
def keys() -> Keys:
    return Keys.generate()


@pytest.fixture(scope="session")
def cipher(keys: Keys) -> FieldCipher:
    return FieldCipher(keys)


@pytest.fixture
def store(engine: Engine, cipher: FieldCipher) -> Store:
    return Store(engine, cipher, session_factory(engine))


@pytest.fixture
def repos(store: Store) -> Iterator[Repositories]:
    """One unit of work for the whole test (committed at the end)."""
    with store.unit() as repos:
        yield repos


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_secret("Motdepasse1", OWASP_MINIMUM)


@pytest.fixture(scope="session")
def answer_hash() -> str:
    return hash_answer("Dupont", OWASP_MINIMUM)


@pytest.fixture(scope="session")
def profile(password_hash: str, answer_hash: str) -> Callable[..., NewRetraiteAccount]:
    """``profile(nir=…, email=…)``: a complete new account, fields overridable."""
    base = NewRetraiteAccount(
        nir=NIR_1,
        civilite="Monsieur",
        nom="Lefèvre-Dupont",
        prenom="Jean",
        birth_date=date(1980, 1, 15),
        email="jean.lefevre@exemple.fr",
        phone="0612345678",
        address={"pays": "FR", "code_postal": "75001", "ville": "Paris", "nom_voie": "rue X"},
        password_hash=password_hash,
        secret_question="nom-mere",
        secret_answer_hash=answer_hash,
        career=[{"year": 2001, "scheme": "Régime général", "quarters": 4}],
    )

    def make(**changes: Any) -> NewRetraiteAccount:
        return replace(base, **changes)

    return make


@pytest.fixture
def fill_person(profile: Callable[..., NewRetraiteAccount], now: datetime) -> Callable[..., None]:
    """``fill_person(store, nir=…, email=…, phone=…)``: one person in every table that
    can hold them (accounts at the three organisms, attempts, RIS, codes, messages, a
    kiosk session with its resume code and receipt)."""

    def fill(
        store: Store, *, nir: str, email: str, phone: str, nom: str = "Lefèvre-Dupont"
    ) -> None:
        with store.unit() as repos:
            account = repos.retraite.create_pending(
                profile(nir=nir, email=email, phone=phone, nom=nom),
                activation_token=f"jeton-{nir}",
                activation_expires_at=now + timedelta(days=15),
                now=now,
            )
            repos.retraite.record_failure(account.id, at=now, terminal="T1")
            repos.ris.add(account.id, requested_at=now, available_at=now, document_date=now.date())
            repos.mailbox.add(
                channel="email",
                recipient=email,
                organism="retraite",
                kind="activation",
                payload={"to": email, "body": f"Bonjour Jean {nom} ({nir})"},
                created_at=now,
                subject_nir=nir,
            )
            repos.mailbox.add(
                channel="sms",
                recipient=phone,
                organism="caf",
                kind="code",
                payload={"code": "123456"},
                created_at=now,
            )
            caf = repos.caf.create(
                identifiant=nir,
                nom=nom,
                prenom="Jean",
                email=email,
                phone=phone,
                password_hash=account.password_hash,
                now=now,
                nir=nir,
            )
            repos.caf_codes.add(
                caf.id, code="123456", canal="sms", created_at=now, expires_at=now + timedelta(1)
            )
            repos.franceconnect.create(
                provider="ameli",
                login=nir,
                password_hash=account.password_hash,
                identity={
                    "nir": nir,
                    "civilite": "Monsieur",
                    "nom_naissance": nom,
                    "prenom": "Jean",
                    "date_naissance": "1980-01-15",
                },
                now=now,
            )
            session = repos.sessions.create(
                procedure="retraite-creer-espace",
                step="identite",
                terminal="T1",
                now=now,
                answers={
                    "identite": {"nir": nir, "nom_naissance": nom},
                    "contact": {"email": email, "telephone": phone},
                },
            )
            repos.sessions.set_resume_code(session.id, f"R-{nir}", now + timedelta(days=30))
            repos.receipts.add(
                session.id,
                issued_at=now,
                terminal="T1",
                procedure="retraite-creer-espace",
                content={"email": email, "nir_masque": nir[:7] + "•••"},
            )

    return fill
