"""Test configuration shared by the whole suite.

Qt must be told to render offscreen before anything imports it (without it pytest aborts
with status 134 on a machine with no display). Every kiosk store the suite creates lives
under one folder, which is searched at the end for personal data in clear.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

DATA_ROOT = Path(tempfile.mkdtemp(prefix="kiosque-tests-"))
os.environ["KIOSQUE_DATA_DIR"] = str(DATA_ROOT / "default")
os.environ["KIOSQUE_CONFIG"] = str(DATA_ROOT / "no-config.toml")
# OWASP's minimum for argon2id: the real strength is measured by `kiosque bench`.
os.environ["KIOSQUE_HASH_MEMORY_KIB"] = "19456"
os.environ["KIOSQUE_HASH_TIME_COST"] = "2"

from sqlalchemy import Engine, create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from kiosque.store.db import sqlite_url  # noqa: E402
from tests.plaintext import scan_for_plaintext  # noqa: E402

PG_ENV = "KIOSQUE_TEST_PG_URL"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A kiosk data folder (database, keys, documents, logs) under the scanned root."""
    folder = DATA_ROOT / f"{tmp_path.name}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine | None]:
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin: Engine | None) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema (dropped after the test), or a skip."""
    if pg_admin is None:
        pytest.skip(f"PostgreSQL non testé : {PG_ENV} n'est pas défini")
    # A fresh schema per test (a database per test costs 0.3 s to create): the
    # connection's search_path puts everything in it, alembic_version included.
    name = f"test_{uuid.uuid4().hex}"
    with pg_admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    url = make_url(os.environ[PG_ENV]).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, data_dir: Path) -> str:
    """A URL to an empty database (not yet migrated) on each backend."""
    if request.param == "sqlite":
        return sqlite_url(data_dir / "kiosque.db")
    return str(request.getfixturevalue("pg_url"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole suite: no test NIR, e-mail, phone, password or secret answer in
    clear in any kiosk database or log it left (UTF-8 and UTF-16)."""
    found = scan_for_plaintext(DATA_ROOT)
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("Personal data found in clear after the suite:", red=True)
            for line in found[:20]:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif not os.environ.get("KIOSQUE_KEEP_TEST_DATA"):
        shutil.rmtree(DATA_ROOT, ignore_errors=True)
