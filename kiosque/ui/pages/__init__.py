"""Special pages by the ``page:`` of a step; every other step uses the generic page."""

from __future__ import annotations

from kiosque.services import StepView
from kiosque.ui.pages.base import StepPage
from kiosque.ui.pages.contact import ContactPage
from kiosque.ui.pages.identite import IdentitePage
from kiosque.ui.pages.inbox import CodeRecuPage, MessageriePage
from kiosque.ui.pages.info import FranceConnectPage, OuTrouverNirPage, ReponsePage, RisPage

PAGES: dict[str, type[StepPage]] = {
    "identite": IdentitePage,
    "contact": ContactPage,
    "messagerie": MessageriePage,
    "code-recu": CodeRecuPage,
    "ris": RisPage,
    "reponse": ReponsePage,
    "ou-trouver-nir": OuTrouverNirPage,
    "franceconnect": FranceConnectPage,
}


def page_class(view: StepView) -> type[StepPage]:
    return PAGES.get(view.step.page or "", StepPage)
