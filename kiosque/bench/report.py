"""Figures, targets and verdicts; the table and the JSON that ``kiosque bench`` prints."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MET = "MET"
NOT_MET = "NOT MET"
INFO = "info"
NOT_MEASURED = "NOT MEASURED"


@dataclass(frozen=True)
class Target:
    """A bound on a figure: ``low ≤ value ≤ high`` (either side may be open)."""

    low: float | None = None
    high: float | None = None
    unit: str = ""

    @classmethod
    def at_most(cls, high: float, unit: str = "") -> Target:
        return cls(high=high, unit=unit)

    @classmethod
    def between(cls, low: float, high: float, unit: str = "") -> Target:
        return cls(low=low, high=high, unit=unit)

    def holds(self, value: float) -> bool:
        if self.low is not None and value < self.low:
            return False
        return self.high is None or value <= self.high

    def text(self) -> str:
        unit = f" {self.unit}" if self.unit and self.unit != "×" else self.unit
        if self.low is not None and self.low == self.high:
            return f"= {_num(self.low)}{unit}"
        if self.low is not None and self.high is not None:
            return f"{_num(self.low)}–{_num(self.high)}{unit}"
        if self.high is not None:
            return f"≤ {_num(self.high)}{unit}"
        if self.low is not None:
            return f"≥ {_num(self.low)}{unit}"
        return "—"


@dataclass(frozen=True)
class Figure:
    """One measured value. With a target, the verdict is MET or NOT MET (``met`` may
    impose it when the target has more than one condition); without one, it is ``info``.
    A figure that could not be measured has ``value=None`` and says why in ``note``."""

    section: str
    key: str
    label: str
    value: float | None
    unit: str = "ms"
    target: Target | None = None
    met: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return INFO if self.value is not None else NOT_MEASURED
        if self.value is None:
            return NOT_MEASURED
        ok = self.met if self.met is not None else self.target.holds(self.value)
        return MET if ok else NOT_MET

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "target": None if self.target is None else self.target.text(),
            "target_low": None if self.target is None else self.target.low,
            "target_high": None if self.target is None else self.target.high,
            "target_unit": None if self.target is None else self.target.unit,
            "verdict": self.verdict,
            "note": self.note,
        }


def figure_from_dict(data: dict[str, Any]) -> Figure:
    """The inverse of :meth:`Figure.as_dict` (a child process's JSON)."""
    low, high = data.get("target_low"), data.get("target_high")
    has_target = data.get("target") is not None
    unit = str(data.get("unit", "ms"))
    value = data.get("value")
    verdict = data.get("verdict")
    return Figure(
        section=str(data["section"]),
        key=str(data["key"]),
        label=str(data["label"]),
        value=None if value is None else float(value),
        unit=unit,
        target=Target(low, high, str(data.get("target_unit") or "")) if has_target else None,
        met=None if verdict not in (MET, NOT_MET) else verdict == MET,
        note=str(data.get("note", "")),
    )


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100), linear between the closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    below = math.floor(rank)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (rank - below)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _num(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def value_text(figure: Figure) -> str:
    if figure.value is None:
        return "—"
    unit = figure.unit
    if unit == "×":
        return f"{figure.value:.2f}×"
    if unit == "count":
        return f"{figure.value:+.0f}" if figure.key.endswith("growth") else f"{figure.value:.0f}"
    return f"{_num(figure.value)} {unit}"


def table(figures: Iterable[Figure], header: Sequence[str] = ()) -> str:
    """The figures grouped by section: figure, value, target, verdict, then the notes."""
    rows = list(figures)
    label_width = max([len(f.label) for f in rows] + [30]) + 2
    value_width = max([len(value_text(f)) for f in rows] + [8]) + 2
    target_width = max([len(f.target.text()) if f.target else 1 for f in rows] + [8]) + 2
    lines = list(header)
    lines.append(
        f"{'figure':<{label_width}}{'value':>{value_width}}  {'target':<{target_width}}verdict"
    )
    lines.append("-" * (label_width + value_width + target_width + 10))
    section = None
    for figure in rows:
        if figure.section != section:
            section = figure.section
            lines.append(section)
        target = figure.target.text() if figure.target else "—"
        lines.append(
            f"  {figure.label:<{label_width - 2}}{value_text(figure):>{value_width}}  "
            f"{target:<{target_width}}{figure.verdict}"
        )
        if figure.note:
            lines.append(f"      {figure.note}")
    return "\n".join(lines) + "\n"


def summary(figures: Iterable[Figure]) -> tuple[int, int, int]:
    """(met, not met, not measured) among the figures that have a target."""
    verdicts = [f.verdict for f in figures if f.target is not None]
    return verdicts.count(MET), verdicts.count(NOT_MET), verdicts.count(NOT_MEASURED)
