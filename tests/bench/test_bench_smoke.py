"""Smoke test of ``kiosque bench``: every piece runs on tiny sizes and the output has every
figure of the issue with a target and a verdict. Speeds are measured, never asserted
here; the real run is ``kiosque bench`` (see the README's Benchmarks section)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosque import resources
from kiosque.bench.report import INFO, MET, NOT_MEASURED, NOT_MET
from kiosque.bench.run import PIECES, Options, Sizes, render, run
from kiosque.cli import main
from kiosque.settings import load

# The figures the issue lists, each with a target (the verdict is MET or NOT MET).
TARGETED = (
    "start.source_ratio",
    "steps.ui_p95_ms",
    "keystroke.p99_ms",
    "documents.receipt_ms",
    "documents.ris_summary_ms",
    "argon2.default_verify_ms",
    "scale.sqlite.lookup_p95_ms",
    "scale.sqlite.day_stats_p95_ms",
    "soak.rss_growth_pct",
    "soak.widgets_growth",
    "soak.window_objects_growth",
    "soak.exit_status",
)
# Figures without a target, printed alongside.
REPORTED = (
    "start.bare_ms",
    "start.source_ms",
    "start.bare_peak_rss_mb",
    "start.source_peak_rss_mb",
    "steps.ui_p50_ms",
    "steps.whole_p50_ms",
    "steps.whole_p95_ms",
    "keystroke.p50_ms",
    "documents.ris_ms",
    "argon2.default_hash_ms",
    "scale.sqlite.lookup_p50_ms",
    "scale.sqlite.size_mb",
    "soak.rss_start_mb",
    "soak.rss_end_mb",
)
TINY = Sizes(
    rows=2000,
    start_runs=1,
    step_passes=1,
    keystroke_repeats=1,
    document_runs=1,
    hash_runs=1,
    lookups=200,
    stats_runs=2,
)


@pytest.fixture
def one_journey(tmp_path: Path) -> Path:
    """The shortest recorded journey (no hashing): the window part stays fast."""
    folder = tmp_path / "parcours"
    folder.mkdir()
    shutil.copy(resources.path("parcours", "aide-recherche.json"), folder)
    return folder


def test_every_piece_prints_its_figures_with_targets_and_verdicts(
    one_journey: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSQUE_DATA_DIR", str(data_dir))
    options = Options(
        pieces=PIECES,
        sizes=TINY,
        soak=3,
        journeys=one_journey,
        with_bundle=False,
    )
    meta, figures = run(load(), options)

    by_key = {f.key: f for f in figures}
    for key in TARGETED:
        assert key in by_key, f"missing figure {key}"
        figure = by_key[key]
        assert figure.target is not None, key
        assert figure.value is not None, f"{key}: {figure.note}"
        assert figure.verdict in (MET, NOT_MET), key
    for key in REPORTED:
        assert by_key[key].value is not None, f"{key}: {by_key[key].note}"
        assert by_key[key].verdict == INFO
    assert by_key["soak.journeys"].value == 3
    assert by_key["start.bundle_ratio"].verdict == NOT_MEASURED

    text = render(meta, figures, as_json=False)
    for figure in figures:
        assert figure.label in text
    assert "targets met" in text
    document = json.loads(render(meta, figures, as_json=True))
    assert {f["key"] for f in document["figures"]} == set(by_key)
    assert all("verdict" in f and "target" in f for f in document["figures"])

    # The bench keeps its filled store in the data folder's bench/ and its own keys.
    assert (data_dir / "bench" / "scale-2000.db").is_file()
    assert (data_dir / "bench" / "keys.json").is_file()


@pytest.mark.parametrize(
    "argv",
    [
        ["bench", "--only", "nonsense"],
        ["bench", "--only", "soak"],
        ["bench", "--soak", "-1"],
        ["bench", "--rows", "10"],
        ["bench", "--pg", "sqlite:///x.db"],
    ],
)
def test_wrong_options_are_one_line_and_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("kiosque: ") and err.count("\n") == 1


def test_refuses_to_fill_a_database_it_did_not_write(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A terminal's own store (here: one with a practice account) is never filled."""
    from datetime import UTC, datetime

    from kiosque.bench.fill import nir_of
    from kiosque.store.hashing import OWASP_MINIMUM, hash_secret
    from kiosque.store.repos import NewRetraiteAccount
    from kiosque.store.store import open_store

    monkeypatch.setenv("KIOSQUE_DATA_DIR", str(data_dir))
    url = "sqlite:///" + (data_dir / "terminal.db").as_posix()
    store = open_store(url, keys_path=data_dir / "keys.json")
    with store.unit() as repos:
        repos.retraite.create_active(
            NewRetraiteAccount(
                nir=nir_of(1),
                civilite="Madame",
                nom="X",
                prenom="Y",
                birth_date=datetime(1980, 1, 1).date(),
                email=None,
                phone=None,
                address=None,
                password_hash=hash_secret("Abcdefgh1", OWASP_MINIMUM),
            ),
            now=datetime(2026, 3, 2, tzinfo=UTC),
        )
    store.close()
    assert main(["bench", "--only", "scale", "--rows", "1000", "--db", url]) == 2
    assert "did not write" in capsys.readouterr().err


