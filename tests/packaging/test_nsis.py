"""The Windows installer script compiles with NSIS's makensis (Debian package ``nsis``)
against a dummy bundle, warnings treated as errors. Under CI=true a missing makensis is a
failure, not a skip: scripts/system-deps.sh installs it for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "kiosque.nsi"


@pytest.fixture(scope="module")
def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("makensis not found: CI must compile the installer (apt-get install nsis)")
        pytest.skip("makensis not found (Debian package nsis: bash scripts/system-deps.sh test)")
    return found


def dummy_bundle(folder: Path) -> Path:
    """What PyInstaller leaves in dist/kiosque, in miniature."""
    (folder / "_internal" / "ressources").mkdir(parents=True)
    for name in ("kiosque.exe", "kiosque-cli.exe", "_internal/base_library.zip"):
        (folder / name).write_bytes(b"MZ dummy")
    (folder / "_internal" / "ressources" / "lisezmoi.txt").write_text("é", encoding="utf-8")
    return folder


def compile_script(makensis: str, tmp: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [makensis, "-V2", "-WX", *defines, str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp,
    )


@pytest.mark.parametrize("target", [None, "amd64-unicode"])
def test_installer_script_compiles(makensis: str, tmp_path: Path, target: str | None) -> None:
    bundle = dummy_bundle(tmp_path / "kiosque")
    setup = tmp_path / "kiosque-setup.exe"
    defines = ["-DVERSION=1.2.3", f"-DSOURCE_DIR={bundle}", f"-DOUT_FILE={setup}"]
    if target:
        defines.append(f"-DTARGET={target}")
    result = compile_script(makensis, tmp_path, *defines)
    assert result.returncode == 0, result.stdout + result.stderr
    assert setup.read_bytes()[:2] == b"MZ"
    assert b"Nullsoft" in setup.read_bytes()


def test_a_missing_bundle_does_not_compile(makensis: str, tmp_path: Path) -> None:
    result = compile_script(
        makensis,
        tmp_path,
        f"-DSOURCE_DIR={tmp_path / 'absent'}",
        f"-DOUT_FILE={tmp_path / 'x.exe'}",
    )
    assert result.returncode != 0
    assert not (tmp_path / "x.exe").exists()


def test_installer_keeps_its_promises_in_the_script() -> None:
    """What the installer must do, as the script says it (compiled above, run on Windows
    by .github/workflows/windows.yml)."""
    text = SCRIPT.read_text(encoding="utf-8")
    assert 'InstallDir "$PROGRAMFILES64\\${APP}"' in text
    assert "icacls" in text and "(OI)(CI)M" in text  # data for the kiosk account only
    assert "SetOverwrite off" in text  # an existing kiosque.toml is never overwritten
    assert "/SC ONLOGON" in text and "Section /o" in text  # optional start at log-on
    assert "/PURGE" in text and "${If} $PurgeData" in text  # data kept unless asked
    assert '"$INSTDIR\\kiosque-cli.exe" self-test' in text
