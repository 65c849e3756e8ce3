"""The RIS document: the person, the totals, the detail, on as many pages as needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosque.connectors.base import CareerLine
from kiosque.documents import fonts
from kiosque.documents.model import RisData
from kiosque.documents.ris import render_ris, ris_paths, write_ris_for_account
from kiosque.documents.ris_summary import render_ris_summary
from tests.documents.helpers import HOSTILE, PAUL_NIR, no_space, pdf_pages, pdf_text, png_pages

MakeRis = Callable[..., RisData]
HEADERS = ("Année", "Régime", "Période", "Nature", "Employeur", "Revenus", "Trimestres", "Points")


def long_career(years: int = 45) -> tuple[CareerLine, ...]:
    lines = []
    for i in range(years):
        year = 1980 + i
        employer = f"Entreprise numéro {i % 7} (Clermont-Ferrand)"
        lines.append(CareerLine(year, "Régime général", "Salarié", employer, 9000 + 500 * i, 4))
        lines.append(CareerLine(year, "Agirc-Arrco", "Salarié", employer, 9000 + 500 * i, 0, 40.5))
    return tuple(lines)


def test_ris_shows_the_person_the_summary_and_the_detail(tmp_path: Path, paul_ris: MakeRis) -> None:
    text = pdf_text(render_ris(paul_ris(), tmp_path / "ris.pdf"))
    expected = [
        "Relevé de situation individuelle",
        "MARTIN",
        "Paul",
        "15/01/1980",
        "1 •• •• •• ••• 001",
        "Document établi le 02/03/2026",
        "Situation au 31 décembre 2025",
        "Total des trimestres, tous régimes de base : 97",
        "de 1998 à 2025",
        "2 002,39",  # Agirc-Arrco points, French format
        "13 800 €",  # income, French format
        "Boulangerie Petit (Paris)",
        "Chômage indemnisé",
        "Document d'entraînement — sans valeur officielle",
        *HEADERS,
    ]
    missing = [item for item in expected if item not in text]
    assert missing == []
    assert PAUL_NIR not in no_space(text)


def test_ris_total_counts_at_most_four_quarters_a_year(tmp_path: Path, paul_ris: MakeRis) -> None:
    lines = (
        CareerLine(2020, "Régime général", "Salarié", "A", 20000, 3),
        CareerLine(2020, "MSA", "Salarié agricole", "B", 8000, 2),
    )
    text = pdf_text(render_ris(paul_ris(lines=lines), tmp_path / "ris.pdf"))
    assert "Total des trimestres, tous régimes de base : 4" in text


def test_a_45_year_career_spans_pages_with_the_headers_repeated(
    tmp_path: Path, paul_ris: MakeRis
) -> None:
    pdf = render_ris(paul_ris(lines=long_career()), tmp_path / "ris.pdf")
    pages = [" ".join(p.split()) for p in pdf_pages(pdf)]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in page
        assert "Document d'entraînement sans valeur officielle" in page  # watermark
    detail_pages = [p for p in pages if "2010" in p or "2024" in p]
    for page in pages[1:]:
        assert all(header in page for header in HEADERS), "table headers repeated"
    assert len(detail_pages) >= 2
    text = " ".join(pages)
    for year in (1980, 2000, 2024):
        assert str(year) in text
    assert "Total des trimestres, tous régimes de base : 180" in text


def test_real_ris_has_no_practice_marks(tmp_path: Path, paul_ris: MakeRis) -> None:
    text = pdf_text(render_ris(paul_ris(practice=False), tmp_path / "ris.pdf"))
    assert "entraînement" not in text and "sans valeur officielle" not in text


def test_an_empty_career_still_renders(tmp_path: Path, paul_ris: MakeRis) -> None:
    text = pdf_text(render_ris(paul_ris(lines=()), tmp_path / "ris.pdf"))
    assert "Aucune période n'est connue pour le moment." in text
    summary = pdf_text(render_ris_summary(paul_ris(lines=()), tmp_path / "s.pdf"))
    assert "Votre relevé ne contient encore aucune période." in summary


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("render", [render_ris, render_ris_summary])
def test_hostile_names_print_literally(
    tmp_path: Path, paul_ris: MakeRis, hostile: str, render: Callable[[RisData, Path], Path]
) -> None:
    data = paul_ris(nom=f"MAR{hostile}TIN", prenom=hostile)
    text = no_space(pdf_text(render(data, tmp_path / "doc.pdf")))
    assert no_space(fonts.printable(f"MAR{hostile}TIN")) in text
    assert no_space(fonts.printable(hostile)) in text
    if hostile in ("\u202e", "😀"):
        assert hostile not in text and "MAR?TIN" in text
    else:
        assert f"MAR{hostile}TIN" in text


def test_hostile_employer_and_scheme_print_literally(tmp_path: Path, paul_ris: MakeRis) -> None:
    lines = (CareerLine(2020, "<i>Régime</i>", "Salarié", "Dupont & Fils </para>", 1000, 4),)
    text = pdf_text(render_ris(paul_ris(lines=lines), tmp_path / "ris.pdf"))
    assert "<i>Régime</i>" in no_space(text) and "Dupont & Fils </para>" in text


def test_ris_and_summary_render_to_png(tmp_path: Path, paul_ris: MakeRis) -> None:
    for render in (render_ris, render_ris_summary):
        pdf = render(paul_ris(), tmp_path / f"{render.__name__}.pdf")
        pages = png_pages(pdf, tmp_path, 60)
        assert len(pages) == len(PdfReader(str(pdf)).pages) >= 2


@dataclass(frozen=True)
class Account:
    id: str
    nir: str
    nom: str
    prenom: str
    birth_date: date


def test_the_simulation_writer_makes_the_ris_and_its_summary(tmp_path: Path) -> None:
    account = Account("acc-42", PAUL_NIR, "MARTIN", "Paul", date(1980, 1, 15))
    lines = (CareerLine(2024, "Régime général", "Salarié", "A", 20000, 4),)
    path = write_ris_for_account(account, lines, date(2026, 3, 2), tmp_path / "docs")
    ris, summary = ris_paths("acc-42", date(2026, 3, 2), tmp_path / "docs")
    assert path == ris and ris.exists() and summary.exists()
    for name in (ris.name, summary.name):
        assert "MARTIN" not in name and PAUL_NIR not in name and "acc-42" in name
    assert "1 •• •• •• ••• 001" in pdf_text(ris)
    assert "Document d'entraînement" in pdf_text(summary)
