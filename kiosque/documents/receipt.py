"""The receipt the citizen takes home: what was done, what is next, how to resume.

It prints only what :class:`ReceiptData` carries, and that has no field for a password,
a secret answer or a code received by SMS. As a second guard, an identifier whose label
names such a secret is refused.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from kiosque.documents import fonts
from kiosque.documents.fmt import date_short, datetime_long
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
    esc,
    heading,
    para,
    phone_line,
    style,
    table_style,
    text,
)
from kiosque.documents.model import ReceiptData, format_resume_code
from kiosque.documents.qr import draw_qr, qr_matrix
from kiosque.texts import t

_SECRET_WORDS = ("mot de passe", "password", "reponse", "code recu", "code sms")


class QrFlowable(Flowable):  # type: ignore[misc]
    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(data)
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, self.size)


def _is_secret_label(label: str) -> bool:
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return any(word in plain for word in _SECRET_WORDS)


def render_receipt(data: ReceiptData, out: Path) -> Path:
    """Write the receipt of ``data`` to ``out`` (A4 PDF) and return ``out``."""
    for label, _ in data.identifiers:
        if _is_secret_label(label):
            raise ValueError("a receipt never prints a password, an answer or a received code")
    width = content_width()
    title = style("title", 22, fontName=fonts.BOLD, textColor=BLEU_FRANCE, spaceAfter=6)
    h2 = heading("h2", 15, 12)
    body = style("body", 12, leading=16, spaceAfter=3)
    item = style("item", 12, leading=16)
    strong = style("strong", 14, fontName=fonts.BOLD, leading=18)

    story: list[Flowable] = [para(text("documents.recu.titre"), title)]
    if data.practice:
        story += [
            banner(
                text("documents.commun.entrainement_titre"),
                text("documents.commun.entrainement_texte"),
                width,
            ),
            Spacer(1, 4 * mm),
        ]
    story += [
        para(text("documents.recu.borne", site=data.site_name, borne=data.terminal_id), body),
        para(text("documents.recu.imprime", quand=datetime_long(data.issued_at)), body),
        para(text("documents.recu.demarche"), h2),
        para(esc(data.procedure_title), strong),
        para(text("documents.recu.fait"), h2),
    ]
    story += _items("done", data.steps_done, "documents.recu.rien_fait", item)
    story.append(para(text("documents.recu.a_faire"), h2))
    story += _items("todo", data.steps_todo, "documents.recu.rien_a_faire", item)

    if data.identifiers:
        story.append(para(text("documents.recu.identifiants"), h2))
        story += [_identifiers(data.identifiers, width, body), Spacer(1, 3 * mm)]
    story.append(para(text("documents.recu.aucun_secret"), body))

    if data.deadlines:
        story.append(para(text("documents.recu.echeances"), h2))
        for label, day in data.deadlines:
            line = text("documents.recu.echeance", libelle=label, date=bold(date_short(day)))
            story.append(para(line, item))

    if data.next_steps:
        story.append(para(text("documents.recu.ensuite"), h2))
        for number, step in enumerate(data.next_steps, start=1):
            story.append(IconItem("number", para(esc(step), item), str(number)))
            story.append(Spacer(1, 2))

    story.append(_resume_block(data, width, h2, body))

    story.append(para(text("documents.recu.aide"), h2))
    for phone in data.phones:
        story.append(para(phone_line(phone), body))
    story.append(para(text("documents.recu.aide_conseiller"), body))

    footer = t("documents.recu.pied", site=data.site_name)
    return build(
        out,
        story,
        title_key="documents.meta.titre_recu",
        footer_left=footer,
        practice=data.practice,
    )


def _items(kind: str, steps: tuple[str, ...], empty_key: str, st: ParagraphStyle) -> list[Flowable]:
    if not steps:
        return [para(text(empty_key), st)]
    out: list[Flowable] = []
    for step in steps:
        out += [IconItem(kind, para(esc(step), st)), Spacer(1, 3)]
    return out


def _identifiers(pairs: tuple[tuple[str, str], ...], width: float, st: ParagraphStyle) -> Table:
    label_style = style("label", 12, leading=16, fontName=fonts.BOLD)
    rows = [[para(esc(label), label_style), para(esc(value), st)] for label, value in pairs]
    table = Table(rows, colWidths=[62 * mm, width - 62 * mm])
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), GRIS_FOND),
            ("LINEBELOW", (0, 0), (-1, -2), 0.5, GRIS_TRAIT),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        )
    )
    return table


def _resume_block(
    data: ReceiptData, width: float, h2: ParagraphStyle, body: ParagraphStyle
) -> KeepTogether:
    qr_size = 48 * mm
    code_style = style("code", 28, fontName=fonts.BOLD, leading=36, textColor=BLEU_FRANCE)
    groups = format_resume_code(fonts.printable(data.resume_code)).split(" ")
    code = Markup("\u00a0\u00a0".join(esc(g) for g in groups))
    small = style("small", 12, leading=16, spaceAfter=4)
    expiry = (
        text("documents.recu.qr_expire_le", date=bold(date_short(data.resume_valid_until)))
        if data.resume_valid_until
        else text("documents.recu.qr_expire")
    )
    left: list[Flowable] = [
        para(text("documents.recu.code"), small),
        para(code, code_style),
        Spacer(1, 2 * mm),
        para(text("documents.recu.qr_telephone"), small),
        para(text("documents.recu.qr_borne"), small),
        para(expiry, small),
        para(text("documents.recu.qr_prive"), small),
    ]
    if data.practice:
        left.append(para(text("documents.recu.qr_entrainement"), small))
    table = Table(
        [[left, QrFlowable(data.resume_url, qr_size)]],
        colWidths=[width - qr_size - 8 * mm, qr_size + 8 * mm],
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 1.5, BLEU_FRANCE),
            ("LEFTPADDING", (0, 0), (0, 0), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        )
    )
    return KeepTogether([para(text("documents.recu.reprendre"), h2), table])
