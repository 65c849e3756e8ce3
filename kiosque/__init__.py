"""Kiosque: guided online procedures for France Services counters."""

from __future__ import annotations

NAME = "kiosque"


def __getattr__(name: str) -> str:
    """``__version__`` read from the installed package when asked (importlib.metadata
    costs tens of milliseconds at start)."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiosque")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0"
