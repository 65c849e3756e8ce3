"""Special pages by the ``page:`` of a step; every other step uses the generic page."""

from __future__ import annotations

from kiosque.services import KioskService, KioskSession, StepView
from kiosque.ui.pages.base import PageContext, StepPage
from kiosque.ui.pages.contact import ContactPage
from kiosque.ui.pages.identite import IdentitePage
from kiosque.ui.pages.inbox import CodeRecuPage, MessageriePage
from kiosque.ui.pages.info import FranceConnectPage, OuTrouverNirPage, ReponsePage, RisPage
from kiosque.ui.speech import Speaker

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


def page_for(
    view: StepView, service: KioskService, session: KioskSession, speaker: Speaker
) -> StepPage:
    page_class = PAGES.get(view.step.page or "", StepPage)
    return page_class(view, PageContext(service, session, speaker))
