"""Named connector calls (``call:`` / ``enter:`` in procedure files) and their outcomes.

Each call reads the answers it needs from the journey, asks the organism through its
connector, and records what the screen must show next in ``journey.state``. A refusal
comes back as messages by field; an outcome names the branch to follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from kiosque import rules
from kiosque.connectors.base import (
    FORM,
    Account,
    Address,
    Connectors,
    Identity,
    Refusal,
)
from kiosque.procedures.journey import Journey
from kiosque.procedures.model import Catalogue, Step
from kiosque.procedures.search import search_faq
from kiosque.texts import Message

# Keys of journey.state
CHALLENGE = "challenge"
REGISTRATION = "registration"
MAILBOX = "mailbox"
ACTIVATION_TOKEN = "activation_token"
RETRAITE_ACCOUNT = "retraite_account"
RESET = "reset"
RIS = "ris"
CAF_ACCOUNT = "caf_account"
CAF_RESET = "caf_reset"
INBOX = "inbox"
FC_IDENTITY = "fc_identity"
SEARCH_RESULTS = "search_results"
SEARCH_QUERY = "search_query"


@dataclass(frozen=True)
class CallResult:
    outcome: str = "ok"
    errors: Mapping[str, tuple[Message, ...]] = field(default_factory=dict)
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallContext:
    journey: Journey
    step: Step
    connectors: Connectors
    catalogue: Catalogue
    today: date
    visible: tuple[str, ...]

    @property
    def state(self) -> dict[str, object]:
        return self.journey.state

    def value(self, field_id: str) -> str:
        return self.journey.lookup(field_id) or ""


@dataclass(frozen=True)
class CallSpec:
    fn: Callable[[CallContext], CallResult]
    outcomes: tuple[str, ...] = ("ok",)


def refused(refusal: Refusal) -> CallResult:
    return CallResult(errors=refusal.errors)


def form_error(key: str, **params: object) -> CallResult:
    return CallResult(errors={FORM: (Message.of(key, **params),)})


def _nir(ctx: CallContext, field_id: str = "nir") -> str:
    return rules.normalize_nir(ctx.value(field_id))[:13]


def _identity(ctx: CallContext) -> Identity | None:
    birth = rules.check_birth_date(ctx.value("date_naissance"), today=ctx.today).value
    if birth is None:
        return None
    return Identity(
        nir=_nir(ctx),
        civilite=ctx.value("civilite"),
        nom_naissance=rules.fold(ctx.value("nom_naissance")),
        prenom=rules.fold(ctx.value("prenom")),
        date_naissance=birth,
    )


def _account(ctx: CallContext, key: str) -> Account | None:
    account = ctx.state.get(key)
    return account if isinstance(account, Account) else None


# -- Forgotten passwords ---------------------------------------------------------------


@dataclass(frozen=True)
class ResetFlow:
    """Where a forgotten-password procedure keeps its progress in ``journey.state``: a
    dict under ``key`` holding the account's identifier under ``who`` (then the reset
    token under ``"token"`` once the citizen has proved who they are), removed with
    ``also_clear`` once the new password is set."""

    key: str
    who: str
    also_clear: tuple[str, ...] = ()


RETRAITE_RESET_FLOW = ResetFlow(RESET, "nir")
CAF_RESET_FLOW = ResetFlow(CAF_RESET, "identifiant", also_clear=(INBOX,))


def _reset_state(ctx: CallContext, flow: ResetFlow) -> dict[str, str] | None:
    reset = ctx.state.get(flow.key)
    return reset if isinstance(reset, dict) else None


def _prove_reset(
    ctx: CallContext,
    flow: ResetFlow,
    check: Callable[[str], str | Refusal],
    on_refusal: Callable[[str, Refusal], CallResult] = lambda _who, refusal: refused(refusal),
) -> CallResult:
    """Run ``check`` (secret answer, code…) on the account being reset; the reset token
    it gives is kept for :func:`_finish_reset`."""
    reset = _reset_state(ctx, flow)
    if reset is None:
        return form_error("demarches.recommencer")
    result = check(reset[flow.who])
    if isinstance(result, Refusal):
        return on_refusal(reset[flow.who], result)
    reset["token"] = result
    return CallResult()


def _finish_reset(
    ctx: CallContext, flow: ResetFlow, reset_password: Callable[[str, str, str], Refusal | None]
) -> CallResult:
    """Set the new password with the token proved earlier, then forget the reset."""
    reset = _reset_state(ctx, flow)
    if reset is None or "token" not in reset:
        return form_error("demarches.recommencer")
    refusal = reset_password(reset[flow.who], reset["token"], ctx.value("mot_de_passe"))
    if refusal is not None:
        return refused(refusal)
    for key in (flow.key, *flow.also_clear):
        ctx.state.pop(key, None)
    return CallResult()


# -- Assurance retraite ----------------------------------------------------------------


def nouvelle_image(ctx: CallContext) -> CallResult:
    ctx.state[CHALLENGE] = ctx.connectors.retraite.new_challenge()
    ctx.journey.step_answers().pop("code_securite", None)
    return CallResult()


def identifier(ctx: CallContext) -> CallResult:
    retraite = ctx.connectors.retraite
    challenge = ctx.state.get(CHALLENGE)
    typed = ctx.value("code_securite")
    if challenge is None or not retraite.check_challenge(challenge.id, typed):  # type: ignore[attr-defined]
        nouvelle_image(ctx)  # a challenge is used once, as on the real site
        return CallResult(errors={"code_securite": (Message.of("demarches.code_securite_faux"),)})
    nouvelle_image(ctx)
    identity = _identity(ctx)
    if identity is None:
        return form_error("demarches.non_identifie")
    refusal = retraite.identify(identity)
    return refused(refusal) if refusal is not None else CallResult()


def inscrire(ctx: CallContext) -> CallResult:
    identity = _identity(ctx)
    if identity is None:
        return form_error("demarches.non_identifie")
    address = Address(
        pays=ctx.value("pays") or "FR",
        code_postal=ctx.value("code_postal").strip(),
        ville=ctx.value("ville"),
        numero_voie=ctx.value("numero_voie").strip(),
        complement=ctx.value("complement"),
        nom_voie=rules.fold(ctx.value("nom_voie")),
    )
    phone = ctx.value("telephone")
    email = rules.check_email(ctx.value("email")).value or ""
    result = ctx.connectors.retraite.register(
        identity,
        address,
        rules.check_phone(phone).value or "" if phone.strip() else "",
        email,
        ctx.value("mot_de_passe"),
        ctx.value("question_secrete"),
        ctx.value("reponse_secrete"),
    )
    if isinstance(result, Refusal):
        return refused(result)
    ctx.state[REGISTRATION] = result
    return CallResult()


def messagerie(ctx: CallContext) -> CallResult:
    registration = ctx.state.get(REGISTRATION)
    email = getattr(registration, "email", "") or ctx.value("email")
    ctx.state[MAILBOX] = ctx.connectors.retraite.mailbox(email) if email else ()
    return CallResult()


def ouvrir_lien(ctx: CallContext) -> CallResult:
    messagerie(ctx)
    mailbox = ctx.state.get(MAILBOX) or ()
    tokens = [m.link_token for m in mailbox if m.link_token]  # type: ignore[attr-defined]
    if not tokens:
        return form_error("demarches.aucun_message")
    token = tokens[0]  # newest first
    answer = ctx.connectors.retraite.open_link(token)
    if isinstance(answer, Refusal):
        return refused(answer)
    ctx.state[ACTIVATION_TOKEN] = token
    return CallResult(outcome=answer)


def activer(ctx: CallContext) -> CallResult:
    token = ctx.state.get(ACTIVATION_TOKEN)
    if not isinstance(token, str):
        return form_error("demarches.lien_requis")
    result = ctx.connectors.retraite.activate(token, _nir(ctx), ctx.value("mot_de_passe"))
    if isinstance(result, Refusal):
        return refused(result)
    ctx.state[RETRAITE_ACCOUNT] = result
    return CallResult()


def _locked_or(ctx: CallContext, nir: str, refusal: Refusal) -> CallResult:
    if ctx.connectors.retraite.is_locked(nir):
        return CallResult(outcome="bloque")
    return refused(refusal)


def connexion(ctx: CallContext) -> CallResult:
    nir = _nir(ctx)
    result = ctx.connectors.retraite.login(nir, ctx.value("mot_de_passe"))
    if isinstance(result, Refusal):
        return _locked_or(ctx, nir, result)
    ctx.state[RETRAITE_ACCOUNT] = result
    return CallResult()


def mot_de_passe_oublie(ctx: CallContext) -> CallResult:
    nir = _nir(ctx)
    result = ctx.connectors.retraite.forgotten_password(nir)
    if isinstance(result, Refusal):
        return _locked_or(ctx, nir, result)
    ctx.state[RESET] = {"nir": nir, "question": result}
    return CallResult()


def verifier_reponse(ctx: CallContext) -> CallResult:
    retraite = ctx.connectors.retraite
    return _prove_reset(
        ctx,
        RETRAITE_RESET_FLOW,
        lambda nir: retraite.check_secret_answer(nir, ctx.value("reponse_secrete")),
        lambda nir, refusal: _locked_or(ctx, nir, refusal),
    )


def changer_mot_de_passe(ctx: CallContext) -> CallResult:
    return _finish_reset(ctx, RETRAITE_RESET_FLOW, ctx.connectors.retraite.reset_password)


def modifier_email(ctx: CallContext) -> CallResult:
    account = _account(ctx, RETRAITE_ACCOUNT)
    if account is None:
        return form_error("demarches.connexion_requise")
    email = rules.check_email(ctx.value("email")).value or ""
    refusal = ctx.connectors.retraite.change_email(account, email)
    return refused(refusal) if refusal is not None else CallResult()


def etat_ris(ctx: CallContext) -> CallResult:
    account = _account(ctx, RETRAITE_ACCOUNT)
    if account is None:
        return form_error("demarches.connexion_requise")
    status = ctx.connectors.retraite.ris_status(account)
    ctx.state[RIS] = status
    return CallResult(outcome=status.state)


def demander_ris(ctx: CallContext) -> CallResult:
    account = _account(ctx, RETRAITE_ACCOUNT)
    if account is None:
        return form_error("demarches.connexion_requise")
    result = ctx.connectors.retraite.request_ris(account)
    if isinstance(result, Refusal):
        return refused(result)
    ctx.state[RIS] = result
    return CallResult()


def rafraichir_ris(ctx: CallContext) -> CallResult:
    result = etat_ris(ctx)
    if result.errors:
        return result
    if result.outcome == "absent":
        return form_error("demarches.ris_non_demande")
    return result


def telecharger_ris(ctx: CallContext) -> CallResult:
    account = _account(ctx, RETRAITE_ACCOUNT)
    if account is None:
        return form_error("demarches.connexion_requise")
    document = ctx.connectors.retraite.ris_document(account)
    if isinstance(document, Refusal):
        return refused(document)
    return CallResult(documents=(document.path,) if document.path else ())


# -- CAF -------------------------------------------------------------------------------


def caf_connexion(ctx: CallContext) -> CallResult:
    result = ctx.connectors.caf.login(ctx.value("identifiant"), ctx.value("mot_de_passe"))
    if isinstance(result, Refusal):
        return refused(result)
    ctx.state[CAF_ACCOUNT] = result
    return CallResult()


def caf_envoyer_code(ctx: CallContext) -> CallResult:
    identifiant, canal = ctx.value("identifiant"), ctx.value("canal")
    result = ctx.connectors.caf.send_code(identifiant, canal)
    if isinstance(result, Refusal):
        return refused(result)
    ctx.state[CAF_RESET] = {"identifiant": identifiant, "canal": canal, "destination": result}
    return CallResult()


def caf_boite_reception(ctx: CallContext) -> CallResult:
    reset = _reset_state(ctx, CAF_RESET_FLOW)
    if reset is None:
        return form_error("demarches.recommencer")
    ctx.state[INBOX] = ctx.connectors.caf.inbox(reset["identifiant"], reset["canal"])
    return CallResult()


def caf_verifier_code(ctx: CallContext) -> CallResult:
    caf = ctx.connectors.caf
    return _prove_reset(
        ctx,
        CAF_RESET_FLOW,
        lambda identifiant: caf.verify_code(identifiant, ctx.value("code").strip()),
    )


def caf_changer_mot_de_passe(ctx: CallContext) -> CallResult:
    return _finish_reset(ctx, CAF_RESET_FLOW, ctx.connectors.caf.reset_password)


def caf_deconnexion(ctx: CallContext) -> CallResult:
    account = _account(ctx, CAF_ACCOUNT)
    if account is not None:
        ctx.connectors.caf.logout(account)
    ctx.state.pop(CAF_ACCOUNT, None)
    ctx.state.pop(FC_IDENTITY, None)
    return CallResult()


# -- FranceConnect ---------------------------------------------------------------------


def fc_connexion(ctx: CallContext) -> CallResult:
    provider = ctx.value("fournisseur")
    credentials = {f: ctx.journey.step_answers().get(f, "") for f in ctx.visible}
    result = ctx.connectors.franceconnect.login(provider, credentials)
    if isinstance(result, Refusal):
        return refused(result)
    ctx.state[FC_IDENTITY] = result
    return CallResult()


def fc_acceder(ctx: CallContext) -> CallResult:
    identity = ctx.state.get(FC_IDENTITY)
    if not isinstance(identity, Identity):
        return form_error("demarches.recommencer")
    if not ctx.journey.returns:
        return CallResult()  # FranceConnect practised on its own: nothing to hand back to
    caller = ctx.catalogue.procedure(ctx.journey.returns[-1][0])
    if caller.organism == "caf":
        caf = ctx.connectors.caf.login_with_identity(identity)
        if isinstance(caf, Refusal):
            return refused(caf)
        ctx.state[CAF_ACCOUNT] = caf
    elif caller.organism == "retraite":
        account = ctx.connectors.retraite.login_with_identity(identity)
        if isinstance(account, Refusal):
            return refused(account)
        ctx.state[RETRAITE_ACCOUNT] = account
    return CallResult()


# -- Help ------------------------------------------------------------------------------


def aide_rechercher(ctx: CallContext) -> CallResult:
    query = ctx.value("question")
    ctx.state[SEARCH_QUERY] = query
    ctx.state[SEARCH_RESULTS] = search_faq(ctx.catalogue.faq, query)
    return CallResult()


CALLS: dict[str, CallSpec] = {
    "retraite.nouvelle_image": CallSpec(nouvelle_image),
    "retraite.identifier": CallSpec(identifier),
    "retraite.inscrire": CallSpec(inscrire),
    "retraite.messagerie": CallSpec(messagerie),
    "retraite.ouvrir_lien": CallSpec(ouvrir_lien, ("ok", "expire")),
    "retraite.activer": CallSpec(activer),
    "retraite.connexion": CallSpec(connexion, ("ok", "bloque")),
    "retraite.mot_de_passe_oublie": CallSpec(mot_de_passe_oublie, ("ok", "bloque")),
    "retraite.verifier_reponse": CallSpec(verifier_reponse, ("ok", "bloque")),
    "retraite.changer_mot_de_passe": CallSpec(changer_mot_de_passe),
    "retraite.modifier_email": CallSpec(modifier_email),
    "retraite.etat_ris": CallSpec(etat_ris, ("absent", "en-attente", "disponible")),
    "retraite.demander_ris": CallSpec(demander_ris),
    "retraite.rafraichir_ris": CallSpec(rafraichir_ris, ("en-attente", "disponible")),
    "retraite.telecharger_ris": CallSpec(telecharger_ris),
    "caf.connexion": CallSpec(caf_connexion),
    "caf.envoyer_code": CallSpec(caf_envoyer_code),
    "caf.boite_reception": CallSpec(caf_boite_reception),
    "caf.verifier_code": CallSpec(caf_verifier_code),
    "caf.changer_mot_de_passe": CallSpec(caf_changer_mot_de_passe),
    "caf.deconnexion": CallSpec(caf_deconnexion),
    "franceconnect.connexion": CallSpec(fc_connexion),
    "franceconnect.acceder": CallSpec(fc_acceder),
    "aide.rechercher": CallSpec(aide_rechercher),
}
