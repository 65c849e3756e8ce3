"""Resume codes: random, typeable, checked; the brake on guessing; where a resumed session
starts again (pure, no store)."""

from __future__ import annotations

import math
import secrets
from datetime import UTC, date, datetime, timedelta

import pytest

from kiosque import paper
from kiosque.procedures.loader import load_catalogue

AMBIGUOUS = "0O1IL5S2Z8B"


def test_codes_are_random_typeable_and_carry_at_least_40_bits() -> None:
    assert not set(AMBIGUOUS) & set(paper.ALPHABET)
    assert len(set(paper.ALPHABET)) == len(paper.ALPHABET) == 25
    assert paper.RANDOM_LENGTH * math.log2(len(paper.ALPHABET)) >= 40
    codes = {paper.new_resume_code() for _ in range(2000)}
    assert len(codes) == 2000  # no repeat in 2000 draws of 42 bits
    for code in codes:
        assert len(code) == paper.CODE_LENGTH
        assert set(code) <= set(paper.ALPHABET)
        assert paper.check_ok(code)
    # every symbol appears at every random position (secrets.choice, uniform)
    for position in range(paper.RANDOM_LENGTH):
        assert {c[position] for c in codes} == set(paper.ALPHABET)


def test_codes_are_drawn_with_the_secrets_module(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []

    def choice(seq: str) -> str:
        drawn.append(seq)
        return seq[0]

    monkeypatch.setattr(secrets, "choice", choice)
    code = paper.new_resume_code()
    assert drawn == [paper.ALPHABET] * paper.RANDOM_LENGTH
    assert code.startswith("A" * paper.RANDOM_LENGTH)


def test_the_check_character_catches_every_single_typo_and_neighbour_swap() -> None:
    for _ in range(40):
        code = paper.new_resume_code()
        for i in range(paper.CODE_LENGTH):
            for other in paper.ALPHABET:
                if other != code[i]:
                    typo = code[:i] + other + code[i + 1 :]
                    assert not paper.check_ok(typo), (code, typo)
                    assert code in paper.near_misses(typo)
        for i in range(paper.CODE_LENGTH - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                assert not paper.check_ok(swapped)
                assert code in paper.near_misses(swapped)


def test_near_misses_are_few_and_all_valid() -> None:
    code = paper.new_resume_code()
    typo = ("A" if code[3] != "A" else "C").join((code[:3], code[4:]))
    misses = paper.near_misses(typo)
    assert 1 <= len(misses) <= 19
    assert all(paper.check_ok(m) for m in misses)
    assert paper.near_misses("TROP-COURT") == ()


@pytest.mark.parametrize(
    "typed",
    [
        "K7P4-Q9XM-RT",
        "k7p4 q9xm rt",
        "  K7P4Q9XMRT ",
        "https://www.lassuranceretraite.fr/#reprise-K7P4Q9XMRT",
        "https://www.caf.fr/#REPRISE-k7p4q9xmrt",
    ],
)
def test_a_code_is_read_as_typed_or_scanned(typed: str) -> None:
    assert paper.read_typed_code(typed) == "K7P4Q9XMRT"


@pytest.mark.parametrize("typed", ["", "K7P4-Q9XM", "K7P4-Q9XM-RT3", "K7P4-Q9XM-R0", "B7P4Q9XMRT"])
def test_what_cannot_be_a_code_is_refused(typed: str) -> None:
    assert paper.read_typed_code(typed) is None


def test_codes_are_shown_in_groups_of_four() -> None:
    assert paper.display_code("K7P4Q9XMRT") == "K7P4-Q9XM-RT"


def test_qr_content_is_the_official_page_with_the_code_in_the_fragment() -> None:
    content = paper.qr_content("https://www.lassuranceretraite.fr/", "K7P4Q9XMRT")
    assert content == "https://www.lassuranceretraite.fr/#reprise-K7P4Q9XMRT"
    assert paper.read_typed_code(content) == "K7P4Q9XMRT"
    # an official URL with its own fragment keeps only one
    assert paper.qr_content("https://x.fr/a#b", "K7P4Q9XMRT") == "https://x.fr/a#reprise-K7P4Q9XMRT"


def test_a_code_works_to_the_end_of_its_last_day_in_paris() -> None:
    issued = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 23 h 30 in Paris, 2 March
    expires_at, last_day = paper.resume_expiry(issued, 30)
    assert last_day == date(2026, 4, 1)
    # 1 April, 23:59:59.999999 in Paris (summer time: UTC+2)
    assert expires_at.astimezone(UTC) == datetime(2026, 4, 1, 21, 59, 59, 999999, tzinfo=UTC)


def test_the_guard_lets_few_unknown_codes_through_then_doubles_the_wait() -> None:
    guard = paper.ResumeGuard()
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for _ in range(guard.free_tries):
        assert guard.wait_left(now) == timedelta(0)
        guard.failed(now)
    waits = []
    for _ in range(9):
        wait = guard.wait_left(now)
        waits.append(wait)
        now += wait
        assert guard.wait_left(now) == timedelta(0)
        guard.failed(now)
    minutes = [w / timedelta(minutes=1) for w in waits]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    # a day without a failure forgets them
    assert guard.wait_left(now + timedelta(hours=24)) == timedelta(0)


def test_the_guard_allows_few_guesses_a_day() -> None:
    guard = paper.ResumeGuard()
    now = start = datetime(2026, 3, 2, tzinfo=UTC)
    tries = 0
    while now < start + timedelta(days=1):
        now += guard.wait_left(now)
        guard.failed(now)
        tries += 1
    assert tries <= 40
    # with 10 000 live codes, a year of guessing at that pace has no real chance
    live = 10_000
    assert tries * 365 * live / len(paper.ALPHABET) ** paper.RANDOM_LENGTH < 1e-4


def test_every_step_that_needs_a_login_in_memory_resumes_elsewhere() -> None:
    """A step that runs a call that reads the journey's memory, or leads to a step that
    runs one on entering without a call of its own on the way (which would fill the
    memory first), must be listed in RESUME_INSTEAD; its replacement must not need it."""
    catalogue = load_catalogue()

    def enters_with_memory(procedure: str, step_id: str) -> bool:
        step = catalogue.procedure(procedure).step(step_id)
        return step.enter in paper.CALLS_NEEDING_MEMORY

    missing = []
    for proc in catalogue.procedures.values():
        for step in proc.steps:
            needs = step.enter in paper.CALLS_NEEDING_MEMORY
            for action in step.actions.values():
                needs = needs or action.call in paper.CALLS_NEEDING_MEMORY
                for target in action.goto.values() if action.call is None else ():
                    where = target.procedure or proc.id
                    to = target.step or catalogue.procedure(where).first.id
                    needs = needs or enters_with_memory(where, to)
            if needs and (proc.id, step.id) not in paper.RESUME_INSTEAD:
                missing.append(f"{proc.id}/{step.id}")
    assert missing == []
    for (procedure, _step), instead in paper.RESUME_INSTEAD.items():
        step = catalogue.procedure(procedure).step(instead)
        assert (procedure, instead) not in paper.RESUME_INSTEAD
        assert step.enter not in paper.CALLS_NEEDING_MEMORY


def test_the_main_path_is_followed_to_the_next_official_page() -> None:
    from kiosque.procedures.journey import Journey

    catalogue = load_catalogue()
    journey = Journey("retraite-creer-espace", "preparation")
    assert paper.next_official_url(catalogue, journey) == "https://www.lassuranceretraite.fr/"
    titles = [s.id for _p, s in paper.main_path(catalogue, journey)]
    assert titles[:5] == ["preparation", "trouver-le-site", "accueil-site", "identite", "adresse"]
    assert titles[-1] == "mes-services"
    caf = Journey("caf-connexion", "connexion")
    assert paper.next_official_url(catalogue, caf).startswith("https://www.caf.fr/")
    aide = Journey("aide", "recherche")
    assert paper.next_official_url(catalogue, aide).startswith("https://")
