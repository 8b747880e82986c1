"""Questions built from the article's terms: abbreviations and what they stand for."""

from learning.ingestion import build_bank

COPD = """# COPD

## Overview

Chronic obstructive pulmonary disease (COPD) is a long-term condition of the lungs.

## Tests

Doctors use pulmonary function tests (PFT) to measure how well the lungs work.
A computed tomography (CT) scan shows the lungs in detail.
An arterial blood gas (ABG) test measures oxygen in the blood.
"""


def test_the_abbreviation_matching_card_cites_where_its_first_pair_is_defined():
    # The subject's own abbreviation (COPD) is left out of the card, so it must not be cited.
    bank = build_bank(COPD, filename="copd.md")

    (card,) = [q for q in bank.questions if q.type == "matching" and "abbreviation" in q.prompt]

    assert [short for short, _ in card.pairs] == ["PFT", "CT", "ABG"]
    assert card.source_quote == (
        "Doctors use pulmonary function tests (PFT) to measure how well the lungs work."
    )
    assert card.section == "Tests"
