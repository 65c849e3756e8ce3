"""The RIS explained to the citizen in plain words and large type.

What the RIS is, the totals per scheme, the first and last years, « Les années à
vérifier » each with its reason, what quarters are and are not, what to do if something
is wrong, and every year with what each scheme counted.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from kiosque.documents import fonts
from kiosque.documents.career import (
    GAP,
    INCOME_NO_QUARTER,
    SHORT,
    CareerAnalysis,
    YearToCheck,
    analyse_career,
)
from kiosque.documents.fmt import date_short, euros, points, quarters
from kiosque.documents.layout import (
    BLEU_FRANCE,
    GRIS_FOND,
    GRIS_TRAIT,
    IconItem,
    Markup,
    banner,
    bold,
    build,
    content_width,
    heading,
    para,
    phone_line,
    style,
    table_heading,
    table_style,
    text,
)
from kiosque.documents.model import RisData
from kiosque.documents.model import retraite_phones as _phones
from kiosque.texts import t

__all__ = ["CareerAnalysis", "analyse_career", "render_ris_summary"]

_WORD = {
    SHORT: "documents.resume.mot_court",
    INCOME_NO_QUARTER: "documents.resume.mot_revenus",
    GAP: "documents.resume.mot_trou",
}


def render_ris_summary(data: RisData, out: Path) -> Path:
    """Write the plain-language summary of the RIS ``data`` to ``out`` (A4 PDF)."""
    width = content_width()
    analysis = analyse_career(data.lines)
    title = style("sum-title", 22, fontName=fonts.BOLD, textColor=BLEU_FRANCE, spaceAfter=6)
    h2 = heading("sum-h2", 16, 14)
    body = style("sum-body", 13, leading=18, spaceAfter=5)
    item = style("sum-item", 13, leading=18)

    story: list[Flowable] = [para(text("documents.resume.titre"), title)]
    if data.practice:
        story += [
            banner(
                text("documents.ris.bandeau_titre"),
                text("documents.ris.bandeau_texte"),
                width,
                size=13,
            ),
            Spacer(1, 4 * mm),
        ]
    story.append(
        para(
            text(
                "documents.resume.pour",
                prenom=data.prenom,
                nom=data.nom,
                naissance=date_short(data.birth_date),
                date=date_short(data.document_date),
            ),
            body,
        )
    )
    story += [
        para(text("documents.resume.quoi_titre"), h2),
        para(text("documents.resume.quoi_texte"), body),
        para(text("documents.resume.chiffres_titre"), h2),
    ]
    story += _figures(analysis, body, item)
    story.append(para(text("documents.resume.verifier_titre"), h2))
    if analysis.to_check:
        story.append(para(text("documents.resume.verifier_intro"), body))
        for check in analysis.to_check:
            story += [IconItem("todo", para(_check_sentence(check), item)), Spacer(1, 5)]
    else:
        story.append(para(text("documents.resume.rien_a_verifier"), body))

    story.append(para(text("documents.resume.trimestres_titre"), h2))
    for n in range(1, 6):
        story += [IconItem("bullet", para(text(f"documents.resume.trimestres_{n}"), item))]
        story.append(Spacer(1, 4))

    story.append(para(text("documents.resume.erreur_titre"), h2))
    for n in range(1, 4):
        story += [IconItem("number", para(text(f"documents.resume.erreur_{n}"), item), str(n))]
        story.append(Spacer(1, 4))
    story.append(Spacer(1, 2 * mm))
    for phone in _phones():
        story.append(para(phone_line(phone), body))

    if analysis.years:
        story += table_heading(text("documents.resume.annees_titre"), h2)
        story.append(_year_table(analysis, width))

    return build(
        out,
        story,
        title_key="documents.meta.titre_resume",
        footer_left=t("documents.resume.pied", date=date_short(data.document_date)),
        practice=data.practice,
    )


def _figures(
    analysis: CareerAnalysis, body: ParagraphStyle, item: ParagraphStyle
) -> list[Flowable]:
    if analysis.first_year is None or analysis.last_year is None:
        return [para(text("documents.resume.aucune_ligne"), body)]
    out: list[Flowable] = []
    for s in analysis.schemes:
        if s.counts_points:
            line = text(
                "documents.resume.regime_points",
                regime=bold(s.scheme),
                points=bold(points(s.points)),
                debut=s.first_year,
                fin=s.last_year,
            )
        else:
            line = text(
                "documents.resume.regime_trimestres",
                regime=bold(s.scheme),
                trimestres=bold(quarters(s.quarters)),
                debut=s.first_year,
                fin=s.last_year,
            )
        out += [IconItem("bullet", para(line, item)), Spacer(1, 4)]
    out.append(
        para(
            text("documents.resume.total", trimestres=bold(quarters(analysis.total_quarters))),
            body,
        )
    )
    out.append(
        para(
            text("documents.resume.carriere", debut=analysis.first_year, fin=analysis.last_year),
            body,
        )
    )
    return out


def _check_sentence(check: YearToCheck) -> Markup:
    if check.reason == SHORT:
        return text(
            "documents.resume.court",
            annee=bold(check.first_year),
            trimestres=bold(quarters(check.quarters)),
        )
    if check.reason == INCOME_NO_QUARTER:
        return text(
            "documents.resume.revenus_sans_trimestre",
            annee=bold(check.first_year),
            revenus=euros(check.income_eur),
        )
    if check.first_year == check.last_year:
        return text("documents.resume.trou_une_annee", annee=bold(check.first_year))
    return text(
        "documents.resume.trou_periode", debut=bold(check.first_year), fin=bold(check.last_year)
    )


def _year_table(analysis: CareerAnalysis, width: float) -> Table:
    cell = style("sum-cell", 12, leading=15)
    head = style("sum-head", 12, leading=15, fontName=fonts.BOLD, textColor=colors.white)
    warn = style("sum-warn", 12, leading=15, fontName=fonts.BOLD, textColor=BLEU_FRANCE)
    rows: list[list[Flowable]] = [
        [
            para(text("documents.resume.col_annee"), head),
            para(text("documents.resume.col_compte"), head),
            para(text("documents.resume.col_verifier"), head),
        ]
    ]
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), BLEU_FRANCE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRIS_TRAIT),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for year in analysis.years:
        counted: list[str] = []
        for s in year.schemes:
            scheme = next(x for x in analysis.schemes if x.scheme == s.scheme)
            amount = points(s.points) if scheme.counts_points else quarters(s.quarters)
            counted.append(text("documents.resume.compte", regime=s.scheme, montant=amount))
        what = Markup("<br/>".join(counted)) if counted else text("documents.resume.rien_compte")
        words = Markup("<br/>".join(text(_WORD[r]) for r in year.reasons))
        if year.reasons:
            commands.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), GRIS_FOND))
        rows.append([para(bold(year.year), cell), para(what, cell), para(words, warn)])
    table = Table(rows, colWidths=[22 * mm, width - 82 * mm, 60 * mm], repeatRows=1)
    table.setStyle(table_style(*commands))
    return table
