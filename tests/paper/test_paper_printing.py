"""Printing to a real printer queue: a private CUPS scheduler (its own folder and socket,
the system's CUPS untouched) with a cups-pdf queue — a real printer driver, which writes
what it prints to a PDF — and a file queue that keeps the PDF as printed.

Skipped, with the reason, where CUPS is not installed or the tests are not root (cupsd
runs its filters as ``lp``); under ``CI=true`` that is a failure instead:
``scripts/system-deps.sh test`` installs ``cups printer-driver-cups-pdf``."""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from kiosque.ui.printing import PrintError, available_methods, print_pdf
from tests.paper.conftest import Kiosk, MakeTerminal
from tests.paper.helpers import decode_qr, lea_space_ready, pdf_text, register_lea, render_pages

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
FILE_PPD = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the printing tests: {reason}")
    pytest.skip(reason)


@dataclass
class Cups:
    folder: Path
    socket: Path
    env: dict[str, str]

    def run(self, *args: str) -> str:
        """A CUPS command; again for a while if the scheduler does not answer yet (just
        started on a busy machine, it may refuse a connection or two)."""
        deadline = time.monotonic() + 20
        while True:
            done = subprocess.run(
                args, env=self.env, capture_output=True, text=True, timeout=30, check=False
            )
            busy = "Unable to connect to server" in done.stderr
            if done.returncode == 0 or not busy or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        if done.returncode != 0:
            log = self.folder / "error_log"
            server = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"{' '.join(args[:2])}: {done.stderr.strip()}\ncupsd: {server}")
        return done.stdout

    def file_queue(self) -> tuple[str, Path]:
        """A new queue that writes each job, as printed, to its own file."""
        name = f"KQFILE{uuid.uuid4().hex[:8]}"
        out = self.folder / "out" / f"{name}.pdf"
        self.run("lpadmin", "-p", name, "-E", "-v", f"file://{out}", "-P", str(FILE_PPD))
        return name, out


