"""Kiosque: guided online procedures for France Services counters."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kiosque")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

NAME = "kiosque"
