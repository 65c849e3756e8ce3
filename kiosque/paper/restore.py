"""Where a resumed session starts again, and the journey rebuilt from its stored row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosque.procedures.journey import Journey, step_key
from kiosque.procedures.model import Catalogue, Procedure

# Steps that cannot be shown again from what the store keeps, and where to resume instead.
# They need what lives only in the terminal's memory (journey.state): a logged-in account,
# the activation token of the e-mail's link, a reset token, a code sent by SMS, the
# identity FranceConnect returned, search results. The kiosk never writes these to disk
# (a login is a secret's proof, not data), so a resumed session proves it again: it starts
# at the step that obtains them — the procedure's login step, or the mailbox for the
# activation link, or the start of the forgotten-password path.
RESUME_INSTEAD: Mapping[tuple[str, str], str] = {
    ("retraite-creer-espace", "activation"): "messagerie",
    ("retraite-creer-espace", "mes-services"): "connexion",
    ("retraite-releve-carriere", "mes-services"): "connexion",
    ("retraite-releve-carriere", "releve-carriere"): "connexion",
    ("retraite-releve-carriere", "demande-prise-en-compte"): "connexion",
    ("retraite-releve-carriere", "ris-disponible"): "connexion",
    ("retraite-connexion", "question-secrete"): "mot-de-passe-oublie",
    ("retraite-connexion", "nouveau-mot-de-passe"): "mot-de-passe-oublie",
    ("retraite-connexion", "modifier-email"): "connexion",
    ("retraite-connexion", "mes-services"): "connexion",
    ("caf-connexion", "code-recu"): "mot-de-passe-oublie",
    ("caf-connexion", "nouveau-mot-de-passe"): "mot-de-passe-oublie",
    ("caf-connexion", "mon-compte"): "connexion",
    ("franceconnect", "retour-service"): "connexion-fournisseur",
    ("aide", "reponse"): "recherche",
}

# Connector calls that read journey.state (an account, a token, a code…). A step that
# runs one, or leads straight to a step that does on entering, must be in RESUME_INSTEAD
# (a test walks the catalogue to check it).
CALLS_NEEDING_MEMORY = frozenset(
    {
        "retraite.activer",
        "retraite.verifier_reponse",
        "retraite.changer_mot_de_passe",
        "retraite.modifier_email",
        "retraite.etat_ris",
        "retraite.demander_ris",
        "retraite.rafraichir_ris",
        "retraite.telecharger_ris",
        "caf.boite_reception",
        "caf.verifier_code",
        "caf.changer_mot_de_passe",
        "caf.deconnexion",
        "franceconnect.acceder",
    }
)


def resume_step(procedure: str, step: str) -> str:
    return RESUME_INSTEAD.get((procedure, step), step)


def path_to(proc: Procedure, target: str) -> list[str]:
    """The shortest way through ``proc`` from its first step to ``target`` (both
    included), following every action; ``[target]`` if there is none."""
    previous: dict[str, str | None] = {proc.first.id: None}
    queue = [proc.first.id]
    while queue:
        current = queue.pop(0)
        if current == target:
            way = [current]
            while (before := previous[way[-1]]) is not None:
                way.append(before)
            return way[::-1]
        for action in proc.step(current).actions.values():
            for goal in action.goto.values():
                nxt = goal.step if goal.procedure is None else None
                if nxt and proc.has_step(nxt) and nxt not in previous:
                    previous[nxt] = current
                    queue.append(nxt)
    return [target]


def restore_journey(
    catalogue: Catalogue, procedure: str, step: str, answers: Mapping[str, Any]
) -> Journey:
    """A journey rebuilt from a session row: at ``step`` (or where :data:`RESUME_INSTEAD`
    says), with the public answers, as if the steps leading there had been visited."""
    proc = catalogue.procedure(procedure)
    target = resume_step(procedure, step)
    if not proc.has_step(target):
        target = proc.first.id
    journey = Journey(procedure, target)
    for key, values in answers.items():
        if isinstance(values, Mapping):
            journey.answers[str(key)] = {str(f): str(v) for f, v in values.items()}
    here = [step_key(procedure, s) for s in path_to(proc, target)]
    elsewhere = [k for k in journey.answers if not k.startswith(procedure + "/")]
    mine = sorted(
        (k for k in journey.answers if k.startswith(procedure + "/") and k not in here),
        key=lambda k: _index(proc, k.split("/", 1)[1]),
    )
    journey.visited = [*elsewhere, *mine, *(k for k in here if k not in mine)]
    journey.mark_visited()
    return journey


def _index(proc: Procedure, step_id: str) -> int:
    return proc.index(step_id) if proc.has_step(step_id) else len(proc.steps)