@pytest.fixture(scope="module")
def cups() -> Iterator[Cups]:
    cupsd = shutil.which("cupsd") or (
        "/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else None
    )
    if cupsd is None or shutil.which("lpadmin") is None or shutil.which("lp") is None:
        unavailable("CUPS is not installed (apt-get install cups printer-driver-cups-pdf)")
    if not CUPS_PDF_PPD.exists() or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        unavailable("cups-pdf is not installed (apt-get install printer-driver-cups-pdf)")
    if os.geteuid() != 0:
        unavailable("a private cupsd needs root (it runs its filters as the user lp)")
    folder = Path(tempfile.mkdtemp(prefix="kiosque-cups-"))
    folder.chmod(0o755)
    for sub in ("etc", "spool", "tmp", "cache", "state", "out"):
        (folder / sub).mkdir()
    for sub in ("tmp", "out"):
        (folder / sub).chmod(0o777)
    socket = folder / "cups.sock"
    (folder / "etc" / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n    Allow all\n"
        "  </Limit>\n</Policy>\n",
        encoding="utf-8",
    )
    (folder / "etc" / "cups-files.conf").write_text(
        "".join(
            f"{key} {value}\n"
            for key, value in (
                ("ServerRoot", folder / "etc"),
                ("RequestRoot", folder / "spool"),
                ("TempDir", folder / "tmp"),
                ("CacheDir", folder / "cache"),
                ("StateDir", folder / "state"),
                ("ErrorLog", folder / "error_log"),
                ("AccessLog", folder / "access_log"),
                ("PageLog", folder / "page_log"),
                ("FileDevice", "Yes"),
                ("User", "lp"),
                ("Group", "lp"),
                ("SystemGroup", "root"),
            )
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [
            cupsd,
            "-f",
            "-c",
            str(folder / "etc" / "cupsd.conf"),
            "-s",
            str(folder / "etc" / "cups-files.conf"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "CUPS_SERVER": str(socket)}
    server = Cups(folder, socket, env)
    previous = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = str(socket)  # Qt's printing (libcups) in this process
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["lpstat", "-r"], env=env, capture_output=True).returncode:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"cupsd did not start: {(folder / 'error_log').read_text()}")
            time.sleep(0.1)
        server.run("lpadmin", "-p", "KQPDF", "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD))
        server.run("lpadmin", "-d", "KQPDF")
        yield server
    finally:
        if previous is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = previous
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def wait_for(find: Callable[[], Path | None], seconds: float = 60) -> Path:
    """The printer's output, once written whole."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find()
        if found is not None and found.stat().st_size > 0:
            size = found.stat().st_size
            time.sleep(0.3)
            if found.stat().st_size == size:
                return found
        time.sleep(0.2)
    pytest.fail("the printer wrote nothing")


def cups_pdf_output(title: str) -> Callable[[], Path | None]:
    """cups-pdf writes to ~/PDF of the user who printed, named after the job's title."""
    home = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"

    def find() -> Path | None:
        found = sorted(home.glob(f"{title}*.pdf")) if home.is_dir() else []
        return found[0] if found else None

    return find


def in_a_thread(fn: Callable[[], str]) -> str:
    """As the kiosk does it: off the UI thread."""
    result: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # reported to the test
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    if errors:
        raise errors[0]
    return result[0]


def test_the_receipt_prints_on_a_real_printer_driver(
    cups: Cups, sqlite_terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    ticket = session.ticket
    assert ticket is not None
    title = f"recu-{uuid.uuid4().hex[:8]}"
    job = print_pdf(pdf, "KQPDF", title=title, method="lp")
    assert "KQPDF" in job
    printed = wait_for(cups_pdf_output(title))
    try:
        # cups-pdf re-renders through PostScript: read it as a person does, by looking
        pages = render_pages(printed, data_dir / "printed")
        assert len(pages) == 2
        assert decode_qr(pages) == [ticket.qr_text]
    finally:
        printed.unlink()


def test_the_default_printer_is_used_when_none_is_set(
    cups: Cups, sqlite_terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    title = f"recu-{uuid.uuid4().hex[:8]}"
    assert "KQPDF" in print_pdf(pdf, "", title=title, method="lp")  # KQPDF is the default
    wait_for(cups_pdf_output(title)).unlink()


def test_the_printed_receipt_is_the_receipt(
    cups: Cups, sqlite_terminals: MakeTerminal, data_dir: Path
) -> None:
    """Through a queue that keeps the printed PDF: every word arrives."""
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    queue, out = cups.file_queue()
    print_pdf(pdf, queue, method="lp")
    printed = wait_for(lambda: out if _complete(out) else None)
    assert pdf_text(printed) == pdf_text(pdf)


@pytest.mark.parametrize("method", ["raster", "pdfium"])
def test_qt_prints_without_a_dialog(
    method: str, cups: Cups, sqlite_terminals: MakeTerminal, data_dir: Path, qapp: object
) -> None:
    """Pages drawn on a QPrinter, as on a terminal without ``lp`` (Windows: pdfium)."""
    if method == "pdfium" and importlib.util.find_spec("pypdfium2") is None:
        pytest.skip("pypdfium2 is not installed (the Windows terminals' way to print)")
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    ticket = session.ticket
    assert ticket is not None
    queue, out = cups.file_queue()
    said = in_a_thread(lambda: print_pdf(pdf, queue, method=method))
    assert said == f"{queue}: 2 page(s)"
    printed = wait_for(lambda: out if _complete(out) else None)
    assert decode_qr(render_pages(printed, data_dir / "printed")) == [ticket.qr_text]
    assert not list(pdf.parent.glob(".pages-*"))  # page images gone with their folder


def test_an_unknown_printer_is_a_french_message(
    cups: Cups, sqlite_terminals: MakeTerminal, data_dir: Path, qapp: object
) -> None:
    terminal = sqlite_terminals("B-01")
    pdf = terminal.service.issue_receipt(register_lea(terminal), data_dir / "session")
    for method in ("lp", "raster"):
        with pytest.raises(PrintError) as caught:
            in_a_thread(lambda m=method: print_pdf(pdf, "NEXISTEPAS", method=m))  # type: ignore[misc]
        assert caught.value.key == "papier.impression.aucune_imprimante"


def _complete(pdf: Path) -> bool:
    """CUPS writes the file progressively: done once it has its trailer and its pages."""
    if not pdf.exists() or pdf.stat().st_size == 0:
        return False
    data = pdf.read_bytes()
    if b"%%EOF" not in data[-2048:]:
        return False
    try:
        import io

        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data)).pages) > 0
    except Exception:  # still being written
        return False


def test_the_kiosk_prints_on_the_terminals_printer(cups: Cups, kiosk: Kiosk) -> None:
    queue, out = cups.file_queue()
    context = kiosk.window.context
    assert context is not None
    context.settings = replace(context.settings, printer=queue)
    session = lea_space_ready(kiosk.terminal)
    kiosk.window.show_session(session)
    kiosk.click(kiosk.window.wizard.main_button)
    screen = kiosk.window.end
    assert screen.pdf is not None
    kiosk.click(screen.print_button)  # « Imprimer mon reçu »: no dialog, straight out
    assert screen.status.text().startswith("Votre reçu est envoyé à l'imprimante")
    printed = wait_for(lambda: out if _complete(out) else None)
    from pypdf import PdfReader

    # every page reached the configured queue; where CUPS' lp is there (the first way),
    # the PDF itself went, its text layer with it
    assert len(PdfReader(printed).pages) == len(PdfReader(screen.pdf).pages)
    text = pdf_text(printed)
    if available_methods()[0] == "lp":
        assert text == pdf_text(screen.pdf)
    else:
        assert text == "" or text == pdf_text(screen.pdf)
