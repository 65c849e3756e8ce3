"""What a blind citizen's screen reader gets from the real kiosk, read over AT-SPI.

The real ``kiosque`` command runs under Xvfb with Qt's accessibility bridge on, in a
private D-Bus session; ``atspi_probe.py`` (run by the system python, which has pyatspi)
reads the tree as Orca does, presses buttons through their AT-SPI actions, and listens
for announcements. The scenario runs once; each test checks one promise of what it saw.
The fast, offscreen checks of every page's accessible names are in test_accessibility.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosque.procedures.loader import load_catalogue
from kiosque.procedures.model import Procedure
from kiosque.store.db import sqlite_url
from kiosque.texts import t
from kiosque.ui.home import HELP, TILES

PROBE = Path(__file__).with_name("atspi_probe.py")
SYSTEM_PYTHON = "/usr/bin/python3"
PACKAGES = "xvfb xauth dbus at-spi2-core python3-pyatspi gir1.2-atspi-2.0"
PROCEDURE = "retraite-connexion"  # its first step has fields: a number and a password
# Controls a screen reader announces by name: none may be nameless.
NAMED_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "text",
    "password text",
    "entry",
    "combo box",
    "spin button",
}
FIELD_ROLES = {"text", "password text", "entry"}

Node = dict[str, Any]


def missing_parts() -> list[str]:
    missing = [tool for tool in ("xvfb-run", "dbus-run-session") if shutil.which(tool) is None]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        missing.append("at-spi2-core")
    if not Path(SYSTEM_PYTHON).exists():
        missing.append(SYSTEM_PYTHON)
    else:
        check = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=60
        )
        if check.returncode != 0:
            missing.append("pyatspi for " + SYSTEM_PYTHON)
    return missing


def showing(nodes: list[Node]) -> list[Node]:
    return [n for n in nodes if "showing" in n["states"]]


def by_role(nodes: list[Node], *roles: str) -> list[Node]:
    return [n for n in showing(nodes) if n["role"] in roles]


def named(nodes: list[Node], role: str, name: str) -> Node:
    found = [n for n in by_role(nodes, role) if n["name"] == name]
    assert found, f"no {role} named {name!r} on screen; {role}s: {names(nodes, role)}"
    return found[0]


def names(nodes: list[Node], *roles: str) -> list[str]:
    return [n["name"] for n in by_role(nodes, *roles)]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def procedure() -> Procedure:
    return load_catalogue().procedure(PROCEDURE)


@pytest.fixture(scope="module")
def seen(procedure: Procedure) -> Iterator[dict[str, Any]]:
    """Run the kiosk and the probe once; what the probe saw, as JSON."""
    missing = missing_parts()
    if missing:
        message = f"no screen reader bus: missing {', '.join(missing)} (install {PACKAGES})"
        if os.geteuid() == 0:  # CI: scripts/test.sh installs them, so this must run
            pytest.fail(message)
        pytest.skip(message)
    # the kiosk's store under the folder the suite scans for personal data in clear
    # (tests/conftest.py points KIOSQUE_DATA_DIR into it)
    folder = Path(os.environ["KIOSQUE_DATA_DIR"]).parent / f"screen-reader-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    out, log = folder / "seen.json", folder / "kiosk.log"
    step = procedure.steps[0]
    main = step.main_action
    assert main is not None
    first_required = next(f for f in step.fields if f.required)
    error = t("demarches.champ_obligatoire", champ=first_required.label)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",  # a real X server: offscreen has no accessibility bridge
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "QT_ACCESSIBILITY": "1",
        "KIOSQUE_DATA_DIR": str(folder),
    }
    env.pop("SPEECHD_ADDRESS", None)
    command = [
        *("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"),
        *("dbus-run-session", "--"),
        *(SYSTEM_PYTHON, str(PROBE), "--out", str(out), "--log", str(log)),
        *("--window", t("interface.titre_fenetre"), "--tile", procedure.title),
        *("--size", t("interface.reglages.taille_nom", niveau=2)),
        *("--contrast", t("interface.reglages.contraste")),
        *("--step-title", step.title, "--main", main.label, "--error", error),
        *("--timeout", "45"),
        *("--", sys.executable, "-m", "kiosque", "--windowed"),
        *("--db", sqlite_url(folder / "kiosque.db")),
    ]
    probe = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Xvfb, dbus-daemon, the AT-SPI bus: one group to kill
    )
    try:
        output, _ = probe.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(probe.pid, signal.SIGKILL)
        output, _ = probe.communicate(timeout=10)
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever is left of the session
            os.killpg(probe.pid, signal.SIGKILL)
    report = output.decode(errors="replace")[-2000:]
    assert out.exists(), f"the probe wrote nothing (exit {probe.returncode}):\n{report}"
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    kiosk_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    assert result["stage"] == "done", (
        f"stopped at {result['stage']}: {result.get('error')}\n{report}\nkiosk:\n{kiosk_log}"
    )
    yield result


def test_the_window_and_every_home_tile_are_read_by_name(
    seen: dict[str, Any], procedure: Procedure
) -> None:
    assert seen["window_role"] == "frame"
    home = seen["home"]
    assert home[0]["name"] == t("interface.titre_fenetre")
    catalogue = load_catalogue()
    for procedure_id in (*TILES, HELP):
        if procedure_id == HELP:
            title, detail = t("interface.accueil.probleme"), t("interface.accueil.probleme_detail")
        else:
            tile = catalogue.procedure(procedure_id)
            title, detail = tile.title, tile.summary
        button = named(home, "push button", title)
        assert flat(button["description"]) == flat(detail)
        assert "Press" in button["actions"] and "enabled" in button["states"]
    resume = named(home, "push button", t("interface.accueil.reprendre"))
    assert resume["description"] == t("interface.accueil.reprendre_detail")
    assert t("interface.accueil.titre") in names(home, "label")


def test_no_control_on_screen_is_nameless(seen: dict[str, Any]) -> None:
    for stage in ("home", "step", "errors"):
        nameless = [n for n in by_role(seen[stage], *NAMED_ROLES) if not n["name"].strip()]
        assert not nameless, (stage, nameless)


def test_text_size_and_contrast_buttons_say_their_state(seen: dict[str, Any]) -> None:
    sizes = [t("interface.reglages.taille_nom", niveau=n) for n in (1, 2, 3)]
    contrast = t("interface.reglages.contraste")
    home = seen["home"]
    assert [n["name"] for n in by_role(home, "check box")][:4] == [*sizes, contrast]
    assert ["checked" in named(home, "check box", s)["states"] for s in sizes] == [
        True,
        False,
        False,
    ]
    assert "checked" not in named(home, "check box", contrast)["states"]
    # pressed through AT-SPI: level 2 and the contrast are now the ones said « coché »
    look = seen["look"]
    assert ["checked" in named(look, "check box", s)["states"] for s in sizes] == [
        False,
        True,
        False,
    ]
    assert "checked" in named(look, "check box", contrast)["states"]
    for name in (*sizes, contrast):
        assert {"Press", "Toggle"} & set(named(look, "check box", name)["actions"])


def test_a_procedure_opened_by_the_screen_reader_reads_its_first_step(
    seen: dict[str, Any], procedure: Procedure
) -> None:
    step = procedure.steps[0]
    page = seen["step"]
    labels = names(page, "label", "heading")
    assert step.title in labels and procedure.title in labels
    for paragraph in step.intro:
        assert flat(paragraph) in map(flat, labels)
    assert step.fields, "this procedure's first step was chosen for its fields"
    for field in step.fields:
        control = [n for n in by_role(page, *FIELD_ROLES) if n["name"] == field.label]
        assert control, (field.label, names(page, *FIELD_ROLES))
        assert "editable" in control[0]["states"] and "focusable" in control[0]["states"]
        if field.help:
            assert flat(field.help) in flat(control[0]["description"]), control[0]
        required = t("interface.assistant.champ_obligatoire")
        assert (required in control[0]["description"]) == field.required, control[0]
    roles = {n["name"]: n["role"] for n in by_role(page, *FIELD_ROLES)}
    secret = [f.label for f in step.fields if f.secret]
    assert secret and all(roles[label] == "password text" for label in secret)
    main = step.main_action
    assert main is not None
    assert "Press" in named(page, "push button", main.label)["actions"]
    named(page, "push button", t("interface.lecture.ecouter_nom"))
    # the home tiles are gone from what is read
    assert procedure.summary not in [n["description"] for n in showing(page)]
    announced = [e["text"] for e in seen["events"] if e["type"] == "object:announcement"]
    assert t("interface.lecture.annonce_etape", titre=step.title) in announced, seen["events"]


def test_errors_of_a_refused_step_are_announced_and_tied_to_their_field(
    seen: dict[str, Any], procedure: Procedure
) -> None:
    step = procedure.steps[0]
    page = seen["errors"]
    required = [f for f in step.fields if f.required]
    assert required
    messages = [t("demarches.champ_obligatoire", champ=f.label) for f in required]
    labels = names(page, "label")
    for field, message in zip(required, messages, strict=True):
        assert message in labels  # shown beside the field
        control = next(n for n in by_role(page, *FIELD_ROLES) if n["name"] == field.label)
        assert message in flat(control["description"]), control  # and read with it
    announced = [e["text"] for e in seen["events"] if e["type"] == "object:announcement"]
    expected = t("interface.lecture.annonce_erreurs", n=len(messages), premier=messages[0])
    assert expected in announced, seen["events"]
