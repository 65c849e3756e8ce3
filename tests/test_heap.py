"""The start-up heap set apart from the collector (kiosque/heap.py)."""

from __future__ import annotations

import gc

from kiosque import heap


def _scanned(item: object) -> bool:
    """Whether a full collection looks at ``item`` (it is in one of the generations)."""
    return any(found is item for found in gc.get_objects())


def test_freeze_sets_what_lives_apart_from_the_collectors_scans() -> None:
    kept: list[object] = [[] for _ in range(3)]  # what a kiosk keeps for its lifetime
    assert _scanned(kept[0])
    try:
        heap.freeze()
        assert gc.get_freeze_count() > 0
        assert not any(_scanned(item) for item in kept)
        later: list[object] = []  # what a session creates afterwards is collected as usual
        assert _scanned(later)
    finally:
        gc.unfreeze()
    assert _scanned(kept[0])
