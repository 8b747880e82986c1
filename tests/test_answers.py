"""Checking typed and picked answers, without a database."""

from __future__ import annotations

import pytest

from learning.answers import Verdict, allowed_typos, check_choice, check_typed
from learning.scheduling import Rating

RIGHT = Verdict(correct=True, close=False, suggested=Rating.GOOD)
NEARLY = Verdict(correct=True, close=True, suggested=Rating.HARD)
WRONG = Verdict(correct=False, close=False, suggested=Rating.AGAIN)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("nerve damage", "nerve damage"),
        ("NERVE Damage", "nerve damage"),
        ("  nerve   damage  ", "nerve damage"),
        ("nerve-damage!", "nerve damage"),
        ("nerve damage.", "Nerve damage"),
        ("Crow–Fukase syndrome", "Crow-Fukase syndrome"),
        ("crow fukase syndrome", "Crow-Fukase syndrome"),
        ("Castleman’s disease", "Castleman's disease"),
        ("castlemans disease", "Castleman's disease"),
        ("Guillain Barre", "Guillain-Barré"),
        ("GUILLAIN-BARRÉ", "guillain barre"),
        ("Strasse", "Straße"),
        ("the sclerotic bone lesion", "sclerotic bone lesion"),
        ("a monoclonal protein", "monoclonal protein"),
        ("an organ", "organ"),
        ("organ", "an organ"),
        ("14 years", "14 years"),
        ("3,5", "3.5"),
    ],
)
def test_case_accents_punctuation_spacing_and_a_leading_article_are_ignored(
    given: str, expected: str
) -> None:
    assert check_typed(given, [expected]) == RIGHT


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("theory", "the ory"),  # only a whole leading word is an article
        ("IgG", "IgM"),
        ("lambda", "kappa"),
    ],
)
def test_a_different_answer_is_wrong(given: str, expected: str) -> None:
    assert check_typed(given, [expected]) == WRONG


def test_any_accepted_alternative_counts_as_right() -> None:
    accepted = ["peripheral neuropathy", "polyneuropathy", "nerve damage"]

    assert check_typed("Nerve damage", accepted) == RIGHT
    assert check_typed("polyneuropathy", accepted) == RIGHT
    assert check_typed("myopathy", accepted) == WRONG


def test_an_exact_alternative_beats_a_near_miss_of_an_earlier_one() -> None:
    assert check_typed("lupus", ["lupas", "lupus"]) == RIGHT


@pytest.mark.parametrize(
    ("expected", "typos"),
    [
        ("a", 0),
        ("gout", 0),
        ("lupus", 1),
        ("pancreas", 1),
        ("paraprotein", 2),
        ("polyneuropathy", 2),
    ],
)
def test_the_typos_allowed_grow_with_the_answers_length(expected: str, typos: int) -> None:
    assert allowed_typos(expected) == typos


@pytest.mark.parametrize(
    ("given", "expected", "verdict"),
    [
        pytest.param("gaut", "gout", WRONG, id="4-letters-no-slip"),
        pytest.param("gou", "gout", WRONG, id="4-letters-missing-letter"),
        pytest.param("lupos", "lupus", NEARLY, id="5-letters-one-slip"),
        pytest.param("lupu", "lupus", NEARLY, id="5-letters-one-missing"),
        pytest.param("lapos", "lupus", WRONG, id="5-letters-two-slips"),
        pytest.param("pancreaz", "pancreas", NEARLY, id="8-letters-one-slip"),
        pytest.param("pancraez", "pancreas", WRONG, id="8-letters-two-slips"),
        pytest.param("polyneuropaty", "polyneuropathy", NEARLY, id="14-letters-one-slip"),
        pytest.param("polynuropaty", "polyneuropathy", NEARLY, id="14-letters-two-slips"),
        pytest.param("polnuropaty", "polyneuropathy", WRONG, id="14-letters-three-slips"),
        pytest.param("Polyneuropaty!", "polyneuropathy", NEARLY, id="slip-after-normalising"),
    ],
)
def test_a_small_typo_scaled_to_length_is_accepted_and_suggests_hard(
    given: str, expected: str, verdict: Verdict
) -> None:
    assert check_typed(given, [expected]) == verdict


@pytest.mark.parametrize(
    ("given", "expected", "verdict"),
    [
        pytest.param("14 years", "14 years", RIGHT, id="same"),
        pytest.param("41 years", "14 years", WRONG, id="swapped-digits"),
        pytest.param("15 years", "14 years", WRONG, id="one-digit-off"),
        pytest.param("14 yeers", "14 years", NEARLY, id="typo-in-the-word-only"),
        pytest.param("14", "14 years", WRONG, id="number-without-its-unit"),
        pytest.param("14 years old", "14 years", WRONG, id="extra-words"),
        pytest.param("fourteen years", "14 years", WRONG, id="spelled-out"),
        pytest.param("1.4 years", "14 years", WRONG, id="decimal-point"),
        pytest.param("stage 3", "stage 2", WRONG, id="short-number-in-long-answer"),
    ],
)
def test_numbers_must_match_exactly(given: str, expected: str, verdict: Verdict) -> None:
    assert check_typed(given, [expected]) == verdict


@pytest.mark.parametrize("given", ["", "   ", "!!!", "…", "\n\t"])
def test_an_empty_answer_is_wrong(given: str) -> None:
    assert check_typed(given, ["nerve damage"]) == WRONG


def test_no_accepted_answer_means_nothing_is_right() -> None:
    assert check_typed("anything", []) == WRONG
    assert check_typed("anything", ["", "?!"]) == WRONG


def test_a_generator_of_accepted_answers_is_read_once() -> None:
    accepted = (answer for answer in ["lupas", "lupus"])

    assert check_typed("lupus", accepted) == RIGHT


@pytest.mark.parametrize(
    ("given", "answer", "verdict"),
    [
        ("Crow-Fukase syndrome", "Crow-Fukase syndrome", RIGHT),
        (" Crow-Fukase syndrome\n", "Crow-Fukase syndrome", RIGHT),
        ("Lupus", "Crow-Fukase syndrome", WRONG),
        ("True", "True", RIGHT),
        ("False", "True", WRONG),
        ("", "True", WRONG),
        ("polyneuropathy", "polyneuropathy", RIGHT),
        ("polyneuropaty", "polyneuropathy", WRONG),  # picks are exact: no typo tolerance
    ],
)
def test_a_picked_choice_is_right_or_wrong_with_nothing_in_between(
    given: str, answer: str, verdict: Verdict
) -> None:
    assert check_choice(given, answer) == verdict


def test_a_swap_of_two_neighbouring_letters_is_one_typo():
    verdict = check_typed("lupsu", ["lupus"])
    assert (verdict.correct, verdict.close) == (True, True)


def test_thousands_separators_do_not_change_a_figure():
    assert check_typed("1000 people", ["1,000 people"]) == Verdict(
        correct=True, close=False, suggested=Rating.GOOD
    )
    assert check_typed("6.8 mg/dL", ["6.8 mg/dL"]).correct
    assert not check_typed("1001 people", ["1,000 people"]).correct
    assert not check_typed("68 mg/dL", ["6.8 mg/dL"]).correct
