"""Terminal settings: ``kiosque.toml`` in the per-machine config folder, each key
overridable by an environment variable ``KIOSQUE_<KEY>``; no file means the embedded
defaults. A wrong value is a :class:`SettingsError` naming the key, never a crash.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

APP = "Kiosque"
AUTHOR = "FranceServices"
FILE_NAME = "kiosque.toml"


class SettingsError(ValueError):
    """A settings file or variable is wrong; the message names the key."""


@dataclass(frozen=True)
class Settings:
    site_name: str = "France Services"
    terminal_id: str = "borne-1"
    database_url: str = ""  # empty: SQLite in the per-machine data folder
    data_dir: str = ""  # empty: the per-machine data folder
    keys_file: str = ""  # empty: keys.json in data_dir
    printer: str = ""  # empty: the system's default printer
    idle_warning_seconds: int = 90
    idle_wipe_seconds: int = 120
    resume_code_days: int = 30
    resume_code_max_failures: int = 5
    session_retention_days: int = 90
    practice_account_retention_days: int = 90
    ris_delay_minutes: int = 5
    hash_memory_kib: int = 65536
    hash_time_cost: int = 3
    agent_idle_minutes: int = 5

    def data_path(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir)
        return default_data_dir()

    def keys_path(self) -> Path:
        return Path(self.keys_file) if self.keys_file else self.data_path() / "keys.json"

    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return "sqlite:///" + (self.data_path() / "kiosque.db").as_posix()


def default_data_dir() -> Path:
    """The per-machine data folder if it can be written, else the user's."""
    for candidate in (
        Path(platformdirs.site_data_dir(APP, AUTHOR)),
        Path(platformdirs.user_data_dir(APP, AUTHOR)),
    ):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise SettingsError("data_dir: no writable data folder; set KIOSQUE_DATA_DIR")


def default_config_file() -> Path:
    return Path(platformdirs.site_config_dir(APP, AUTHOR)) / FILE_NAME


_MINIMUMS = {
    "idle_warning_seconds": 10,
    "idle_wipe_seconds": 20,
    "resume_code_days": 1,
    "resume_code_max_failures": 1,
    "session_retention_days": 1,
    "practice_account_retention_days": 1,
    "ris_delay_minutes": 0,
    "hash_memory_kib": 19456,  # OWASP's minimum for argon2id
    "hash_time_cost": 2,
    "agent_idle_minutes": 1,
}


def _coerce(key: str, kind: type, value: Any, origin: str) -> Any:
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise SettingsError(f"{origin}: {key}: a whole number is expected, not {value!r}")
        try:
            number = int(value)
        except ValueError:
            raise SettingsError(
                f"{origin}: {key}: a whole number is expected, not {value!r}"
            ) from None
        minimum = _MINIMUMS.get(key)
        if minimum is not None and number < minimum:
            raise SettingsError(f"{origin}: {key}: must be at least {minimum}, not {number}")
        return number
    if not isinstance(value, str):
        raise SettingsError(f"{origin}: {key}: a text value is expected, not {value!r}")
    return value


def load(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    file = path or Path(env.get("KIOSQUE_CONFIG", "") or default_config_file())
    kinds = {f.name: (int if f.type in ("int", int) else str) for f in fields(Settings)}
    values: dict[str, Any] = {}
    if file.exists():
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{file}: not a valid TOML file: {exc}") from None
        for key, value in raw.items():
            if key not in kinds:
                raise SettingsError(f"{file}: {key}: unknown setting")
            values[key] = _coerce(key, kinds[key], value, str(file))
    for key, kind in kinds.items():
        var = f"KIOSQUE_{key.upper()}"
        if var in env:
            values[key] = _coerce(key, kind, env[var], var)
    settings = Settings(**values)
    if settings.idle_wipe_seconds <= settings.idle_warning_seconds:
        raise SettingsError("idle_wipe_seconds: must be longer than idle_warning_seconds")
    return settings


def replace(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, **changes)
