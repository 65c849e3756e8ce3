"""Properties: no string makes any rule raise or take more than 50 ms, and every message
produced renders in French."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosque import rules
from kiosque.rules.result import Check, RuleStatus

TODAY = datetime.date(2025, 6, 15)
BIRTH = datetime.date(1980, 1, 5)
MAX_SECONDS = 0.05

RULES: dict[str, Callable[[str], object]] = {
    "fold": rules.fold,
    "strip_accents_lower": rules.strip_accents_lower,
    "has_forbidden_chars": rules.has_forbidden_chars,
    "normalize_nir": rules.normalize_nir,
    "check_required": rules.check_required,
    "check_nir": rules.check_nir,
    "check_nir_provisional": lambda s: rules.check_nir(s, allow_provisional=True),
    "check_nir_identity_nir": lambda s: rules.check_nir_identity(s, "Madame", BIRTH),
    "check_nir_identity_civilite": lambda s: rules.check_nir_identity("1800175999001", s, BIRTH),
    "check_provisional_id": rules.check_provisional_id,
    "check_nir_or_provisional": rules.check_nir_or_provisional,
    "password_rules": lambda s: rules.password_rules(
        s, nom="Lefèvre-Dupont", prenom="Jean", date_naissance=BIRTH, nir="285082B999002"
    ),
    "password_rules_inputs": lambda s: rules.password_rules(
        "Kiosque2024" + s[:30], nom=s, prenom=s, date_naissance=BIRTH, nir=s
    ),
    "password_rules_self": lambda s: rules.password_rules(s, nom=s, prenom=s, nir=s),
    "check_password_retraite": lambda s: rules.check_password_retraite(
        s, nom=s, prenom="Jean", date_naissance=BIRTH, nir=s
    ),
    "check_password_caf": rules.check_password_caf,
    "check_password_confirmation": lambda s: rules.check_password_confirmation(s, s[::-1]),
    "check_email": rules.check_email,
    "check_email_confirmation": lambda s: rules.check_email_confirmation(s, s.upper()),
    "suggest_provider": rules.suggest_provider,
    "check_phone": rules.check_phone,
    "check_birth_date": lambda s: rules.check_birth_date(s, today=TODAY),
    "check_name": rules.check_name,
    "same_name": lambda s: rules.same_name(s, s[::-1]),
    "check_postal_code": rules.check_postal_code,
    "check_postal_code_abroad": lambda s: rules.check_postal_code(s, pays="DE"),
    "check_postal_code_pays": lambda s: rules.check_postal_code("75011", pays=s),
    "check_street_number": rules.check_street_number,
    "check_street_name": rules.check_street_name,
    "check_complement": rules.check_complement,
    "check_security_code": lambda s: rules.check_security_code(s, "aB3dE"),
    "check_security_code_expected": lambda s: rules.check_security_code("aB3dE", s),
    "check_digits_code": rules.check_digits_code,
    "check_free_text": rules.check_free_text,
    "check_secret_answer": rules.check_secret_answer,
}


def run_all(text: str) -> None:
    for name, rule in RULES.items():
        start = time.perf_counter()
        outcome = rule(text)
        elapsed = time.perf_counter() - start
        assert elapsed < MAX_SECONDS, f"{name} took {elapsed * 1000:.1f} ms on {len(text)} chars"
        render(outcome)


def render(outcome: object) -> None:
    """Every message must exist and fill its placeholders."""
    if isinstance(outcome, Check):
        for message in (*outcome.errors, *outcome.hints):
            assert message.text()
        # A refusal carries no value; an acceptance always carries one.
        assert (outcome.value is None) is bool(outcome.errors)
    elif isinstance(outcome, tuple):
        for status in outcome:
            assert isinstance(status, RuleStatus)
            assert status.label.text()
            assert status.refusal.text()


def nir_like() -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789AB2 .-", min_size=0, max_size=40)


def email_like() -> st.SearchStrategy[str]:
    part = st.text(alphabet="abcxyzé.-_+@ ", max_size=30)
    provider = st.sampled_from(rules.COMMON_PROVIDERS)
    return st.one_of(part, st.builds(lambda a, b: f"{a}@{b}", part, provider))


def date_like() -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789/.- ", max_size=24)


def phone_like() -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789+ .-()", max_size=40)


LONG = [
    "0" * 10_000,
    "9" * 10_000,
    "a" * 10_000,
    "@" * 10_000,
    "a@" * 5_000,
    "/" * 10_000,
    "1/" * 5_000,
    " " * 10_000,
    "\u00a0" * 10_000,
    "\u200b" * 10_000,
    "😀" * 10_000,
    "é" * 10_000,
    "e\u0301" * 5_000,
    "ﬁ" * 10_000,
    "ß" * 10_000,
    "'" * 10_000,
    "-" * 10_000,
    "+33" * 3_333,
    "2A" * 5_000,
    "ab " * 3_333,
    "a-" * 5_000,
    "\x00" * 10_000,
    "jean@" + "g" * 9_990 + ".com",
    "jean@" + "a." * 4_990 + "fr",
    "Abcdefgh1" + "x" * 9_990,
    "".join(chr(c) for c in range(0x20, 0x20 + 10_000)),
]


@pytest.mark.parametrize("text", LONG, ids=lambda t: f"{t[:6]!r}x{len(t)}")
def test_long_inputs_never_raise_nor_take_long(text: str) -> None:
    run_all(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=10_000))
def test_any_text_never_raises_nor_takes_long(text: str) -> None:
    run_all(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(nir_like(), email_like(), date_like(), phone_like()))
def test_targeted_text_never_raises_nor_takes_long(text: str) -> None:
    run_all(text)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=20).map(lambda s: s * 500))
def test_repeated_text_never_raises_nor_takes_long(text: str) -> None:
    run_all(text)


@settings(max_examples=200, deadline=None)
@given(nir_like())
def test_nir_value_is_13_normalised_characters(text: str) -> None:
    check = rules.check_nir(text, allow_provisional=True)
    if check.value is not None:
        assert len(check.value) == 13
        assert rules.nir_key(check.value).isdigit()
        assert check.errors == ()
    else:
        assert check.errors


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fold_is_idempotent_and_names_compare_with_themselves(text: str) -> None:
    folded = rules.fold(text)
    assert rules.fold(folded) == folded
    assert rules.same_name(text, folded)
    checked = rules.check_name(text)
    if checked.value is not None:
        assert rules.check_name(checked.value) == checked
