"""Reading a career as the RIS summary explains it: totals, and the years to check.

Pure (no reportlab): the UI may show the same findings on screen.

A year is *to check* when:

- ``short``: there is activity but fewer than 4 quarters in the basic schemes;
- ``income_no_quarter``: there is income but no quarter at all;
- ``gap``: no line at all between the first and the last year of the career;
  consecutive gap years form one period (« de 2003 à 2004 »).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosque.connectors.base import CareerLine

SHORT = "short"
INCOME_NO_QUARTER = "income_no_quarter"
GAP = "gap"
MAX_QUARTERS_PER_YEAR = 4


@dataclass(frozen=True)
class SchemeTotal:
    """One scheme over the whole career. A basic scheme counts quarters, a
    complementary one points."""

    scheme: str
    quarters: int
    points: float
    first_year: int
    last_year: int

    @property
    def counts_points(self) -> bool:
        return self.points > 0 and self.quarters == 0


@dataclass(frozen=True)
class SchemeYear:
    scheme: str
    quarters: int
    points: float
    income_eur: int


@dataclass(frozen=True)
class YearSummary:
    """One calendar year: what each scheme counted (empty for a gap year)."""

    year: int
    schemes: tuple[SchemeYear, ...]
    quarters: int  # all basic schemes together, at most 4
    income_eur: int  # the largest scheme's (each reports the same salary)
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class YearToCheck:
    reason: str  # SHORT | INCOME_NO_QUARTER | GAP
    first_year: int
    last_year: int  # == first_year except for a gap period
    quarters: int = 0
    income_eur: int = 0


@dataclass(frozen=True)
class CareerAnalysis:
    schemes: tuple[SchemeTotal, ...]
    total_quarters: int  # all schemes, at most 4 a year
    first_year: int | None
    last_year: int | None
    years: tuple[YearSummary, ...]  # every year from the first to the last, gaps included
    to_check: tuple[YearToCheck, ...]  # in year order

    def reasons(self, year: int) -> tuple[str, ...]:
        return tuple(c.reason for c in self.to_check if c.first_year <= year <= c.last_year)


def analyse_career(lines: Iterable[CareerLine]) -> CareerAnalysis:
    """Totals per scheme, first and last years, and the years to check."""
    ordered = sorted(lines, key=lambda line: line.year)  # stable: keeps scheme order
    if not ordered:
        return CareerAnalysis((), 0, None, None, (), ())
    by_year: dict[int, dict[str, SchemeYear]] = {}
    scheme_order: list[str] = []
    for line in ordered:
        if line.scheme not in scheme_order:
            scheme_order.append(line.scheme)
        bucket = by_year.setdefault(line.year, {})
        old = bucket.get(line.scheme, SchemeYear(line.scheme, 0, 0.0, 0))
        bucket[line.scheme] = SchemeYear(
            line.scheme,
            min(MAX_QUARTERS_PER_YEAR, old.quarters + max(0, line.quarters)),
            old.points + max(0.0, line.points),
            old.income_eur + max(0, line.income_eur),
        )

    first, last = ordered[0].year, ordered[-1].year
    years: list[YearSummary] = []
    to_check: list[YearToCheck] = []
    gap_start: int | None = None
    for year in range(first, last + 1):
        schemes = by_year.get(year)
        if schemes is None:
            gap_start = year if gap_start is None else gap_start
            years.append(YearSummary(year, (), 0, 0, (GAP,)))
            continue
        if gap_start is not None:
            to_check.append(YearToCheck(GAP, gap_start, year - 1))
            gap_start = None
        entries = tuple(schemes[name] for name in scheme_order if name in schemes)
        quarters = min(MAX_QUARTERS_PER_YEAR, sum(e.quarters for e in entries))
        # The same salary is reported to the basic and the complementary schemes: the
        # year's income is the largest scheme's, not their sum.
        income = max(e.income_eur for e in entries)
        reason = None
        if quarters == 0 and income > 0:
            reason = INCOME_NO_QUARTER
        elif 0 < quarters < MAX_QUARTERS_PER_YEAR:
            reason = SHORT
        if reason:
            to_check.append(YearToCheck(reason, year, year, quarters, income))
        years.append(YearSummary(year, entries, quarters, income, (reason,) if reason else ()))

    totals = []
    for name in scheme_order:
        mine = [(y, s[name]) for y, s in sorted(by_year.items()) if name in s]
        totals.append(
            SchemeTotal(
                name,
                sum(e.quarters for _, e in mine),
                round(sum(e.points for _, e in mine), 2),
                mine[0][0],
                mine[-1][0],
            )
        )
    return CareerAnalysis(
        tuple(totals),
        sum(y.quarters for y in years),
        first,
        last,
        tuple(years),
        tuple(to_check),
    )
