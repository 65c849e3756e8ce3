"""Documents: the receipt with its QR code, the RIS and the RIS summary of a 45-year
career, each rendered to PDF several times; median ms of the rendering thread's CPU time
(the wall clock, which other processes stretch on a busy machine, is in the note; so is
the first render, which loads reportlab and registers the fonts)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from kiosque.bench.report import Figure, Target, median
from kiosque.connectors.base import CareerLine
from kiosque.documents.model import ReceiptData, RisData, mask_nir, retraite_phones

SECTION = "4. Documents (PDF, 45-year career)"
FIRST_YEAR = 1980
YEARS = 45


def career() -> tuple[CareerLine, ...]:
    """1980–2024: the general scheme every year, a complementary scheme while employed,
    spells of unemployment and sick leave, a change of employer every few years."""
    lines = []
    employers = (
        "Boulangerie Petit (Paris)",
        "Chantiers de l'Ouest (Nantes)",
        "Hôpital Saint-Louis (Paris)",
        "Mairie de Lyon 8e",
        "Transports Rhône-Alpes (Lyon)",
    )
    for index, year in enumerate(range(FIRST_YEAR, FIRST_YEAR + YEARS)):
        employer = employers[(index // 9) % len(employers)]
        income = 9000 + index * 650
        if index % 11 == 4:
            lines.append(CareerLine(year, "Régime général", "Chômage indemnisé", "", 0, 4))
            continue
        quarters = 4 if index % 7 else 3
        lines.append(CareerLine(year, "Régime général", "Salarié", employer, income, quarters))
        lines.append(
            CareerLine(year, "Agirc-Arrco", "Salarié", employer, income, 0, round(income / 420, 2))
        )
        if index % 13 == 6:
            lines.append(CareerLine(year, "Régime général", "Maladie", "", 0, 1))
    return tuple(lines)


def receipt() -> ReceiptData:
    return ReceiptData(
        site_name="France Services de Lyon 8e",
        terminal_id="borne-1",
        issued_at=datetime(2026, 3, 2, 8, 5, tzinfo=UTC),
        procedure_title="Créer mon espace personnel — l'Assurance retraite",
        steps_done=("Votre identité", "Votre adresse", "Vos informations de contact"),
        steps_todo=("Ouvrir l'e-mail d'activation", "Activer votre espace personnel"),
        identifiers=(
            ("N° de sécurité sociale", mask_nir("1800175999001")),
            ("Adresse e-mail", "paul.martin@exemple.fr"),
            ("Question secrète", "Quel était le nom de votre premier animal ?"),
        ),
        deadlines=(("Lien d'activation", date(2026, 3, 17)),),
        next_steps=(
            "Ouvrez votre messagerie aujourd'hui.",
            "Cliquez sur « Je confirme la création de mon espace personnel ».",
        ),
        phones=retraite_phones(),
        resume_code="K7P4Q9XM",
        resume_url="https://www.lassuranceretraite.fr/espace-personnel/reprise?code=K7P4Q9XM",
        practice=True,
        resume_valid_until=date(2026, 3, 9),
    )


def ris() -> RisData:
    return RisData(
        nom="MARTIN",
        prenom="Paul",
        nir_masked=mask_nir("1600175999001"),
        birth_date=date(1960, 1, 15),
        document_date=date(2026, 3, 2),
        lines=career(),
        practice=True,
    )


def _time(render: Callable[[Path], object], folder: Path, runs: int) -> tuple[float, float, float]:
    """(first render, median wall clock, median thread CPU of the next ``runs``) in ms."""
    wall, cpu = [], []
    for run in range(runs + 1):
        started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
        render(folder / f"doc-{run}.pdf")
        cpu.append((time.thread_time_ns() - started_cpu) / 1e6)
        wall.append((time.perf_counter_ns() - started) / 1e6)
    return wall[0], median(wall[1:]), median(cpu[1:])


def measure(runs: int = 15) -> list[Figure]:
    from kiosque.documents.receipt import render_receipt
    from kiosque.documents.ris import render_ris
    from kiosque.documents.ris_summary import render_ris_summary

    data, statement = receipt(), ris()
    renders: list[tuple[str, str, Callable[[Path], object], Target | None]] = [
        (
            "receipt",
            "receipt with QR code",
            lambda out: render_receipt(data, out),
            Target.at_most(30, "ms"),
        ),
        ("ris", "RIS", lambda out: render_ris(statement, out), None),
        (
            "ris_summary",
            "RIS summary",
            lambda out: render_ris_summary(statement, out),
            Target.at_most(100, "ms"),
        ),
    ]
    rows: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="kiosque-bench-docs-") as tmp:
        for key, label, render, target in renders:
            folder = Path(tmp) / key
            folder.mkdir()
            first, wall, cpu = _time(render, folder, runs)
            lines = f"; {len(statement.lines)} career lines" if key != "receipt" else ""
            rows.append(
                Figure(
                    SECTION,
                    f"documents.{key}_ms",
                    f"{label} (median, CPU time)",
                    cpu,
                    target=target,
                    note=f"median of {runs}: {wall:.1f} ms wall clock; "
                    f"the first render took {first:.0f} ms{lines}",
                )
            )
    return rows
