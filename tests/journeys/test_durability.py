"""Nothing committed is lost when a terminal dies, and one NIR gets exactly one account
however many terminals race to create it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from stdnum.fr import nir as stdnum_nir

from kiosque.clock import ManualClock
from kiosque.connectors.base import Address, Identity, Refusal, Registration
from kiosque.connectors.simulation.common import SimulationContext
from kiosque.connectors.simulation.retraite import RetraiteSimulation
from kiosque.store.db import sqlite_url
from kiosque.store.hashing import HashParams
from kiosque.store.store import open_store

# Durability and races are what these tests are about, not hashing strength.
FAST = HashParams(memory_kib=64, time_cost=1, parallelism=1)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADDRESS = Address("FR", "75001", "75101", "12", "", "rue de Rivoli")


def identity(n: int) -> Identity:
    """A fictitious NIR per number (commune 999 does not exist)."""
    sex = 1 + n % 2
    return Identity(
        nir=f"{sex}8001{75 + n // 1000:02d}999{1 + n % 999:03d}",
        civilite="Monsieur" if sex == 1 else "Madame",
        nom_naissance="Martin",
        prenom="Camille",
        date_naissance=date(1980, 1, 15),
    )


def register(sim: RetraiteSimulation, who: Identity) -> Registration | Refusal:
    email = f"c{who.nir.lower()}@exemple.fr"
    return sim.register(who, ADDRESS, "", email, "Solide2026x", "premier-animal", "Rex")


def simulation(url: str, keys: Path, terminal: str) -> RetraiteSimulation:
    store = open_store(url, keys_path=keys)
    ctx = SimulationContext(store, ManualClock(NOW), FAST, terminal)
    return RetraiteSimulation(ctx)


def _child(url: str, keys: Path, start: int, report: int) -> None:
    """Create accounts one after another, reporting each NIR once it is committed."""
    sim = simulation(url, keys, f"child-{os.getpid()}")
    n = start
    while True:
        who = identity(n)
        result = register(sim, who)
        if isinstance(result, Registration):
            os.write(report, (who.nir + "\n").encode())
        n += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killed_while_creating_accounts_loses_nothing_committed(data_dir: Path) -> None:
    url = sqlite_url(data_dir / "kiosque.db")
    keys = data_dir / "keys.json"
    open_store(url, keys_path=keys).close()  # migrate once, before the children
    rng = random.Random(20261129)
    reported: list[str] = []
    kills = 200
    next_number = 0
    for _ in range(kills):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: never returns to pytest
            os.close(read)
            try:
                _child(url, keys, next_number, write)
            finally:
                os._exit(0)
        os.close(write)
        # wait for the child's first committed account (however loaded the machine is),
        # then kill it at a random moment of the work that follows
        pipe = os.fdopen(read)
        first = pipe.readline()
        time.sleep(rng.uniform(0.0, 0.040))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with pipe:
            done = [line for line in (first + pipe.read()).splitlines() if line]
        reported += done
        next_number += len(done) + 1  # the number being created when killed is skipped
    assert len(reported) >= kills  # every child committed before being killed
    store = open_store(url, keys_path=keys)
    with store.unit() as repos:
        for nir in reported:
            account = repos.retraite.find_by_nir(nir)
            assert account is not None, f"committed account {nir} lost"
    store.close()
    db = sqlite3.connect(data_dir / "kiosque.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        accounts = db.execute("SELECT count(*) FROM retraite_accounts").fetchone()[0]
        messages = db.execute(
            "SELECT count(*) FROM mail_messages WHERE kind = 'activation'"
        ).fetchone()[0]
    finally:
        db.close()
    # an account and its activation e-mail are created together or not at all
    assert accounts == messages
    assert accounts >= len(reported)


def _race(sims: list[RetraiteSimulation], attempts: int) -> list[Registration | Refusal]:
    who = identity(7)
    barrier = threading.Barrier(len(sims))

    def worker(sim: RetraiteSimulation) -> list[Registration | Refusal]:
        barrier.wait()
        return [register(sim, who) for _ in range(attempts // len(sims))]

    with ThreadPoolExecutor(len(sims)) as pool:
        return [r for batch in pool.map(worker, sims) for r in batch]


def _check_one_account(results: list[Registration | Refusal]) -> None:
    created = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, Refusal)]
    assert len(created) == 1
    assert len(refused) == len(results) - 1
    for refusal in refused:
        text = " ".join(m.text() for ms in refusal.errors.values() for m in ms)
        assert "inscription est déjà en cours" in text or "déjà un espace" in text


def test_500_concurrent_registrations_of_one_nir_sqlite_processes(data_dir: Path) -> None:
    url = sqlite_url(data_dir / "kiosque.db")
    keys = data_dir / "keys.json"
    open_store(url, keys_path=keys).close()
    processes, per_process = 5, 100
    pipes = []
    start = time.monotonic() + 1.0
    for _ in range(processes):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            code = 1
            try:
                sim = simulation(url, keys, f"p{os.getpid()}")
                time.sleep(max(0.0, start - time.monotonic()))
                who = identity(7)
                out = [
                    "C" if isinstance(register(sim, who), Registration) else "R"
                    for _ in range(per_process)
                ]
                os.write(write, "".join(out).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        pipes.append((pid, read))
    outcomes = ""
    for pid, read in pipes:
        with os.fdopen(read) as pipe:
            outcomes += pipe.read()
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    assert len(outcomes) == processes * per_process
    assert outcomes.count("C") == 1
    db = sqlite3.connect(data_dir / "kiosque.db")
    try:
        assert db.execute("SELECT count(*) FROM retraite_accounts").fetchone() == (1,)
    finally:
        db.close()


@pytest.mark.postgres
def test_500_concurrent_registrations_of_one_nir_postgresql(pg_url: str, data_dir: Path) -> None:
    keys = data_dir / "keys.json"
    open_store(pg_url, keys_path=keys).close()
    sims = [simulation(pg_url, keys, f"t{i}") for i in range(10)]
    try:
        results = _race(sims, 500)
    finally:
        for sim in sims:
            sim.ctx.store.close()
    assert len(results) == 500
    _check_one_account(results)


def test_identity_helper_gives_distinct_valid_nirs() -> None:
    nirs = {identity(n).nir for n in range(2000)}
    assert len(nirs) == 2000
    for value in list(nirs)[:50]:
        assert len(value) == 13 and stdnum_nir.calc_check_digits(value)
