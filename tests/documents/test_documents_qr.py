"""The QR matrix and its drawing as one path."""

from __future__ import annotations

from typing import Any

from kiosque.documents.qr import QUIET_ZONE, draw_qr, qr_matrix, row_runs
from tests.documents.helpers import RESUME_URL


def test_matrix_is_square_of_booleans_without_border() -> None:
    matrix = qr_matrix(RESUME_URL)
    size = len(matrix)
    assert size >= 21 and (size - 17) % 4 == 0  # a QR version: 17 + 4 × version
    assert all(len(row) == size for row in matrix)
    assert all(isinstance(m, bool) for row in matrix for m in row)
    # finder pattern in the top-left corner: a dark 7 × 7 ring, no white border before it
    assert all(matrix[0][:7]) and all(matrix[6][:7]) and not matrix[1][1]


def test_matrix_is_deterministic() -> None:
    qr_matrix.cache_clear()
    first = qr_matrix(RESUME_URL)
    qr_matrix.cache_clear()
    assert qr_matrix(RESUME_URL) == first


def test_row_runs_merge_consecutive_dark_modules() -> None:
    assert row_runs((True, True, False, True, False, False, True, True, True)) == [
        (0, 2),
        (3, 4),
        (6, 9),
    ]
    assert row_runs((False, False)) == []
    assert row_runs((True,)) == [(0, 1)]


class FakePath:
    def __init__(self) -> None:
        self.rects: list[tuple[float, float, float, float]] = []

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.rects.append((x, y, width, height))


class FakeCanvas:
    def __init__(self) -> None:
        self.paths: list[FakePath] = []
        self.filled: list[FakePath] = []
        self.background: list[tuple[float, ...]] = []

    def saveState(self) -> None: ...
    def restoreState(self) -> None: ...
    def setFillColorRGB(self, r: float, g: float, b: float) -> None: ...

    def rect(self, x: float, y: float, width: float, height: float, **kw: Any) -> None:
        self.background.append((x, y, width, height))

    def beginPath(self) -> FakePath:
        self.paths.append(FakePath())
        return self.paths[-1]

    def drawPath(self, path: Any, **kw: Any) -> None:
        assert kw.get("fill") == 1
        self.filled.append(path)


def test_the_whole_code_is_one_filled_path_inside_the_quiet_zone() -> None:
    matrix = qr_matrix(RESUME_URL)
    canvas = FakeCanvas()
    draw_qr(canvas, matrix, 10, 20, 100)
    assert len(canvas.filled) == 1
    rects = canvas.filled[0].rects
    assert len(rects) == sum(len(row_runs(row)) for row in matrix)
    assert len(rects) < sum(sum(row) for row in matrix)  # runs were merged
    unit = 100 / (len(matrix) + 2 * QUIET_ZONE)
    margin = QUIET_ZONE * unit - 1e-9
    for x, y, width, height in rects:
        assert x >= 10 + margin and x + width <= 110 - margin
        assert y >= 20 + margin and y + height <= 120 - margin
    assert canvas.background == [(10, 20, 100, 100)]  # white quiet zone under it
