"""The build command end to end: ``bash scripts/build.sh`` builds the PyInstaller bundle
into a temporary folder, runs the bundle's own ``self-test`` with an empty environment
from outside the repository, times it, measures it and compiles the installer script.

About 35 s on an idle 2-core machine (PyInstaller alone ≈ 25 s): more than the whole
suite can spare in its 10-minute budget, so it runs only when asked, with
KIOSQUE_TEST_BUNDLE=1, and needs PyInstaller (the `build` extra: pip install -e '.[build]').
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def has_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("KIOSQUE_TEST_BUNDLE") != "1",
    reason="the full PyInstaller build (~35 s) runs with KIOSQUE_TEST_BUNDLE=1",
)
@pytest.mark.skipif(
    not has_pyinstaller(), reason="PyInstaller not installed: pip install -e '.[build]'"
)
def test_build_command_makes_a_bundle_whose_self_test_passes(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        {
            "KIOSQUE_DIST_DIR": str(tmp_path / "dist"),
            "KIOSQUE_WORK_DIR": str(tmp_path / "build"),
            "KIOSQUE_SKIP_SYSTEM_DEPS": "1",
        }
    )
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Auto-test réussi" in output
    assert "✓ Paquet : " in output  # every module came from the bundle
    bundle = tmp_path / "dist" / "kiosque"
    assert (bundle / "kiosque").is_file() and (bundle / "kiosque-cli").is_file()
    assert (bundle / "_internal" / "ressources" / "procedures" / "aide.yaml").is_file()
    migrations = bundle / "_internal" / "kiosque" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    figures = json.loads((ROOT / "var" / "build-figures.json").read_text(encoding="utf-8"))
    assert figures["bundle"] == str(bundle)
    assert 50 * 2**20 < figures["bundle_bytes"] < 400 * 2**20
    assert figures["version_seconds_best"] < 5
