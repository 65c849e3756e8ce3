"""Shared look of the printed documents: styles, safe text, banners, page furniture.

Every value that comes from outside (names, labels, employers…) goes through
:func:`esc`: made printable by the font, then XML-escaped, so that ``<b>``, ``&`` or
``</para>`` print literally instead of being read as Paragraph markup. Sentences come
from ``ressources/textes`` and are escaped the same way; only :class:`Markup` (built
here from escaped pieces) passes through untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from kiosque.documents import fonts
from kiosque.texts import catalogue, t

BLEU_FRANCE = colors.HexColor("#000091")
BLEU_CLAIR = colors.HexColor("#E3E3FD")
GRIS_TEXTE = colors.HexColor("#3A3A3A")
GRIS_FOND = colors.HexColor("#F6F6F6")
GRIS_TRAIT = colors.HexColor("#929292")

PAGE_WIDTH, PAGE_HEIGHT = A4


class Markup(str):
    """Paragraph markup already made safe (built only from escaped pieces)."""


def esc(value: object) -> Markup:
    """A dynamic value as safe Paragraph text."""
    return Markup(escape(fonts.printable(str(value))))


def bold(value: object) -> Markup:
    return Markup(f"<b>{esc(value)}</b>")


def text(key: str, **params: object) -> Markup:
    """The sentence ``key`` as safe Paragraph text, its placeholders filled with escaped
    values (or with :class:`Markup` as given)."""
    template = escape(catalogue().raw(key))
    values = {k: v if isinstance(v, Markup) else esc(v) for k, v in params.items()}
    return Markup(template.format(**values))


def style(name: str, size: float, *, leading: float | None = None, **kw: Any) -> ParagraphStyle:
    fonts.register()
    kw.setdefault("fontName", fonts.REGULAR)
    kw.setdefault("textColor", GRIS_TEXTE)
    kw.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontSize=size, leading=leading or round(size * 1.3, 1), **kw)


def heading(name: str, size: float, space_before: float) -> ParagraphStyle:
    """A section title in bleu France, kept on the same page as what follows it.

    Before a long table, use :func:`table_heading` instead: keeping a title with a
    table taller than the page would push both to the next page."""
    return style(
        name,
        size,
        fontName=fonts.BOLD,
        textColor=BLEU_FRANCE,
        spaceBefore=space_before,
        spaceAfter=5,
        keepWithNext=1,
    )


def table_heading(markup: Markup, st: ParagraphStyle) -> list[Flowable]:
    """A title for a long table: a new page if fewer than 45 mm are left, else here."""
    return [CondPageBreak(45 * mm), Paragraph(markup, st.clone(st.name + "-t", keepWithNext=0))]


_PHONE = re.compile(r"(?<![\d/])\d(?:[ \u00a0]?\d){3,}(?![\d/])")


def phone_line(line: str) -> Markup:
    """A help line with its phone numbers in bold, never cut across two lines."""
    return Markup(
        _PHONE.sub(lambda m: "<b>" + m.group(0).replace(" ", "\u00a0") + "</b>", esc(line))
    )


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A table style whose cells use our font (reportlab's default is Helvetica, which
    would then be referenced, unembedded, by the PDF)."""
    fonts.register()
    return TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10), *commands])


def para(markup: Markup, st: ParagraphStyle) -> Paragraph:
    return Paragraph(markup, st)


def banner(title: Markup, body: Markup, width: float, size: float = 12) -> Table:
    """The « Mode entraînement » box: bleu France bar, light blue background (never red,
    which is kept for errors)."""
    title_style = style("banner-title", size + 2, fontName=fonts.BOLD, textColor=BLEU_FRANCE)
    body_style = style("banner-body", size, textColor=colors.black)
    table = Table([[para(title, title_style)], [para(body, body_style)]], colWidths=[width])
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), BLEU_CLAIR),
            ("LINEBEFORE", (0, 0), (0, -1), 6, BLEU_FRANCE),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
        )
    )
    return table


