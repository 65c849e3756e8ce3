"""The relevé de situation individuelle (RIS), in the shape of the real one.

Header with the person (the NIR masked), « Situation au 31 décembre AAAA » with the
totals per scheme, then the detail by year and scheme, table headers repeated on every
page. A practice RIS carries « Document d'entraînement — sans valeur officielle » as a
banner and as a watermark on every page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from kiosque.connectors.base import CareerLine
from kiosque.documents import fonts
from kiosque.documents.career import CareerAnalysis, analyse_career
from kiosque.documents.fmt import date_short, decimal, euros
from kiosque.documents.layout import (
    BLEU_FRANCE,
    GRIS_FOND,
    GRIS_TRAIT,
    Markup,
    banner,
    build,
    content_width,
    esc,
    heading,
    para,
    style,
    table_heading,
    table_style,
    text,
)
from kiosque.documents.model import RisData, mask_nir
from kiosque.texts import t

MARGINS = 15 * mm
_COLUMNS = (  # (text key, width)
    ("annee", 14 * mm),
    ("regime", 27 * mm),
    ("periode", 25 * mm),
    ("nature", 26 * mm),
    ("employeur", 31 * mm),
    ("revenus", 20 * mm),
    ("trimestres", 20 * mm),
    ("points", 17 * mm),
)


def situation_year(data: RisData) -> int:
    """The year whose 31 December the RIS describes: the last complete year, or the
    last year of the career if the simulation already knows a later one."""
    last = max((line.year for line in data.lines), default=data.document_date.year - 1)
    return max(data.document_date.year - 1, last)


def render_ris(data: RisData, out: Path) -> Path:
    """Write the RIS of ``data`` to ``out`` (A4 PDF) and return ``out``."""
    width = content_width(MARGINS)
    analysis = analyse_career(data.lines)
    title = style("ris-title", 20, fontName=fonts.BOLD, textColor=BLEU_FRANCE, spaceAfter=2)
    subtitle = style("ris-sub", 13, fontName=fonts.BOLD, spaceAfter=2)
    body = style("ris-body", 11, leading=15, spaceAfter=3)
    h2 = heading("ris-h2", 14, 10)

    story: list[Flowable] = [
        para(text("documents.ris.titre"), title),
        para(text("documents.ris.sous_titre"), subtitle),
        para(text("documents.ris.etabli_le", date=date_short(data.document_date)), body),
        Spacer(1, 3 * mm),
    ]
    if data.practice:
        story += [
            banner(text("documents.ris.bandeau_titre"), text("documents.ris.bandeau_texte"), width),
            Spacer(1, 4 * mm),
        ]
    story.append(_identity(data, width))
    story.append(para(text("documents.ris.situation", annee=situation_year(data)), h2))
    if analysis.schemes:
        story.append(_recap(analysis, width))
        story.append(Spacer(1, 2 * mm))
    total = Markup(f"<b>{text('documents.ris.total', trimestres=analysis.total_quarters)}</b>")
    story += [para(total, body), para(text("documents.ris.total_note"), body)]
    story += table_heading(text("documents.ris.detail"), h2)
    if data.lines:
        story.append(_detail(data.lines))
    else:
        story.append(para(text("documents.ris.aucune_ligne"), body))
    story += [Spacer(1, 4 * mm), para(text("documents.ris.verifier"), body)]

    watermark = (
        (t("documents.ris.filigrane_1"), t("documents.ris.filigrane_2")) if data.practice else ()
    )
    return build(
        out,
        story,
        title_key="documents.meta.titre_ris",
        footer_left=t("documents.ris.pied", date=date_short(data.document_date)),
        practice=data.practice,
        watermark=watermark,
        margins=MARGINS,
    )


def _identity(data: RisData, width: float) -> Table:
    label = style("ris-label", 11, fontName=fonts.BOLD)
    value = style("ris-value", 12, fontName=fonts.BOLD, textColor=colors.black)
    rows = [
        ("documents.ris.nom", data.nom),
        ("documents.ris.prenom", data.prenom),
        ("documents.ris.naissance", date_short(data.birth_date)),
        ("documents.ris.nir", data.nir_masked),
    ]
    table = Table(
        [[para(text(key), label), para(esc(v), value)] for key, v in rows],
        colWidths=[55 * mm, width - 55 * mm],
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.8, GRIS_TRAIT),
            ("BACKGROUND", (0, 0), (0, -1), GRIS_FOND),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRIS_TRAIT),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        )
    )
    return table


def _header_cells(keys: list[str]) -> list[Flowable]:
    head = style("ris-head", 9.5, fontName=fonts.BOLD, textColor=colors.white, leading=12)
    return [para(text(key), head) for key in keys]


def _head_commands() -> list[tuple[object, ...]]:
    return [
        ("BACKGROUND", (0, 0), (-1, 0), BLEU_FRANCE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRIS_TRAIT),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]


def _recap(analysis: CareerAnalysis, width: float) -> Table:
    cell = style("ris-recap", 11, leading=14)
    number = style("ris-recap-n", 11, leading=14, alignment=TA_RIGHT)
    dash = t("documents.commun.vide")
    rows: list[list[Flowable]] = [
        _header_cells(
            [
                "documents.ris.recap_regime",
                "documents.ris.recap_trimestres",
                "documents.ris.recap_points",
                "documents.ris.recap_annees",
            ]
        )
    ]
    for s in analysis.schemes:
        rows.append(
            [
                para(esc(s.scheme), cell),
                para(esc(dash if s.counts_points else str(s.quarters)), number),
                para(esc(decimal(s.points) if s.points else dash), number),
                para(text("documents.ris.recap_de_a", debut=s.first_year, fin=s.last_year), cell),
            ]
        )
    table = Table(rows, colWidths=[70 * mm, 30 * mm, 30 * mm, width - 130 * mm], repeatRows=1)
    table.setStyle(table_style(*_head_commands()))
    return table


def _detail(lines: tuple[CareerLine, ...]) -> Table:
    cell = style("ris-cell", 9.5, leading=12)
    number = style("ris-num", 9.5, leading=12, alignment=TA_RIGHT)
    dash = t("documents.commun.vide")
    rows: list[list[Flowable]] = [_header_cells([f"documents.ris.col_{k}" for k, _ in _COLUMNS])]
    commands = _head_commands()
    shade = False
    previous: int | None = None
    for line in sorted(lines, key=lambda item: item.year):
        if line.year != previous:
            shade = not shade if previous is not None else False
            previous = line.year
        if shade:
            commands.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), GRIS_FOND))
        complementary = line.quarters == 0 and line.points > 0
        rows.append(
            [
                para(esc(line.year), cell),
                para(esc(line.scheme), cell),
                para(esc(line.period or dash), cell),
                para(esc(line.nature or dash), cell),
                para(esc(line.employer or dash), cell),
                para(esc(euros(line.income_eur)), number),
                para(esc(dash if complementary else str(line.quarters)), number),
                para(esc(decimal(line.points) if line.points else dash), number),
            ]
        )
    table = Table(rows, colWidths=[w for _, w in _COLUMNS], repeatRows=1)
    table.setStyle(table_style(*commands))
    return table


class AccountLike(Protocol):
    """What :func:`write_ris_for_account` reads of a store record (no store import)."""

    @property
    def id(self) -> str: ...
    @property
    def nir(self) -> str: ...
    @property
    def nom(self) -> str: ...
    @property
    def prenom(self) -> str: ...
    @property
    def birth_date(self) -> date: ...


def ris_paths(account_id: str, day: date, directory: Path) -> tuple[Path, Path]:
    """Where the RIS and its plain-language summary of an account and day are written
    (the opaque account id in the name, never a name or a NIR)."""
    stem = f"ris-{''.join(ch for ch in account_id if ch.isalnum() or ch in '-_')}-{day:%Y%m%d}"
    return directory / f"{stem}.pdf", directory / f"{stem}-resume.pdf"


def write_ris_for_account(
    account: AccountLike, lines: tuple[CareerLine, ...], day: date, directory: Path
) -> Path:
    """The simulated Assurance retraite's RIS writer: the RIS (returned) and, beside it,
    its plain-language summary (:func:`ris_paths`). Always practice documents."""
    from kiosque.documents.ris_summary import render_ris_summary

    data = RisData(
        nom=account.nom,
        prenom=account.prenom,
        nir_masked=mask_nir(account.nir),
        birth_date=account.birth_date,
        document_date=day,
        lines=tuple(lines),
        practice=True,
    )
    ris, summary = ris_paths(account.id, day, Path(directory))
    render_ris(data, ris)
    render_ris_summary(data, summary)
    return ris
