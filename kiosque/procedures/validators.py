"""Named field checks (``rule:`` in procedure files), each an adapter over :mod:`kiosque.rules`.

A check sees the value, the other answers of the step and the answers given earlier in
the journey (the password must not contain the name typed at the identity step).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from kiosque import rules
from kiosque.procedures import options
from kiosque.procedures.journey import Journey
from kiosque.procedures.model import Field, Step
from kiosque.rules.result import Check
from kiosque.texts import Message


@dataclass(frozen=True)
class FieldContext:
    field: Field
    answers: Mapping[str, str]  # this step's answers, including the value checked
    journey: Journey
    today: date
    step: Step

    def other(self, field_id: str) -> str:
        """Another answer: this step first, then the most recent earlier one."""
        if field_id in self.answers:
            return self.answers[field_id]
        return self.journey.lookup(field_id) or ""

    def birth_date(self) -> date | None:
        raw = self.other("date_naissance")
        if not raw:
            return None
        return rules.check_birth_date(raw, today=self.today).value


FieldRule = Callable[[str, FieldContext], Check[object]]


def _nir(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_nir(value)


def _nir_or_provisional(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_nir_or_provisional(value)


def _nom(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_name(value, label="nom")


def _prenom(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_name(value, label="prénom")


def _date_naissance(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_birth_date(value, today=ctx.today)


def _code_securite(value: str, ctx: FieldContext) -> Check[object]:
    # Only "something was typed": the organism compares it with its image when the step
    # is sent (and shows a new image if it differs), so typing never reveals the answer.
    return rules.check_security_code(value, value)


def _conditions(value: str, ctx: FieldContext) -> Check[object]:
    if value.strip().lower() in ("true", "1", "oui", "yes"):
        return Check.good(True)
    return Check.bad(Message.of("demarches.conditions_requises"))


def _code_postal(value: str, ctx: FieldContext) -> Check[object]:
    pays = ctx.other("pays") or "FR"
    check: Check[object] = rules.check_postal_code(value, pays=pays)
    if check.ok and pays == "FR" and not options.communes(str(check.value)):
        return Check.bad(Message.of("demarches.code_postal_inconnu", code=check.value))
    return check


def _ville(value: str, ctx: FieldContext) -> Check[object]:
    if (ctx.other("pays") or "FR") != "FR":
        return rules.check_name(value, label="ville")
    code_postal = ctx.other("code_postal").strip()
    commune = options.find_commune(code_postal, value)
    if commune is None:
        return Check.bad(Message.of("demarches.ville_hors_code_postal", code=code_postal))
    return Check.good(commune.insee)


def _numero_voie(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_street_number(value)


def _nom_voie(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_street_name(value)


def _telephone(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_phone(value)


def _email(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_email(value)


def _email_confirmation(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_email_confirmation(ctx.other("email"), value)


def _mot_de_passe_retraite(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_password_retraite(
        value,
        nom=ctx.other("nom_naissance"),
        prenom=ctx.other("prenom"),
        date_naissance=ctx.birth_date(),
        nir=rules.normalize_nir(ctx.other("nir")),
    )


def _mot_de_passe_confirmation(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_password_confirmation(ctx.answers.get("mot_de_passe", ""), value)


def _mot_de_passe_saisi(value: str, ctx: FieldContext) -> Check[object]:
    if len(value) > 64:
        return Check.bad(Message.of("demarches.mot_de_passe_trop_long"))
    return Check.good(value)


def _mot_de_passe_caf(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_password_caf(value)


def _reponse_secrete(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_secret_answer(value)


def _code_6_chiffres(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_digits_code(value, length=6)


def _code_pin(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_digits_code(value, length=4)


def _numero_fiscal(value: str, ctx: FieldContext) -> Check[object]:
    digits = "".join(value.split())
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        return Check.bad(Message.of("demarches.numero_fiscal"))
    return Check.good(digits)


def _resultat_officiel(value: str, ctx: FieldContext) -> Check[object]:
    if value == "officiel":
        return Check.good(value)
    return Check.bad(Message.of("demarches.site_non_officiel"))


def _texte_libre(value: str, ctx: FieldContext) -> Check[object]:
    return rules.check_free_text(value)


FIELD_RULES: dict[str, FieldRule] = {
    "nir": _nir,
    "nir_ou_provisoire": _nir_or_provisional,
    "nom": _nom,
    "prenom": _prenom,
    "date_naissance": _date_naissance,
    "code_securite": _code_securite,
    "conditions": _conditions,
    "code_postal": _code_postal,
    "ville": _ville,
    "numero_voie": _numero_voie,
    "nom_voie": _nom_voie,
    "telephone": _telephone,
    "email": _email,
    "email_confirmation": _email_confirmation,
    "mot_de_passe_retraite": _mot_de_passe_retraite,
    "mot_de_passe_confirmation": _mot_de_passe_confirmation,
    "mot_de_passe_saisi": _mot_de_passe_saisi,
    "mot_de_passe_caf": _mot_de_passe_caf,
    "reponse_secrete": _reponse_secrete,
    "code_6_chiffres": _code_6_chiffres,
    "code_pin": _code_pin,
    "numero_fiscal": _numero_fiscal,
    "identifiant_email": _email,
    "resultat_officiel": _resultat_officiel,
    "texte_libre": _texte_libre,
}


def field_options(fld: Field, answers: Mapping[str, str]) -> tuple[str, ...]:
    """The option ids a choice field accepts given the step's other answers."""
    if fld.options:
        return fld.option_ids()
    if fld.options_from == "communes":
        return tuple(o.id for o in options.commune_options(answers.get("code_postal", "")))
    if fld.options_from in options.STATIC_SOURCES:
        return tuple(o.id for o in options.STATIC_SOURCES[fld.options_from]())
    return ()


def check_choice(
    fld: Field, value: str, journey: Journey, answers: Mapping[str, str]
) -> Check[object]:
    """A choice must be one of the field's options (communes are checked by their rule)."""
    if fld.options_from == "communes":
        return Check.good(value)
    if value in field_options(fld, answers):
        return Check.good(value)
    return Check.bad(Message.of("demarches.choix_invalide", champ=fld.label))
