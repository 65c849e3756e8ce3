"""``kiosque.spec`` as PyInstaller reads it: executed with recording stand-ins for
Analysis, PYZ, EXE and COLLECT, so the lists it would hand PyInstaller are checked
without a build (the full build is ``bash scripts/build.sh`` and ``test_bundle.py``)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "kiosque.spec"


class Recorder:
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]]

    def __init__(self, kind: str, *args: Any, **kwargs: Any) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []


def _fake_pyinstaller() -> dict[str, types.ModuleType]:
    """Enough of PyInstaller for the spec when it is not installed (the `build` extra)."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [package]  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda name: []  # type: ignore[attr-defined]
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda filename: []  # type: ignore[attr-defined]
    return {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": hooks,
        "PyInstaller.depend": types.ModuleType("PyInstaller.depend"),
        "PyInstaller.depend.bindepend": bindepend,
    }


def has_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The spec's namespace after it ran, with the stand-ins' records under ``made``."""
    made: list[Recorder] = []

    def stand_in(kind: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> Recorder:
            record = Recorder(kind, *args, **kwargs)
            made.append(record)
            return record

        return make

    work = tmp_path_factory.mktemp("spec-work")
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__file__": str(SPEC),
        "SPEC": str(SPEC),
        "SPECPATH": str(ROOT),
        "workpath": str(work),
        "DISTPATH": str(work / "dist"),
        **{kind: stand_in(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT")},
    }
    saved = dict(sys.modules)
    if not has_pyinstaller():
        sys.modules.update(_fake_pyinstaller())
    try:
        code = compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
        exec(code, namespace)
    finally:
        sys.modules.clear()
        sys.modules.update(saved)
    namespace["made"] = made
    yield namespace


def records(spec: dict[str, Any], kind: str) -> list[Recorder]:
    return [r for r in spec["made"] if r.kind == kind]


def test_name_and_version_come_from_the_package(spec: dict[str, Any]) -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (spec["NAME"], spec["VERSION"]) == (project["name"], project["version"])
    from kiosque import __version__

    assert spec["VERSION"] == __version__


def test_one_folder_with_the_kiosk_and_a_console_twin(spec: dict[str, Any]) -> None:
    exes = records(spec, "EXE")
    by_name = {e.kwargs["name"]: e for e in exes}
    assert set(by_name) == {"kiosque", "kiosque-cli"}
    assert by_name["kiosque"].kwargs["console"] is False  # no console window behind the kiosk
    assert by_name["kiosque-cli"].kwargs["console"] is True  # self-test prints
    for exe in exes:
        assert exe.kwargs["exclude_binaries"] is True  # onedir
        assert Path(exe.kwargs["icon"]).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an .ico
        assert Path(exe.kwargs["version"]).is_file()
    (collect,) = records(spec, "COLLECT")
    assert collect.kwargs["name"] == "kiosque"
    assert set(collect.args[:2]) == set(exes)


def test_ressources_and_migrations_are_data(spec: dict[str, Any]) -> None:
    (analysis,) = records(spec, "Analysis")
    datas = analysis.kwargs["datas"]
    for source, _ in datas:
        assert Path(source).exists(), source  # files, and the package's metadata folder
    shipped = {Path(src).resolve(): dest for src, dest in datas}
    for file in (ROOT / "ressources").rglob("*"):
        if file.is_file() and "__pycache__" not in file.parts and not file.name.startswith("."):
            rel = file.relative_to(ROOT)
            assert shipped.get(file.resolve()) == rel.parent.as_posix(), rel
    migrations = ROOT / "kiosque" / "store" / "migrations"
    python_files = [f for f in migrations.rglob("*.py") if "__pycache__" not in f.parts]
    assert (migrations / "env.py") in python_files
    assert any(f.parent.name == "versions" for f in python_files)
    for file in [*python_files, migrations / "script.py.mako"]:
        assert shipped[file.resolve()] == file.relative_to(ROOT).parent.as_posix()
    assert Path(analysis.args[0][0]).is_file()  # packaging/launcher.py
    for hook in analysis.kwargs["runtime_hooks"]:
        assert Path(hook).is_file()


def test_unused_qt_modules_are_excluded(spec: dict[str, Any]) -> None:
    (analysis,) = records(spec, "Analysis")
    excludes = set(analysis.kwargs["excludes"])
    for module in (
        "QtWebEngineCore",
        "QtWebEngineWidgets",
        "Qt3DCore",
        "QtQml",
        "QtQuick",
        "QtCharts",
        "QtMultimedia",
        "QtNetwork",
        "QtSql",
    ):
        assert f"PySide6.{module}" in excludes
    for module in ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport", "QtTextToSpeech"):
        assert f"PySide6.{module}" not in excludes
    assert {"tkinter", "pytest"} <= excludes


@pytest.mark.parametrize(
    ("dest", "dropped"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qtbase_fr.qm", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6\\Qt\\plugins\\texttospeech\\qtexttospeech_sapi.dll", False),
        ("PySide6/Qt/plugins/texttospeech/libqtexttospeech_mock.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ],
)
def test_unwanted_qt_files(spec: dict[str, Any], dest: str, dropped: bool) -> None:
    assert spec["unwanted"]((dest, "/src", "BINARY")) is dropped


def test_prune_keeps_what_a_kept_library_needs(
    spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    links = {
        "/s/libqgtk3.so": [("libgtk-3.so.0", "/s/libgtk-3.so.0"), ("libglib.so", "/s/libglib.so")],
        "/s/libgtk-3.so.0": [("libglib.so", "/s/libglib.so")],
        "/s/libqxcb.so": [("libglib.so", "/s/libglib.so")],
    }
    fake = types.ModuleType("PyInstaller.depend.bindepend")
    fake.get_imports = lambda filename: links.get(filename, [])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "PyInstaller.depend.bindepend", fake)
    binaries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("libgtk-3.so.0", "/s/libgtk-3.so.0", "BINARY"),
        ("libglib.so", "/s/libglib.so", "BINARY"),
    ]
    kept = [dest for dest, _, _ in spec["prune"](binaries)]
    assert kept == ["PySide6/Qt/plugins/platforms/libqxcb.so", "libglib.so"]


def test_windows_version_resource_is_filled_in(spec: dict[str, Any]) -> None:
    """The rendered packaging/version_info.txt is the Python expression PyInstaller
    evaluates (its classes stood in for: they import Windows-only modules)."""
    made: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def structure(name: str) -> Any:
        def build(*args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...]]:
            made.append((name, args, kwargs))
            return name, args

        return build

    names = "VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct VarFileInfo"
    namespace = {name: structure(name) for name in [*names.split(), "VarStruct"]}
    (exe, *_) = records(spec, "EXE")
    text = Path(exe.kwargs["version"]).read_text(encoding="utf-8")
    assert "@" not in text  # every placeholder replaced
    eval(text, namespace)
    numbers = tuple(int(n) for n in spec["VERSION"].split("."))
    numbers = numbers + (0,) * (4 - len(numbers))
    fixed = next(kwargs for name, _, kwargs in made if name == "FixedFileInfo")
    assert fixed["filevers"] == fixed["prodvers"] == numbers
    strings = {args[0]: args[1] for name, args, _ in made if name == "StringStruct"}
    assert strings["ProductVersion"] == ".".join(map(str, numbers))
    assert strings["OriginalFilename"] == "kiosque.exe"


@pytest.mark.skipif(
    not has_pyinstaller(), reason="PyInstaller not installed: pip install -e '.[build]'"
)
def test_every_sub_command_is_bundled(spec: dict[str, Any]) -> None:
    (analysis,) = records(spec, "Analysis")
    hidden = set(analysis.kwargs["hiddenimports"])
    for module in ("kiosque.commands.self_test", "kiosque.commands.replay", "kiosque.ui.self_test"):
        assert module in hidden
    assert "kiosque.store.migrations.env" in hidden


def test_icon_has_the_windows_sizes() -> None:
    from PIL import Image

    with Image.open(ROOT / "packaging" / "kiosque.ico") as icon:
        sizes = icon.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)
