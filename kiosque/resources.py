"""The one way to find a file under ``ressources/``, from source or from a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

_ENV = "KIOSQUE_RESSOURCES"


def root() -> Path:
    """Directory holding ``ressources/`` content (procedures, texts, styles, data)."""
    override = os.environ.get(_ENV)
    if override:
        return Path(override)
    frozen_dir = getattr(sys, "_MEIPASS", None)
    if frozen_dir is not None:
        return Path(frozen_dir) / "ressources"
    return Path(__file__).resolve().parent.parent / "ressources"


def path(*parts: str) -> Path:
    """Path of a resource, e.g. ``path("procedures", "aide.yaml")``."""
    return root().joinpath(*parts)


def load_yaml(text: str) -> Any:
    """YAML's safe subset, through libyaml when PyYAML has it (ten times faster than the
    pure-Python parser: the texts and procedures are read before the first screen)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader: plain data only
