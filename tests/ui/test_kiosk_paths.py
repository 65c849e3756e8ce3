"""Each procedure's main path through the real window: clicks and key presses (offscreen)
against the simulation on a fresh SQLite file."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from tests.ui.conftest import Kiosk

LEA = {
    "nir": "2 85 08 2B 999 002",
    "civilite": "Madame",
    "nom_naissance": "N'Diaye",
    "prenom": "Léa",
    "date_naissance": "21/08/1985",
    "conditions_acceptees": True,
}
PASSWORD = "Corse2024Mer"
PAUL = "1 80 01 75 999 001"


def test_home_shows_a_tile_per_procedure_and_the_practice_banner(kiosk: Kiosk) -> None:
    tiles = kiosk.window.home.tiles
    assert set(tiles) >= {
        "retraite-creer-espace",
        "retraite-releve-carriere",
        "retraite-connexion",
        "caf-connexion",
        "franceconnect",
        "aide",
        "reprendre",
    }
    assert kiosk.window.banner.isVisible()
    assert "Mode entraînement" in kiosk.window.banner.text()
    assert kiosk.window.finish_button.isVisible()


def test_create_personal_space_main_path(kiosk: Kiosk) -> None:
    kiosk.start("retraite-creer-espace")
    assert kiosk.step == "preparation"
    kiosk.next()
    kiosk.type("resultat", "officiel")
    kiosk.next()
    kiosk.next()  # « Je crée mon espace »
    assert kiosk.step == "identite"
    kiosk.fill(**LEA, code_securite="@affiche")
    kiosk.next()
    page = kiosk.window.wizard.page
    shown = {f: w.error.text() for f, w in page.fields.items() if w.error.text()} if page else {}
    assert kiosk.step == "adresse", (shown, page.form_error.text() if page else "")
    assert kiosk.field("pays").value() == "FR"  # preselected
    kiosk.type("code_postal", "20000")
    kiosk.type("ville", "2A004")
    kiosk.fill(numero_voie="3", nom_voie="cours Napoléon")
    kiosk.next()
    assert kiosk.step == "contact"
    kiosk.fill(
        email="lea.ndiaye@exemple.fr",
        email_confirmation="lea.ndiaye@exemple.fr",
        mot_de_passe=PASSWORD,
        mot_de_passe_confirmation=PASSWORD,
        question_secrete="premiere-ecole",
        reponse_secrete="Jean Moulin",
    )
    kiosk.next()
    assert kiosk.step == "enregistre"
    kiosk.next()
    assert kiosk.step == "messagerie"
    kiosk.next()  # the link in the e-mail
    assert kiosk.step == "activation"
    kiosk.fill(nir=LEA["nir"], mot_de_passe=PASSWORD)
    kiosk.next()
    assert kiosk.step == "espace-actif"
    kiosk.next()
    kiosk.fill(nir=LEA["nir"], mot_de_passe=PASSWORD)
    kiosk.next()
    assert kiosk.step == "mes-services"
    kiosk.next()
    assert kiosk.window.stack.currentWidget() is kiosk.window.end


def test_career_statement_main_path(kiosk: Kiosk) -> None:
    kiosk.start("retraite-releve-carriere")
    kiosk.fill(nir=PAUL, mot_de_passe="Retraite2024")
    kiosk.next()
    kiosk.next()
    assert kiosk.step == "releve-carriere"
    kiosk.next()  # « Demander mon Relevé Individuel de Situation »
    assert kiosk.step == "demande-prise-en-compte"
    from datetime import timedelta

    kiosk.context.clock.advance(timedelta(minutes=6))  # type: ignore[attr-defined]
    kiosk.next()  # « Rafraîchir »
    assert kiosk.step == "ris-disponible"
    kiosk.action("telecharger")
    pdfs = list(kiosk.context.settings.data_path().glob("**/*.pdf"))
    assert pdfs or kiosk.window.wizard.page is not None
    assert "Téléchargez votre Relevé Individuel de Situation du" in " ".join(
        b.text()
        for b in kiosk.window.wizard.page.links.values()  # type: ignore[union-attr]
    )


def test_login_lockout_branch(kiosk: Kiosk) -> None:
    kiosk.start("retraite-connexion")
    for _ in range(5):
        kiosk.fill(nir=PAUL, mot_de_passe="Mauvais2024")
        kiosk.next()
    assert kiosk.step == "compte-bloque"


def test_caf_login_and_logout(kiosk: Kiosk) -> None:
    kiosk.start("caf-connexion")
    kiosk.next()
    kiosk.fill(identifiant=PAUL, mot_de_passe="Caf2024paul")
    kiosk.next()
    assert kiosk.step == "mon-compte"
    kiosk.next()  # « Déconnexion »
    assert kiosk.step == "deconnexion"


def test_caf_forgotten_password_by_sms(kiosk: Kiosk) -> None:
    kiosk.start("caf-connexion")
    kiosk.next()
    kiosk.action("mot-de-passe-oublie")
    kiosk.fill(identifiant="2 85 08 2B 999 002", canal="sms")
    kiosk.next()
    assert kiosk.step == "code-recu"
    kiosk.type("code", "@recu")
    kiosk.next()
    assert kiosk.step == "nouveau-mot-de-passe"


def test_franceconnect_with_ameli(kiosk: Kiosk) -> None:
    kiosk.start("franceconnect")
    kiosk.type("fournisseur", "ameli")
    kiosk.next()
    assert {*kiosk.window.wizard.page.fields} == {"nir", "mot_de_passe"}  # type: ignore[union-attr]
    kiosk.fill(nir=PAUL, mot_de_passe="Ameli2024")
    kiosk.next()
    assert kiosk.step == "retour-service"
    kiosk.next()
    assert kiosk.window.stack.currentWidget() is kiosk.window.end


def test_help_search(kiosk: Kiosk) -> None:
    kiosk.start("aide")
    kiosk.type("question", "compte bloqué")
    kiosk.next()
    assert kiosk.step == "reponse"
    page = kiosk.window.wizard.page
    assert page is not None
    assert "cinq tentatives" in " ".join(
        lbl.text() for lbl in page.findChildren(type(page.form_error))
    )


def test_errors_beside_their_field_and_focus_on_the_first(kiosk: Kiosk) -> None:
    kiosk.start("retraite-connexion")
    kiosk.type("nir", "1 80 01")
    kiosk.next()
    nir = kiosk.field("nir")
    assert nir.error.isVisible() and "13" in nir.error.text()
    assert nir.input.property("invalid") is True
    assert kiosk.window.focusWidget() is nir.input  # the focus moved to the first error
    assert kiosk.step == "connexion"


def test_back_restores_what_was_typed(kiosk: Kiosk) -> None:
    kiosk.start("retraite-creer-espace")
    kiosk.next()
    kiosk.type("resultat", "officiel")
    kiosk.next()
    kiosk.next()
    kiosk.fill(nom_naissance="N'Diaye", prenom="Léa")
    kiosk.qtbot.mouseClick(kiosk.window.wizard.back_button, Qt.MouseButton.LeftButton)
    kiosk.settle()
    assert kiosk.step == "accueil-site"
    kiosk.next()
    assert kiosk.field("nom_naissance").value() == "N'Diaye"


def test_confirmation_fields_refuse_paste_and_inputs_have_no_menu(kiosk: Kiosk) -> None:
    kiosk.start("retraite-connexion")
    kiosk.fill(nir=PAUL, mot_de_passe="Retraite2024")
    kiosk.next()
    kiosk.action("modifier-email")
    QGuiApplication.clipboard().setText("pirate@exemple.fr")
    confirm = kiosk.field("email_confirmation")
    assert isinstance(confirm.input, QLineEdit)
    confirm.input.setFocus()
    kiosk.qtbot.keyClick(confirm.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert confirm.input.text() == ""
    assert "copier-coller" in confirm.error.text()
    email = kiosk.field("email")
    assert isinstance(email.input, QLineEdit)
    kiosk.qtbot.keyClick(email.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert email.input.text() == "pirate@exemple.fr"  # only confirmations refuse paste
    for widget in kiosk.window.findChildren(QLineEdit):
        assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_personal_fields_are_marked_sensitive(kiosk: Kiosk) -> None:
    kiosk.start("retraite-connexion")
    for field_id in ("nir", "mot_de_passe"):
        hints = kiosk.field(field_id).input.inputMethodHints()
        assert hints & Qt.InputMethodHint.ImhSensitiveData
        assert hints & Qt.InputMethodHint.ImhNoPredictiveText


def test_actions_run_off_the_ui_thread(kiosk: Kiosk) -> None:
    threads: list[str] = []
    service = kiosk.context.service
    original = service.act

    def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    service.act = spy  # type: ignore[method-assign]
    kiosk.start("aide")
    kiosk.type("question", "mot de passe")
    kiosk.next()
    assert threads and threading.main_thread().name not in threads
