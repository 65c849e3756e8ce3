"""Settings: kiosque.toml in the per-machine config folder, each key overridable by an
environment variable; a wrong value names its key."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import platformdirs
import pytest

from kiosque import settings
from kiosque.cli import main
from kiosque.settings import Settings, SettingsError


def write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_no_file_means_the_embedded_defaults(tmp_path: Path) -> None:
    assert settings.load(tmp_path / "absent.toml", environ={}) == Settings()


def test_the_file_is_in_the_per_machine_config_folder() -> None:
    expected = Path(platformdirs.site_config_dir("Kiosque", "FranceServices")) / "kiosque.toml"
    assert settings.default_config_file() == expected
    assert settings.config_path({}) == expected
    assert settings.config_path({"KIOSQUE_CONFIG": "/x/k.toml"}) == Path("/x/k.toml")


def test_the_file_sets_every_key(tmp_path: Path) -> None:
    file = write(
        tmp_path / "kiosque.toml",
        'site_name = "Mairie de Lyon"\nterminal_id = "borne-3"\nsession_retention_days = 30\n'
        "agent_idle_minutes = 2\n",
    )
    loaded = settings.load(file, environ={})
    assert loaded.site_name == "Mairie de Lyon" and loaded.terminal_id == "borne-3"
    assert loaded.session_retention_days == 30 and loaded.agent_idle_minutes == 2
    assert loaded.practice_account_retention_days == Settings().practice_account_retention_days


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Settings)])
def test_every_key_is_overridden_by_its_environment_variable(tmp_path: Path, field: str) -> None:
    kind = settings.kinds()[field]
    value = "30000" if kind is int else "valeur-de-l-environnement"
    if field == "idle_warning_seconds":
        value = "100"  # still shorter than the wipe (120)
    file = write(tmp_path / "kiosque.toml", "")
    loaded = settings.load(file, environ={f"KIOSQUE_{field.upper()}": value})
    assert getattr(loaded, field) == (int(value) if kind is int else value)
    assert settings.overridden({f"KIOSQUE_{field.upper()}": value}) == {field}


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('session_retention_days = "90"', "session_retention_days"),
        ("session_retention_days = 90.5", "session_retention_days"),
        ("agent_idle_minutes = true", "agent_idle_minutes"),
        ("site_name = 12", "site_name"),
        ("printer = [1, 2]", "printer"),
        ("terminal_id = { a = 1 }", "terminal_id"),
        ("agent_idle_minutes = 0", "agent_idle_minutes"),
        ("idle_warning_seconds = 200", "idle_wipe_seconds"),
    ],
)
def test_a_wrong_value_names_its_key(tmp_path: Path, body: str, key: str) -> None:
    file = write(tmp_path / "kiosque.toml", body + "\n")
    with pytest.raises(SettingsError) as raised:
        settings.load(file, environ={})
    assert key in str(raised.value) and str(file) in str(raised.value)
    assert raised.value.key == key


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    file = write(tmp_path / "kiosque.toml", 'site_name = "X"\nretention_jours = 30\n')
    with pytest.raises(SettingsError, match="retention_jours: unknown setting") as raised:
        settings.load(file, environ={})
    assert raised.value.key == "retention_jours" and raised.value.problem == "unknown"


def test_a_broken_file_is_a_message(tmp_path: Path) -> None:
    file = write(tmp_path / "kiosque.toml", "site_name = \n")
    with pytest.raises(SettingsError, match="not a valid TOML file"):
        settings.load(file, environ={})


def test_a_wrong_environment_variable_names_it(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="KIOSQUE_SESSION_RETENTION_DAYS") as raised:
        settings.load(tmp_path / "a.toml", environ={"KIOSQUE_SESSION_RETENTION_DAYS": "trois"})
    assert raised.value.key == "session_retention_days"


def test_the_kiosk_and_the_commands_say_it_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path / "kiosque.toml", 'session_retention_days = "90"\n')
    monkeypatch.setenv("KIOSQUE_CONFIG", str(file))
    assert main(["purge", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "session_retention_days" in err
    assert "Traceback" not in err


def test_write_keeps_the_other_keys_and_checks_everything(tmp_path: Path) -> None:
    file = write(tmp_path / "kiosque.toml", 'site_name = "Mairie"\nprinter = "HP"\n')
    settings.write({"session_retention_days": 45, "site_name": 'Mairie "Nord" \\ Sud'}, file)
    loaded = settings.load(file, environ={})
    assert loaded.session_retention_days == 45 and loaded.printer == "HP"
    assert loaded.site_name == 'Mairie "Nord" \\ Sud'
    assert tomllib.loads(file.read_text("utf-8"))["session_retention_days"] == 45
    for changes in ({"retention": 3}, {"session_retention_days": "45"}, {"idle_wipe_seconds": 30}):
        with pytest.raises(SettingsError):
            settings.write(changes, file)  # type: ignore[arg-type]
    assert settings.load(file, environ={}) == loaded  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["kiosque.toml"]  # no temporary left


def test_parse_reads_a_typed_value(tmp_path: Path) -> None:
    assert settings.parse("session_retention_days", " 30 ") == 30
    assert settings.parse("site_name", "Mairie") == "Mairie"
    with pytest.raises(SettingsError) as raised:
        settings.parse("session_retention_days", "trente")
    assert raised.value.problem == "integer"
    with pytest.raises(SettingsError) as raised:
        settings.parse("session_retention_days", "0")
    assert raised.value.problem == "minimum" and raised.value.minimum == 1
