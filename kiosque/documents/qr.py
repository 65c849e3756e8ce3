"""The resume QR code: one matrix, drawn on paper here and on screen by the UI.

``qrcode`` computes the modules without Pillow. Drawing merges each row's dark modules
into rectangles and fills them all as one path (one PDF operator instead of hundreds).
This module does not import reportlab: :func:`draw_qr` only calls the canvas it is given.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import qrcode
from qrcode.constants import ERROR_CORRECT_M

Matrix = tuple[tuple[bool, ...], ...]
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


@lru_cache(maxsize=16)
def qr_matrix(text: str) -> Matrix:
    """Dark (``True``) and light modules, row by row, without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def row_runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """``[(start, end), …]`` of the consecutive dark modules of a row (end excluded)."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, dark in enumerate(row):
        if dark and start < 0:
            start = i
        elif not dark and start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(row)))
    return runs


class _Path(Protocol):
    def rect(self, x: float, y: float, width: float, height: float) -> object: ...


class Canvas(Protocol):
    """The part of a reportlab canvas that :func:`draw_qr` uses."""

    def saveState(self) -> None: ...
    def restoreState(self) -> None: ...
    def setFillColorRGB(self, r: float, g: float, b: float) -> None: ...
    def rect(self, x: float, y: float, width: float, height: float, **kw: object) -> None: ...
    def beginPath(self) -> _Path: ...
    def drawPath(self, path: _Path, **kw: object) -> None: ...


def draw_qr(canvas: Canvas, matrix: Matrix, x: float, y: float, size: float) -> None:
    """Draw ``matrix`` in a ``size``-wide square whose lower-left corner is (x, y),
    quiet zone included (white, so the code also scans on a tinted background)."""
    modules = len(matrix) + 2 * QUIET_ZONE
    unit = size / modules
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    top = y + size - QUIET_ZONE * unit
    for r, row in enumerate(matrix):
        row_y = top - (r + 1) * unit
        for start, end in row_runs(row):
            path.rect(x + (QUIET_ZONE + start) * unit, row_y, (end - start) * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