def test_facts_between_gives_what_list_between_gives(db_url: str, data_dir: Path) -> None:
    """The statistics' lean query reads the same facts as the whole sessions, on each
    backend (timestamps included: SQLite's text, PostgreSQL's datetimes)."""
    from kiosque.agents import paris_day_bounds
    from kiosque.bench import scale

    settings = load()
    plan = scale.plan_for(settings, 1000)
    store, _how = scale.prepare(
        scale.Backend("test", db_url, data_dir / "keys.json"), plan, lambda _m: None
    )
    try:
        start, end = paris_day_bounds(plan.stats_day, plan.stats_day)
        with store.unit() as repos:
            lean = repos.sessions.facts_between(start, end)
            whole = repos.sessions.list_between(start, end)
    finally:
        store.close()
    assert lean, "the day has sessions"
    assert [
        (f.procedure, f.step, f.status, f.started_at, f.finished_at, f.trouble_flags) for f in lean
    ] == [
        (r.procedure, r.step, r.status, r.started_at, r.finished_at, r.trouble_flags) for r in whole
    ]
    assert all(f.started_at.utcoffset() is not None for f in lean)


def test_the_database_counts_the_figures_as_python_would(db_url: str, data_dir: Path) -> None:
    """The agent's statistics are counted and timed by the database (groups, minutes):
    the same figures as counting the sessions one by one, on each backend."""
    from kiosque import figures
    from kiosque.agents import paris_day_bounds
    from kiosque.bench import scale
    from kiosque.procedures.loader import load_catalogue
    from kiosque.services import TROUBLE_STEPS

    settings = load()
    plan = scale.plan_for(settings, 1000)
    store, _how = scale.prepare(
        scale.Backend("test", db_url, data_dir / "keys.json"), plan, lambda _m: None
    )
    catalogue = load_catalogue()
    day = plan.stats_day
    start, end = paris_day_bounds(day, day)
    try:
        with store.unit() as repos:
            facts = repos.sessions.facts_between(start, end)
            groups = repos.sessions.groups_between(start, end)
            done = figures.completed_steps(groups, catalogue, TROUBLE_STEPS)
            minutes = repos.sessions.minutes_between(start, end, status=figures.FINISHED, on=done)
    finally:
        store.close()
    by_python = figures.compute(facts, day, day, catalogue=catalogue, trouble_steps=TROUBLE_STEPS)
    by_database = figures.compute_grouped(
        groups, minutes, day, day, catalogue=catalogue, trouble_steps=TROUBLE_STEPS
    )
    assert by_python.sessions > 0 and by_python.completed > 0
    assert by_database == by_python
    assert sum(g.count for g in groups) == len(facts) and len(groups) < len(facts)
