"""Printing a PDF to the terminal's printer, with no dialog (citizen mode).

The printer is the one named in the settings (``printer``), else the system's default.
The first way this terminal has:

1. ``lp`` — CUPS' own client hands the PDF itself to the queue (vector, crisp text, the
   text layer kept): the way on Linux terminals.
2. ``qtpdf`` — pure Qt: QtPdf renders each page, QPrinter prints it (pages as images).
   QtPdf comes with some PySide6 wheels only.
3. ``pdfium`` — pypdfium2 (a small wheel, Windows included) renders each page, QPrinter
   prints it: the way on Windows terminals, where there is no ``lp``.
4. ``raster`` — poppler's ``pdftoppm`` renders the pages, QPrinter prints them.

Run it off the UI thread (QPainter may paint on a QPrinter from a worker thread). The
PDF is read where it is — the session's folder, wiped with it — and never copied
elsewhere by the kiosk (CUPS keeps its spool copy as its ``PreserveJobFiles`` says: set
it to ``No`` on a terminal).
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

log = logging.getLogger(__name__)

DPI = 300  # enough for a 48 mm QR code and 9 pt text
METHODS = ("lp", "qtpdf", "pdfium", "raster")


class PrintError(Exception):
    """Printing failed; ``key`` names the French message to show
    (``papier.impression.*``)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(detail or key)
        self.key = key


def available_methods() -> tuple[str, ...]:
    """The ways this terminal can print, best first."""
    found = []
    if shutil.which("lp"):
        found.append("lp")
    if importlib.util.find_spec("PySide6.QtPdf") is not None:
        found.append("qtpdf")
    if importlib.util.find_spec("pypdfium2") is not None:
        found.append("pdfium")
    if shutil.which("pdftoppm"):
        found.append("raster")
    return tuple(found)


def printer_info(name: str) -> QPrinterInfo:
    """The named printer, or the default one; :class:`PrintError` if there is none."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        raise PrintError("papier.impression.aucune_imprimante", f"no printer {name!r}")
    return info


def print_pdf(pdf: Path, printer: str = "", *, title: str = "", method: str = "") -> str:
    """Print ``pdf`` (A4) on ``printer`` (empty: the default) without any dialog; returns
    what the printing system said (a job id for CUPS). ``method`` forces a way."""
    pdf = Path(pdf)
    if not pdf.is_file():
        raise PrintError("papier.impression.erreur", "no such PDF")
    ways = (method,) if method else available_methods()
    if not ways:
        raise PrintError("papier.impression.aucune_imprimante", "no way to print here")
    way = ways[0]
    title = title or pdf.stem
    log.info("printing %s via %s", pdf.name, way)
    if way == "lp":
        return _print_lp(pdf, printer, title)
    if way == "qtpdf":
        return _print_images(_pages_qtpdf(pdf), printer_info(printer), title)
    if way == "pdfium":
        return _print_images(_pages_pdfium(pdf), printer_info(printer), title)
    if way == "raster":
        return _print_images(_pages_pdftoppm(pdf), printer_info(printer), title)
    raise ValueError(f"unknown printing method {method!r}")


def _print_lp(pdf: Path, printer: str, title: str) -> str:
    command = ["lp", "-t", title, "-o", "media=A4", "-o", "fit-to-page"]
    if printer:
        command += ["-d", printer]
    try:
        done = subprocess.run(
            [*command, "--", str(pdf)], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError("papier.impression.erreur", type(exc).__name__) from None
    if done.returncode != 0:
        message = done.stderr.strip()
        missing = "destination" in message or "does not exist" in message
        key = "papier.impression.aucune_imprimante" if missing else "papier.impression.erreur"
        raise PrintError(key, message)
    return done.stdout.strip()


def _print_images(pages: Iterator[QImage], info: QPrinterInfo, title: str) -> str:
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setResolution(DPI)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF has its own margins
    painter = QPainter()
    count = 0
    try:
        for image in pages:
            if count == 0:
                if not painter.begin(printer):
                    raise PrintError("papier.impression.erreur", "the printer refused the job")
            elif not printer.newPage():
                raise PrintError("papier.impression.erreur", "no new page")
            paper = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            target = QRect(0, 0, paper.width(), paper.height())
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            count += 1
    finally:
        if painter.isActive():
            painter.end()
    if count == 0:
        raise PrintError("papier.impression.erreur", "the PDF has no page")
    return f"{info.printerName()}: {count} page(s)"


def _pages_qtpdf(pdf: Path) -> Iterator[QImage]:
    from PySide6.QtPdf import QPdfDocument  # type: ignore[import-not-found,unused-ignore]

    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise PrintError("papier.impression.erreur", "QtPdf cannot read the PDF")
    try:
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * DPI / 72), round(points.height() * DPI / 72))
            image: QImage = document.render(index, size)
            yield image
    finally:
        document.close()


def _pages_pdfium(pdf: Path) -> Iterator[QImage]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(pdf))
    except Exception as exc:  # pypdfium2.PdfiumError, or no such file
        raise PrintError("papier.impression.erreur", type(exc).__name__) from None
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=DPI / 72, rev_byteorder=True)  # RGB, no Pillow
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # own the pixels before PDFium frees its buffer
            bitmap.close()
            page.close()
            yield image
    finally:
        document.close()


def _pages_pdftoppm(pdf: Path) -> Iterator[QImage]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise PrintError("papier.impression.erreur", "pdftoppm is not installed")
    # the page images hold what the receipt holds: made in the PDF's (session) folder
    with tempfile.TemporaryDirectory(prefix=".pages-", dir=pdf.parent) as folder:
        prefix = Path(folder) / "page"
        try:
            subprocess.run(
                [tool, "-r", str(DPI), "-png", str(pdf), str(prefix)],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PrintError("papier.impression.erreur", type(exc).__name__) from None
        for page in sorted(Path(folder).glob("page*.png")):
            image = QImage(str(page))
            if image.isNull():
                raise PrintError("papier.impression.erreur", "unreadable page image")
            yield image
