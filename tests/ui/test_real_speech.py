"""« Écouter » through a real speech server: speech-dispatcher with espeak-ng's French
voice, its sound card a WAV file, so that what a citizen would hear is measured.

The fast tests around it (tests/ui/test_accessibility.py) record what is said; this one
checks that the kiosk's own QtVoice finds the terminal's French voice, that the engine
goes back to Ready (with no sound card, Qt would stay in Speaking forever) and that real
speech comes out."""

from __future__ import annotations

import array
import ctypes.util
import math
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosque.procedures.actions import CHALLENGE
from kiosque.texts import t
from kiosque.ui.speech import QtVoice
from tests.ui.conftest import Kiosk

PACKAGES = "speech-dispatcher speech-dispatcher-espeak-ng espeak-ng libspeechd2 libpulse0"
MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")


def missing_parts() -> list[str]:
    missing = []
    if shutil.which("speech-dispatcher") is None:
        missing.append("speech-dispatcher")
    if not MODULE.exists():
        missing.append(str(MODULE))
    if not Path("/etc/speech-dispatcher/speechd.conf").exists():
        missing.append("/etc/speech-dispatcher/speechd.conf")
    for library in ("speechd", "pulse"):  # what Qt's speechd plugin loads
        if ctypes.util.find_library(library) is None:
            missing.append(f"lib{library}")
    return missing


@dataclass
class SpeechServer:
    wav: Path

    def size(self) -> int:
        return self.wav.stat().st_size if self.wav.exists() else 0


@pytest.fixture
def speech_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SpeechServer]:
    """A private speech-dispatcher whose sound card is ``out.wav`` (ALSA's file plugin).
    Request it before ``kiosk``: the window, and its connection to the server, go first."""
    missing = missing_parts()
    if missing:
        message = (
            f"no real speech server: missing {', '.join(missing)} (apt-get install {PACKAGES})"
        )
        if os.geteuid() == 0:  # CI: scripts/test.sh installs them, so this must run
            pytest.fail(message)
        pytest.skip(message)
    conf = tmp_path / "conf"
    shutil.copytree("/etc/speech-dispatcher", conf)
    wav = tmp_path / "out.wav"
    with (conf / "speechd.conf").open("a", encoding="utf-8") as f:
        f.write(
            f'\nAudioOutputMethod "alsa"\n'
            f'AudioALSADevice "file:FILE={wav},FORMAT=wav"\n'
            # only espeak-ng (flite, if present, crashes) and the server's default
            # language left as it is: choosing French is the kiosk's job
            'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
            "DefaultModule espeak-ng\n"
            f'LogDir "{tmp_path}"\n'
        )
    sock = tmp_path / "sock"
    with (tmp_path / "stderr.txt").open("wb") as stderr:
        server = subprocess.Popen(
            [
                *("speech-dispatcher", "-s", "-t", "0", "-C", str(conf)),
                *("-c", "unix_socket", "-S", str(sock)),
            ],
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            start_new_session=True,  # its output modules in its process group, killed with it
        )
    try:
        deadline = time.monotonic() + 15
        while not sock.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                said = (tmp_path / "stderr.txt").read_text(errors="replace")[-500:]
                pytest.fail(f"speech-dispatcher did not start (exit {server.poll()}): {said}")
            time.sleep(0.05)  # a subprocess, not Qt: nothing to wait on but its socket
        monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{sock}")
        yield SpeechServer(wav)
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=5)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)


@dataclass(frozen=True)
class Sound:
    seconds: float
    rms: float  # 0 (silence) … 1 (full scale)
    peak: float


