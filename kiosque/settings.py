"""Terminal settings: ``kiosque.toml`` in the per-machine config folder, each key
overridable by an environment variable ``KIOSQUE_<KEY>``; no file means the embedded
defaults. A wrong value is a :class:`SettingsError` naming the key, never a crash.

In the file, a value must have its key's TOML type (``session_retention_days = 90``, not
``"90"``); an environment variable is text and is converted. The agent screens change the
file through :func:`write`, which checks the whole result before replacing the file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

APP = "Kiosque"
AUTHOR = "FranceServices"
FILE_NAME = "kiosque.toml"
ENV_PREFIX = "KIOSQUE_"
CONFIG_ENV = "KIOSQUE_CONFIG"  # another settings file (tests, a second kiosk on one machine)


class SettingsError(ValueError):
    """A settings file or variable is wrong; the message names the key.

    ``key`` is the setting (or ``""`` for the file as a whole), ``problem`` one of
    ``unknown``, ``integer``, ``text``, ``minimum``, ``longer``, ``file`` (so that a
    screen can say it in French), ``minimum`` the lowest value allowed where it applies.
    """

    def __init__(
        self, message: str, *, key: str = "", problem: str = "file", minimum: int | None = None
    ) -> None:
        super().__init__(message)
        self.key = key
        self.problem = problem
        self.minimum = minimum


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
    raise SettingsError("data_dir: no writable data folder; set KIOSQUE_DATA_DIR", key="data_dir")


def default_config_file() -> Path:
    return Path(platformdirs.site_config_dir(APP, AUTHOR)) / FILE_NAME


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The settings file in use: ``KIOSQUE_CONFIG`` if set, else the per-machine one."""
    env = os.environ if environ is None else environ
    return Path(env.get(CONFIG_ENV, "") or default_config_file())


MINIMUMS = {
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


def kinds() -> dict[str, type]:
    """Each setting and its type (``int`` or ``str``), in the order of :class:`Settings`."""
    return {f.name: (int if f.type in ("int", int) else str) for f in fields(Settings)}


def env_var(key: str) -> str:
    return ENV_PREFIX + key.upper()


def overridden(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """The settings an environment variable imposes (a file change does not show)."""
    env = os.environ if environ is None else environ
    return frozenset(key for key in kinds() if env_var(key) in env)


def _minimum(key: str, number: int, origin: str) -> int:
    minimum = MINIMUMS.get(key)
    if minimum is not None and number < minimum:
        raise SettingsError(
            f"{origin}: {key}: must be at least {minimum}, not {number}",
            key=key,
            problem="minimum",
            minimum=minimum,
        )
    return number


def _from_file(key: str, kind: type, value: Any, origin: str) -> Any:
    """A value read from TOML: it must already have the key's type."""
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(
                f"{origin}: {key}: a whole number is expected (key = 90), not {value!r}",
                key=key,
                problem="integer",
            )
        return _minimum(key, value, origin)
    if not isinstance(value, str):
        raise SettingsError(
            f'{origin}: {key}: a text in quotes is expected (key = "…"), not {value!r}',
            key=key,
            problem="text",
        )
    return value


def parse(key: str, text: str, origin: str = "") -> int | str:
    """A value typed as text (an environment variable, a field of the agent screen)."""
    kind = kinds().get(key)
    origin = origin or key
    if kind is None:
        raise SettingsError(f"{origin}: {key}: unknown setting", key=key, problem="unknown")
    if kind is str:
        return text
    try:
        number = int(text.strip())
    except ValueError:
        raise SettingsError(
            f"{origin}: {key}: a whole number is expected, not {text!r}",
            key=key,
            problem="integer",
        ) from None
    return _minimum(key, number, origin)


def _check(settings: Settings, origin: str) -> Settings:
    if settings.idle_wipe_seconds <= settings.idle_warning_seconds:
        raise SettingsError(
            f"{origin}: idle_wipe_seconds: must be longer than idle_warning_seconds",
            key="idle_wipe_seconds",
            problem="longer",
        )
    return settings


def read_file(file: Path) -> dict[str, Any]:
    """The file's values, each checked (unknown key, wrong type); ``{}`` if no file."""
    if not file.exists():
        return {}
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{file}: not a valid TOML file: {exc}") from None
    except OSError as exc:
        raise SettingsError(f"{file}: cannot be read: {exc.strerror}") from None
    known = kinds()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise SettingsError(f"{file}: {key}: unknown setting", key=key, problem="unknown")
        values[key] = _from_file(key, known[key], value, str(file))
    return values


def load(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    file = path or config_path(env)
    values = read_file(file)
    for key in kinds():
        var = env_var(key)
        if var in env:
            values[key] = parse(key, env[var], var)
    return _check(Settings(**values), str(file))


def replace(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, **changes)


def _toml_value(value: int | str) -> str:
    if isinstance(value, int):
        return str(value)
    # A JSON string is a TOML basic string, once DEL (allowed in JSON) is escaped too.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def write(changes: Mapping[str, int | str], path: Path | None = None) -> Path:
    """Set ``changes`` in the settings file (other keys kept), after checking the whole
    result as :func:`load` would; the file is replaced atomically. Returns its path."""
    file = path or config_path()
    values = read_file(file)
    known = kinds()
    for key, value in changes.items():
        if key not in known:
            raise SettingsError(f"{file}: {key}: unknown setting", key=key, problem="unknown")
        values[key] = _from_file(key, known[key], value, str(file))
    _check(Settings(**values), str(file))
    lines = ["# Réglages de la borne Kiosque (modifiés depuis l'espace agent).\n"]
    for key in known:
        if key in values:
            lines.append(f"{key} = {_toml_value(values[key])}\n")
    temporary: Path | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".kiosque-", suffix=".toml", dir=file.parent)
        temporary = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, file)
    except OSError as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise SettingsError(f"{file}: cannot be written: {exc.strerror}") from None
    return file
