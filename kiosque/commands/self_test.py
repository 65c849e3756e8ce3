"""``kiosque self-test [--db URL] [--out DIR]``: the check a technician or the installer
runs on a terminal. One line per check, in French; exit status 0 when all pass, 1 when one
fails (the line names it). A missing printer is only a warning.

It loads the catalogue, opens and migrates a *temporary* store (the terminal's own only
with ``--db``), plays a short journey through the services (the help search, then a CAF
login with a practice persona), checks the fonts, draws one page of the kiosk without
showing it (offscreen when there is no display), and writes one receipt PDF.

The lines are written here rather than in ``ressources/textes``: they must still be
printed when ``ressources/`` itself is what is broken.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosque import __version__
from kiosque.commands import add_db

if TYPE_CHECKING:
    from kiosque.context import Context
    from kiosque.procedures.model import Catalogue
    from kiosque.settings import Settings

NAME = "self-test"
HELP = "check this terminal: catalogue, store, a journey, fonts, a page, a receipt, printer"

RESOURCE_FOLDERS = ("procedures", "textes", "polices", "styles", "aide", "donnees")
# the checks that need the store, in order
STORE_CHECKS = ("Base de données", "Parcours « aide »", "Parcours « caf-connexion »", "Affichage")


def configure(parser: argparse.ArgumentParser) -> None:
    add_db(parser)
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="keep the page drawn (PNG) and the receipt (PDF) in DIR",
    )


class CheckFailed(Exception):
    """A check failed; the message (French) says why."""


class CheckWarning(Exception):
    """A check passed with a reservation (e.g. no printer yet)."""


@dataclass
class Report:
    stream: TextIO
    failed: list[str] = field(default_factory=list)
    count: int = 0
    marks: tuple[str, str, str, str] = ("✓", "✗", "!", "–")

    def __post_init__(self) -> None:
        reconfigure = getattr(self.stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
        encoding = getattr(self.stream, "encoding", None) or "utf-8"  # StringIO: text
        try:
            "".join(self.marks).encode(encoding)
        except (UnicodeEncodeError, LookupError):  # e.g. a Windows console in cp850
            self.marks = ("OK", "KO", "!!", "--")

    def line(self, mark: str, name: str, detail: str) -> None:
        self.stream.write(f"{mark} {name} : {detail}\n")
        self.stream.flush()

    def run(self, name: str, check: Callable[[], str]) -> bool:
        self.count += 1
        try:
            detail = check()
        except CheckWarning as exc:
            self.line(self.marks[2], name, str(exc))
            return True
        except Exception as exc:  # every failure is one line naming the check
            self.failed.append(name)
            self.line(self.marks[1], name, _one_line(exc))
            return False
        self.line(self.marks[0], name, detail)
        return True

    def skip(self, name: str, because: str) -> None:
        self.count += 1
        self.line(self.marks[3], name, f"sautée ({because} en échec)")


def _one_line(exc: BaseException) -> str:
    """The first line of the reason; an unexpected error also says its kind."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if not isinstance(exc, (CheckFailed, CheckWarning)):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text[:300]


def redact(url: str) -> str:
    """A database URL without its password."""
    return re.sub(r"(://[^:/@]+):[^/]*@", r"\1:***@", url)


def prepare_display() -> None:
    """Qt is told to draw offscreen when there is no screen (before it is imported)."""
    from kiosque.app import has_display

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    prepare_display()
    report = Report(sys.stdout)
    with tempfile.TemporaryDirectory(
        prefix="kiosque-self-test-", ignore_cleanup_errors=True
    ) as scratch:
        out = Path(args.out) if args.out else Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        _checks(report, args.db, Path(scratch), out)
    took = f"{time.monotonic() - started:.1f}".replace(".", ",")
    if report.failed:
        print(f"Auto-test en échec : {', '.join(report.failed)} ({took} s).")
        return 1
    print(f"Auto-test réussi : {report.count} vérifications en {took} s.")
    return 0


