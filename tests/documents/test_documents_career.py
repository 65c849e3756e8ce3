"""analyse_career: totals per scheme and the years to check, on the personas' careers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosque.connectors.base import CareerLine
from kiosque.documents.career import GAP, INCOME_NO_QUARTER, SHORT, YearToCheck
from kiosque.documents.model import RisData
from kiosque.documents.ris_summary import analyse_career, render_ris_summary
from tests.documents.helpers import career, pdf_text


def test_paul_martin_years_to_check() -> None:
    analysis = analyse_career(career("paul-martin"))
    found = [(c.reason, c.first_year, c.last_year) for c in analysis.to_check]
    assert found == [
        (SHORT, 1998, 1998),
        (INCOME_NO_QUARTER, 2001, 2001),
        (GAP, 2003, 2004),
        (SHORT, 2015, 2015),
    ]
    assert analysis.to_check[0] == YearToCheck(SHORT, 1998, 1998, 2, 3100)
    assert analysis.to_check[1].income_eur == 900  # not 900 + 900: one salary
    assert analysis.to_check[3].quarters == 3
    assert analysis.reasons(2004) == (GAP,)
    assert analysis.reasons(1999) == ()


def test_paul_martin_totals_per_scheme() -> None:
    analysis = analyse_career(career("paul-martin"))
    by_name = {s.scheme: s for s in analysis.schemes}
    assert list(by_name) == ["Régime général", "Agirc-Arrco"]
    general, arrco = by_name["Régime général"], by_name["Agirc-Arrco"]
    assert (general.quarters, general.first_year, general.last_year) == (97, 1998, 2025)
    assert not general.counts_points
    assert arrco.quarters == 0 and arrco.counts_points
    assert arrco.points == 2002.39
    assert (arrco.first_year, arrco.last_year) == (1998, 2025)
    assert analysis.total_quarters == 97
    assert (analysis.first_year, analysis.last_year) == (1998, 2025)
    assert [y.year for y in analysis.years] == list(range(1998, 2026))  # gaps included


def test_jacques_dupont_gap_of_two_years() -> None:
    analysis = analyse_career(career("jacques-dupont"))
    found = [(c.reason, c.first_year, c.last_year) for c in analysis.to_check]
    assert (GAP, 1990, 1991) in found
    assert (SHORT, 1973, 1973) in found
    # a line with no income and no quarter (retirement) is not "activity"
    assert all(c.first_year != 2015 for c in analysis.to_check)


def test_a_single_gap_year_and_the_yearly_cap() -> None:
    lines = (
        CareerLine(2000, "Régime général", "Salarié", "A", 20000, 3),
        CareerLine(2000, "MSA", "Salarié agricole", "B", 5000, 3),
        CareerLine(2002, "Régime général", "Salarié", "A", 20000, 4),
    )
    analysis = analyse_career(lines)
    assert [(c.reason, c.first_year, c.last_year) for c in analysis.to_check] == [(GAP, 2001, 2001)]
    assert analysis.total_quarters == 8  # 2000 counts 4, not 6
    assert analysis.years[0].quarters == 4


def test_income_but_no_quarter_is_not_also_short() -> None:
    lines = (CareerLine(2001, "Régime général", "Salarié", "A", 900, 0),)
    assert [c.reason for c in analyse_career(lines).to_check] == [INCOME_NO_QUARTER]


def test_unemployment_without_income_but_with_quarters_is_fine() -> None:
    lines = (CareerLine(2009, "Régime général", "Chômage indemnisé", "", 0, 4),)
    assert analyse_career(lines).to_check == ()


def test_empty_career() -> None:
    analysis = analyse_career(())
    assert analysis.schemes == () and analysis.to_check == () and analysis.first_year is None


def test_summary_names_the_years_to_check_in_plain_words(
    tmp_path: Path, paul_ris: Callable[..., RisData]
) -> None:
    text = pdf_text(render_ris_summary(paul_ris(), tmp_path / "resume.pdf"))
    expected = [
        "Votre relevé de carrière, expliqué simplement",
        "Document d'entraînement — sans valeur officielle",
        "Relevé de Paul MARTIN",
        "Qu'est-ce que ce relevé ?",
        "Régime général : 97 trimestres, de 1998 à 2025.",
        "Agirc-Arrco : 2 002,39 points, de 1998 à 2025.",
        "Les années à vérifier",
        "1998 : 2 trimestres seulement",
        "2001 : des revenus (900 €), mais aucun trimestre",
        "De 2003 à 2004 : rien n'apparaît sur votre relevé",
        "2015 : 3 trimestres seulement",
        "Une année compte au plus 4 trimestres",
        "pas la même chose que les années travaillées",
        "chômage indemnisé",
        "bulletins de salaire",
        "« Mettre à jour mon relevé de carrière »",
        "3960",
        "0 971 10 20 10",
        "Année par année",
        "Revenus sans trimestre",
        "Année absente du relevé",
    ]
    missing = [item for item in expected if item.lower() not in text.lower()]
    assert missing == []


def test_summary_of_a_career_without_problems(
    tmp_path: Path, paul_ris: Callable[..., RisData]
) -> None:
    lines = tuple(
        CareerLine(y, "Régime général", "Salarié", "A", 20000, 4) for y in range(2000, 2010)
    )
    text = pdf_text(render_ris_summary(paul_ris(lines=lines), tmp_path / "resume.pdf"))
    assert "Aucune année ne semble à vérifier." in text
    assert "40 trimestres" in text
