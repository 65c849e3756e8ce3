"""Checks of what citizens type, with the same rules as the real sites.

Pure functions: no Qt, no database, no PDF. Every check returns a ``Check`` (value,
errors, hints) whose messages are keys into ``ressources/textes/fr/regles.yaml``, and
never raises, whatever the string typed.
"""

from kiosque.rules.address import (
    COMPLEMENT_LABELS,
    COMPLEMENTS,
    check_complement,
    check_postal_code,
    check_street_name,
    check_street_number,
)
from kiosque.rules.codes import (
    SECURITY_CODE_REASSURANCE,
    check_digits_code,
    check_free_text,
    check_secret_answer,
    check_security_code,
)
from kiosque.rules.common import INVISIBLE_CHARACTERS, REQUIRED, check_required, is_blank
from kiosque.rules.dates import age_on, check_birth_date, parse_date_fr
from kiosque.rules.email import (
    COMMON_PROVIDERS,
    check_email,
    check_email_confirmation,
    normalize_email,
    suggest_provider,
)
from kiosque.rules.names import check_name, name_key, same_name
from kiosque.rules.nir import (
    check_nir,
    check_nir_identity,
    check_nir_or_provisional,
    check_provisional_id,
    nir_key,
    normalize_nir,
)
from kiosque.rules.normalize import fold, has_forbidden_chars, strip_accents_lower
from kiosque.rules.password import (
    MUST_CONTAIN,
    MUST_CONTAIN_HEADING,
    MUST_NOT_CONTAIN,
    MUST_NOT_CONTAIN_HEADING,
    PASSWORD_RULE_IDS,
    RULES_HEADING,
    check_password_caf,
    check_password_confirmation,
    check_password_retraite,
    password_rules,
)
from kiosque.rules.phone import check_phone
from kiosque.rules.result import Check, RuleStatus, ValidationResult

__all__ = [
    "COMMON_PROVIDERS",
    "COMPLEMENTS",
    "COMPLEMENT_LABELS",
    "INVISIBLE_CHARACTERS",
    "MUST_CONTAIN",
    "MUST_CONTAIN_HEADING",
    "MUST_NOT_CONTAIN",
    "MUST_NOT_CONTAIN_HEADING",
    "PASSWORD_RULE_IDS",
    "REQUIRED",
    "RULES_HEADING",
    "SECURITY_CODE_REASSURANCE",
    "Check",
    "RuleStatus",
    "ValidationResult",
    "age_on",
    "check_birth_date",
    "check_complement",
    "check_digits_code",
    "check_email",
    "check_email_confirmation",
    "check_free_text",
    "check_name",
    "check_nir",
    "check_nir_identity",
    "check_nir_or_provisional",
    "check_password_caf",
    "check_password_confirmation",
    "check_password_retraite",
    "check_phone",
    "check_postal_code",
    "check_provisional_id",
    "check_required",
    "check_secret_answer",
    "check_security_code",
    "check_street_name",
    "check_street_number",
    "fold",
    "has_forbidden_chars",
    "is_blank",
    "name_key",
    "nir_key",
    "normalize_email",
    "normalize_nir",
    "parse_date_fr",
    "password_rules",
    "same_name",
    "strip_accents_lower",
    "suggest_provider",
]