class IconItem(Flowable):  # type: ignore[misc]
    """A list line with a drawn icon (the font has no ✓ or ☐): ``done`` a tick, ``todo``
    an empty box, ``bullet`` a dot, ``number`` the label in a disc."""

    GAP = 9 * mm

    def __init__(self, kind: str, paragraph: Paragraph, label: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.paragraph = paragraph
        self.label = label
        self._height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, self._height = self.paragraph.wrap(avail_width - self.GAP, avail_height)
        self.width = avail_width
        return avail_width, self._height

    def draw(self) -> None:
        c = self.canv
        st = self.paragraph.style
        box = st.fontSize * 0.95
        y = self._height - st.leading + (st.leading - box) / 2 - st.fontSize * 0.08
        c.saveState()
        c.setStrokeColor(BLEU_FRANCE)
        c.setFillColor(BLEU_FRANCE)
        if self.kind == "done":
            c.setLineWidth(2.2)
            c.setLineCap(1)
            c.setLineJoin(1)
            path = c.beginPath()
            path.moveTo(1.5, y + box * 0.5)
            path.lineTo(1.5 + box * 0.35, y + box * 0.12)
            path.lineTo(1.5 + box, y + box * 0.95)
            c.drawPath(path, stroke=1, fill=0)
        elif self.kind == "todo":
            c.setLineWidth(1.4)
            c.rect(1.5, y, box, box, stroke=1, fill=0)
        elif self.kind == "bullet":
            c.circle(1.5 + box / 2, y + box / 2, box * 0.22, stroke=0, fill=1)
        else:
            radius = box * 0.62
            c.circle(1.5 + box / 2, y + box / 2, radius, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont(fonts.BOLD, st.fontSize * 0.8)
            c.drawCentredString(1.5 + box / 2, y + box / 2 - st.fontSize * 0.28, self.label)
        c.restoreState()
        self.paragraph.drawOn(c, self.GAP, 0)


def numbered_canvas(
    left: str, practice_note: str | None, watermark: Sequence[str], margin: float
) -> type[Canvas]:
    """A canvas class that finishes every page once their number is known: the
    watermark (over the content, transparent, so shaded rows cannot hide it) and the
    footer with « Page n sur N »."""
    page_word = catalogue().raw("documents.commun.page")

    def footer(canvas: Canvas, number: int, total: int) -> None:
        if watermark:
            canvas.saveState()
            canvas.setFillColor(BLEU_FRANCE)
            canvas.setFillAlpha(0.09)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(55)
            size = 40
            canvas.setFont(fonts.BOLD, size)
            for i, line in enumerate(watermark):
                offset = (len(watermark) - 1) / 2 - i
                canvas.drawCentredString(0, offset * size * 1.25 - size * 0.35, line)
            canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(GRIS_TRAIT)
        canvas.setLineWidth(0.5)
        canvas.line(margin, 16 * mm, PAGE_WIDTH - margin, 16 * mm)
        canvas.setFillColor(GRIS_TEXTE)
        canvas.setFont(fonts.REGULAR, 10)
        canvas.drawString(margin, 11 * mm, left)
        canvas.drawRightString(
            PAGE_WIDTH - margin, 11 * mm, page_word.format(page=number, total=total)
        )
        if practice_note:
            canvas.setFillColor(BLEU_FRANCE)
            canvas.setFont(fonts.BOLD, 10)
            canvas.drawString(margin, 6.5 * mm, practice_note)
        canvas.restoreState()

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def footer_text(value: str, width: float, size: float = 10) -> str:
    """A footer line cut to fit (footers are drawn, not wrapped)."""
    fonts.register()
    clean = fonts.printable(value)
    if fonts_width(clean, size) <= width:
        return clean
    while clean and fonts_width(clean + "…", size) > width:
        clean = clean[:-1]
    return clean + "…"


def fonts_width(value: str, size: float, font: str = fonts.REGULAR) -> float:
    return float(stringWidth(value, font, size))


def build(
    out: Path,
    story: list[Flowable],
    *,
    title_key: str,
    footer_left: str,
    practice: bool,
    watermark: Sequence[str] = (),
    margins: float = 18 * mm,
) -> Path:
    """Lay ``story`` out on A4 and write the PDF atomically (never a half-written file).

    Metadata carry the document's kind and the kiosk, never personal data."""
    fonts.register()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    note = t("documents.commun.entrainement_pied") if practice else None
    canvas_class = numbered_canvas(
        footer_text(footer_left, PAGE_WIDTH - 2 * margins - 40 * mm), note, watermark, margins
    )
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=out.parent)
    os.close(fd)
    try:
        doc = SimpleDocTemplate(
            tmp_name,
            pagesize=A4,
            leftMargin=margins,
            rightMargin=margins,
            topMargin=16 * mm,
            bottomMargin=24 * mm,
            title=t(title_key),
            author=t("documents.meta.auteur"),
            creator=t("documents.meta.auteur"),
            subject="",
            keywords="",
            lang="fr-FR",
            initialFontName=fonts.REGULAR,
        )
        doc.build(story, canvasmaker=canvas_class)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out


def content_width(margins: float = 18 * mm) -> float:
    return float(PAGE_WIDTH - 2 * margins)
