"""French formats: dates and times in Paris, amounts, counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosque.documents import fmt


def test_long_datetime_is_french_and_in_paris_time() -> None:
    winter = datetime(2026, 3, 2, 8, 5, tzinfo=UTC)
    summer = datetime(2026, 7, 14, 8, 5, tzinfo=UTC)
    assert fmt.datetime_long(winter) == "le 2 mars 2026 à 9\u00a0h\u00a005"
    assert fmt.datetime_long(summer) == "le 14 juillet 2026 à 10\u00a0h\u00a005"
    other_zone = datetime(2026, 3, 2, 3, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert fmt.datetime_long(other_zone) == "le 2 mars 2026 à 9\u00a0h\u00a005"


def test_first_of_the_month_is_written_1er() -> None:
    assert fmt.date_long(date(2026, 5, 1)) == "1er mai 2026"
    assert fmt.date_long(date(2026, 8, 15)) == "15 août 2026"


def test_short_date_is_jj_mm_aaaa() -> None:
    assert fmt.date_short(date(2026, 3, 17)) == "17/03/2026"


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        fmt.paris_time(datetime(2026, 3, 2, 9, 5))


def test_paris_rule_without_tzdata_matches_the_tz_database() -> None:
    paris = ZoneInfo("Europe/Paris")
    moments = []
    for year in (2024, 2025, 2026, 2027, 2030):
        for month, day in ((3, 24), (3, 31), (10, 24), (10, 31)):
            start = datetime(year, month, day, tzinfo=UTC)
            moments += [start + timedelta(minutes=30 * i) for i in range(8 * 48)]
    moments += [datetime(2026, m, 15, 12, tzinfo=UTC) for m in range(1, 13)]
    for moment in moments:
        fallback = fmt.paris_time(moment, zone=None)
        assert fallback.utcoffset() == moment.astimezone(paris).utcoffset(), moment
        assert fallback.replace(tzinfo=None) == moment.astimezone(paris).replace(tzinfo=None)


def test_amounts_use_no_break_spaces_and_the_euro_sign() -> None:
    assert fmt.euros(13800) == "13\u00a0800\u00a0€"
    assert fmt.euros(900) == "900\u00a0€"
    assert fmt.euros(1234567) == "1\u00a0234\u00a0567\u00a0€"
    assert fmt.euros(0) == "0\u00a0€"


def test_points_use_a_decimal_comma() -> None:
    assert fmt.decimal(55.33) == "55,33"
    assert fmt.decimal(2002.391) == "2\u00a0002,39"
    assert fmt.decimal(12) == "12,00"
    assert fmt.points(3.61) == "3,61 points"


@pytest.mark.parametrize(
    ("count", "words"), [(0, "0 trimestre"), (1, "1 trimestre"), (2, "2 trimestres")]
)
def test_quarters_agree_in_number(count: int, words: str) -> None:
    assert fmt.quarters(count) == words