def measure(wav: Path, start: int) -> Sound:
    """The sound written to ``wav`` after byte ``start`` (the file plugin keeps the file
    open and appends, so the header's lengths are not filled in: read the fmt chunk and
    take the bytes as they are)."""
    data = wav.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", data[:12]
    offset = 12
    channels = rate = bits = 0
    while offset + 8 <= len(data):
        chunk = data[offset : offset + 4]
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        if chunk == b"fmt ":
            fmt, channels, rate = struct.unpack("<HHI", data[offset + 8 : offset + 16])
            bits = struct.unpack("<H", data[offset + 22 : offset + 24])[0]
            assert (fmt, bits) == (1, 16), (fmt, bits)  # PCM, 16 bits
            offset += 8 + length
        elif chunk == b"data":
            offset += 8
            break
        else:
            offset += 8 + length
    assert rate and channels, "no fmt chunk"
    begin = max(start, offset)
    begin += (begin - offset) % 2
    pcm = data[begin : len(data) - (len(data) - begin) % 2]
    samples = array.array("h", pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        return Sound(0.0, 0.0, 0.0)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768
    peak = max(abs(s) for s in samples) / 32768
    return Sound(len(samples) / channels / rate, rms, peak)


def spoken_aloud(kiosk: Kiosk, server: SpeechServer, press: QWidget) -> tuple[str, Sound]:
    """Press a button that reads aloud; wait until the engine has spoken and is Ready."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    voice = kiosk.window.speaker.voice
    assert isinstance(voice, QtVoice)
    engine = voice.engine
    assert engine is not None, "QtVoice found no French voice on a terminal that has one"
    states: list[object] = []
    errors: list[str] = []
    heard: list[str] = []
    engine.stateChanged.connect(states.append)
    engine.errorOccurred.connect(lambda _reason, message: errors.append(message))
    kiosk.window.speaker.spoken.connect(heard.append)
    before = server.size()
    try:
        QTest.mouseClick(press, Qt.MouseButton.LeftButton)
        kiosk.qtbot.waitUntil(
            lambda: (
                QTextToSpeech.State.Speaking in states and states[-1] == QTextToSpeech.State.Ready
            ),
            timeout=20000,
        )
    finally:
        engine.stateChanged.disconnect(states.append)
        kiosk.window.speaker.spoken.disconnect(heard.append)
    assert not errors and engine.state() == QTextToSpeech.State.Ready, (errors, states)
    assert QTextToSpeech.State.Error not in states
    assert len(heard) == 1
    return heard[0], measure(server.wav, before)


def test_listen_reads_the_step_aloud_with_a_real_french_voice(
    speech_server: SpeechServer, kiosk: Kiosk
) -> None:
    kiosk.start("retraite-creer-espace")
    view = kiosk.window.wizard.current
    assert view is not None
    said, sound = spoken_aloud(kiosk, speech_server, kiosk.window.wizard.listen_button)

    voice = kiosk.window.speaker.voice
    assert isinstance(voice, QtVoice)
    assert voice.engine.engine() == "speechd"
    assert voice.engine.locale().language() == QLocale.Language.French
    assert voice.engine.voice().locale().language() == QLocale.Language.French
    assert not kiosk.window.wizard.no_voice.isVisible()
    assert said.startswith(f"Étape : {view.step.title}.")
    # the step's title and explanation at espeak's pace: several seconds of real sound
    assert sound.seconds > 2.0, sound
    assert sound.rms > 0.02 and sound.peak > 0.2, sound


def test_audio_security_code_is_spelled_by_a_real_french_voice(
    speech_server: SpeechServer, kiosk: Kiosk
) -> None:
    kiosk.to_identity()
    challenge = kiosk.window.session.journey.state[CHALLENGE]  # type: ignore[union-attr]
    page = kiosk.window.wizard.page
    listen = getattr(page, "listen", None)
    assert isinstance(listen, QWidget), "no « Écouter le code » button on this step"
    said, sound = spoken_aloud(kiosk, speech_server, listen)
    assert said == t("interface.securite.audio_texte", code=challenge.spoken)
    # one spoken part per character, with a pause between them
    assert sound.seconds > 0.3 * len(challenge.text), (sound, said)
    assert sound.rms > 0.02 and sound.peak > 0.2, sound
