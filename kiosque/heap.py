"""What a kiosk keeps alive for weeks (the catalogue, the texts, the engine, the store's
mappings, Qt's wrappers) is set apart from Python's cyclic garbage collector once the
kiosk has started: a full collection then looks at what came after only, instead of
pausing for tens of milliseconds over the whole heap (seen on the agent's statistics,
which create thousands of objects at once)."""

from __future__ import annotations

import gc


def freeze() -> None:
    """Collect what the start-up left, then move every live object to the permanent
    generation (``gc.freeze``). Call once, when the kiosk is up."""
    gc.collect()
    gc.freeze()