def _checks(report: Report, db: str | None, scratch: Path, out: Path) -> None:
    from kiosque import settings as settings_module

    frozen = "paquet autonome" if getattr(sys, "frozen", False) else "depuis les sources"
    report.run(
        "Programme",
        lambda: f"kiosque {__version__}, Python {platform.python_version()}, {frozen}",
    )

    loaded: list[Settings] = []

    def read_settings() -> str:
        try:
            loaded.append(settings_module.load())
        except settings_module.SettingsError as exc:
            loaded.append(settings_module.Settings())
            raise CheckFailed(str(exc)) from None
        file = Path(os.environ.get("KIOSQUE_CONFIG") or settings_module.default_config_file())
        return str(file) if file.exists() else f"valeurs par défaut ({file} absent)"

    report.run("Réglages", read_settings)
    settings = _store_settings(loaded[0], db, scratch)

    report.run("Ressources", _check_resources)
    catalogues: list[Catalogue] = []
    catalogue_ok = report.run("Catalogue", lambda: _check_catalogue(catalogues))
    report.run("Polices", _check_fonts)
    if catalogue_ok:
        _store_checks(report, settings, catalogues[0], db, scratch, out)
    else:
        for name in STORE_CHECKS:
            report.skip(name, "Catalogue")
    report.run("Reçu PDF", lambda: _check_receipt(out / "recu-auto-test.pdf"))
    report.run("Imprimante", lambda: _check_printer(settings.printer))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        report.run("Paquet", lambda: _check_isolated(Path(bundle)))


def _store_settings(base: Settings, db: str | None, scratch: Path) -> Settings:
    from kiosque.settings import replace

    if db:
        return replace(base, database_url=db)
    # never the terminal's own data: a throwaway SQLite file, keys and documents
    return replace(base, database_url="", data_dir=str(scratch / "donnees"), keys_file="")


def _check_resources() -> str:
    from kiosque import resources

    root = resources.root()
    if not root.is_dir():
        raise CheckFailed(f"dossier {root} introuvable")
    missing = [name for name in RESOURCE_FOLDERS if not (root / name).is_dir()]
    if missing:
        raise CheckFailed(f"{root} : il manque {', '.join(missing)}")
    from kiosque.texts import catalogue

    texts = catalogue()
    return f"{root} ({len(texts.keys())} textes)"


def _check_catalogue(found: list[Catalogue]) -> str:
    from kiosque.procedures.loader import load_catalogue

    catalogue = load_catalogue()
    found.append(catalogue)
    count = len(catalogue.procedures)
    if count == 0:
        raise CheckFailed("aucune démarche")
    return f"{count} démarches, {len(catalogue.faq)} questions d'aide"


def _store_checks(
    report: Report,
    settings: Settings,
    catalogue: Catalogue,
    db: str | None,
    scratch: Path,
    out: Path,
) -> None:
    from kiosque.clock import SystemClock
    from kiosque.context import open_context

    documents = scratch / "documents"
    contexts: list[Context] = []

    def open_store() -> str:
        from kiosque.store.migrate import current_revision, head_revision

        ctx = open_context(
            settings, SystemClock(), documents_dir=lambda: documents, catalogue=catalogue
        )
        contexts.append(ctx)
        revision = current_revision(ctx.store.engine)
        if revision != head_revision():
            raise CheckFailed(f"révision {revision}, attendue {head_revision()}")
        where = redact(db) if db else "SQLite temporaire"
        return f"{where}, migrée (révision {revision})"

    if not report.run(STORE_CHECKS[0], open_store):
        for name in STORE_CHECKS[1:]:
            report.skip(name, STORE_CHECKS[0])
        return
    ctx = contexts[0]
    try:
        report.run(STORE_CHECKS[1], lambda: _journey_help(ctx))
        report.run(STORE_CHECKS[2], lambda: _journey_caf(ctx))
        report.run(STORE_CHECKS[3], lambda: _render(ctx, out / "page-auto-test.png"))
    finally:
        ctx.close()


def _journey_help(ctx: Context) -> str:
    from kiosque.procedures.actions import SEARCH_RESULTS

    service = ctx.service
    session = service.start("aide")
    try:
        outcome = service.act(session, "next", {"question": "mot de passe oublié"})
        if not outcome.accepted or outcome.next_step != "reponse":
            raise CheckFailed(f"la recherche mène à {outcome.next_step!r}, pas à « reponse »")
        found = len(session.journey.state.get(SEARCH_RESULTS) or ())
        if not found:
            raise CheckFailed("« mot de passe oublié » ne trouve aucune réponse")
        return f"« mot de passe oublié » : {found} réponse(s)"
    finally:
        service.end(session, wiped=True)


