"""Logging to a file in the data folder. Log lines carry ids and step names only: never an
answer, a NIR, an e-mail or a secret (the code logs no personal value; the filter below
also masks anything shaped like one, in case)."""

from __future__ import annotations

import logging
import re
import tempfile
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "kiosque.log"
_PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail
    r"|\b[1-478]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b"  # NIR
    r"|\b(?:\+|00)?\d[\d .-]{8,}\d\b"  # phone numbers and other long digit runs
)


def redact(text: str) -> str:
    return _PERSONAL.sub("[masqué]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        return True


def log_folder() -> Path:
    try:
        from kiosque.settings import load

        folder = load().data_path() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except Exception:  # settings broken: still keep the crash somewhere
        return Path(tempfile.gettempdir())


def setup(folder: Path | None = None, level: int = logging.INFO) -> Path:
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True)  # a new terminal has no log folder yet
    path = folder / LOG_NAME
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return path


def log_crash(exc: BaseException) -> Path:
    path = log_folder() / LOG_NAME
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    with path.open("a", encoding="utf-8") as f:
        f.write(redact(text) + "\n")
    return path
