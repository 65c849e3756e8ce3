"""The core never pulls Qt, SQLAlchemy or reportlab in (ARCHITECTURE.md, layer rules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("PySide6", "shiboken6", "sqlalchemy", "reportlab", "qrcode")


@pytest.mark.parametrize(
    "module",
    ["kiosque.rules", "kiosque.procedures", "kiosque.procedures.engine", "kiosque.texts"],
)
def test_core_module_imports_no_heavy_library(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_each_heavy_library_stays_in_its_layer() -> None:
    allowed = {
        "PySide6": ("kiosque/ui/", "kiosque/app.py"),
        "sqlalchemy": ("kiosque/store/", "kiosque/app.py"),
        "alembic": ("kiosque/store/",),
        "reportlab": ("kiosque/documents/",),
        "qrcode": ("kiosque/documents/",),
    }
    offenders = []
    for path in sorted((ROOT / "kiosque").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for lib in _imports(path) & allowed.keys():
            if not rel.startswith(allowed[lib]):
                offenders.append(f"{rel} imports {lib}")
    assert offenders == []


def test_what_the_first_screen_needs_is_light() -> None:
    """The kiosk paints its home screen before it imports the engine, the store, the
    documents or the catalogue's checker (app.py's two stages; `kiosque bench` times it)."""
    later = (
        "sqlalchemy",
        "alembic",
        "jsonschema",
        "reportlab",
        "qrcode",
        "kiosque.services",
        "kiosque.agents",
        "kiosque.store",
        "kiosque.procedures.loader",
        "kiosque.procedures.engine",
        "kiosque.ui.wizard",
        "kiosque.ui.end",
    )
    code = (
        "import sys\n"
        "import kiosque.cli, kiosque.app, kiosque.ui.main_window, kiosque.procedures.titles\n"
        f"later = {later!r}\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(later))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