def _journey_caf(ctx: Context) -> str:
    if not ctx.connectors.simulated:
        raise CheckWarning("organismes réels : pas de connexion d'essai")
    from kiosque.connectors.simulation.personas import load_personas

    persona = next(
        (p for p in load_personas().entries if p.get("caf", {}).get("mot_de_passe")), None
    )
    if persona is None:
        raise CheckFailed("aucun persona d'entraînement n'a de compte CAF")
    service = ctx.service
    session = service.start("caf-connexion")
    try:
        steps = [session.step]
        outcome = service.act(session, "next")
        steps.append(outcome.next_step or "(fin)")
        credentials = {
            "identifiant": persona["caf"]["identifiant"],
            "mot_de_passe": persona["caf"]["mot_de_passe"],
        }
        outcome = service.act(session, "next", dict(credentials))
        steps.append(outcome.next_step or "(fin)")
        if outcome.next_step != "mon-compte":
            errors = ", ".join(sorted(outcome.errors)) or "aucune erreur"
            raise CheckFailed(f"connexion refusée ({' → '.join(steps)} ; {errors})")
        return f"{persona['prenom']} {persona['nom_naissance']} connecté ({' → '.join(steps)})"
    finally:
        service.end(session, wiped=True)


def _check_fonts() -> str:
    from kiosque.documents import fonts

    charset = fonts.register()  # the PDF side (reportlab)
    if ord("é") not in charset or ord("€") not in charset:
        raise CheckFailed("la police des documents n'a pas les accents ou l'euro")
    from kiosque.ui.self_test import QtCheckError, check_fonts

    try:
        screen = check_fonts()
    except QtCheckError as exc:
        raise CheckFailed(str(exc)) from None
    return f"{screen} et dans les PDF ({len(charset)} caractères)"


def _render(ctx: Context, png: Path) -> str:
    from kiosque.ui.self_test import QtCheckError, render_page

    service = ctx.service
    session = service.start("caf-connexion")
    try:
        service.act(session, "next")  # to the login page: fields, notes, help
        return render_page(ctx, session, png)
    except QtCheckError as exc:
        raise CheckFailed(str(exc)) from None
    finally:
        service.end(session, wiped=True)


def _check_receipt(pdf: Path) -> str:
    from datetime import UTC, datetime

    from kiosque.documents.model import ReceiptData, mask_nir
    from kiosque.documents.receipt import render_receipt
    from kiosque.texts import t

    now = datetime.now(UTC)
    data = ReceiptData(
        site_name="France Services",
        terminal_id="auto-test",
        issued_at=now,
        procedure_title="Auto-test de la borne",
        steps_done=("Catalogue chargé", "Base de données ouverte"),
        steps_todo=("Rien : ce reçu est un essai",),
        identifiers=(("N° de sécurité sociale", mask_nir("1800175999001")),),
        deadlines=(("Code de reprise", (now + timedelta(days=7)).date()),),
        next_steps=("Jeter ce reçu d'essai.",),
        phones=(t("documents.telephones.assistance"),),
        resume_code="AUTOTEST",
        resume_url="https://www.service-public.fr/",
        practice=True,
        resume_valid_until=(now + timedelta(days=7)).date(),
    )
    render_receipt(data, pdf)
    content = pdf.read_bytes()
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
        raise CheckFailed(f"{pdf} n'est pas un PDF complet")
    if b"AtkinsonHyperlegible" not in content:
        raise CheckFailed("la police Atkinson Hyperlegible n'est pas dans le PDF")
    return f"{len(content) // 1024} Ko, police intégrée"


def _check_printer(wanted: str) -> str:
    from kiosque.ui.self_test import QtCheckError, printers

    try:
        ok, detail = printers(wanted)
    except QtCheckError as exc:
        raise CheckFailed(str(exc)) from None
    if not ok:
        raise CheckWarning(f"{detail} (à installer avant d'imprimer les reçus)")
    return detail


def _check_isolated(bundle: Path) -> str:
    """Every module loaded by the checks above came from the bundle: nothing from a
    Python installed on the machine."""
    root = bundle.resolve()
    outside = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        # a relative name is a module embedded in a binary (shiboken's support modules)
        if file and Path(file).is_absolute() and not Path(file).resolve().is_relative_to(root):
            outside.append(f"{name} ({file})")
    if outside:
        raise CheckFailed(
            f"{len(outside)} module(s) hors du paquet : {', '.join(sorted(outside)[:3])}"
        )
    return f"{len(sys.modules)} modules, tous dans {root}"
