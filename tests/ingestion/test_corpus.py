"""Every article of the shared corpus becomes a bank whose items come from article text only."""

from __future__ import annotations

import pytest

from learning.ingestion import build_bank, decode_source
from tests.ingestion.corpus import ARTICLES, require_corpus

# What page furniture looks like once it has leaked into an item.
FURNITURE = (
    "home >",
    "home ›",
    "updated:",
    "last reviewed",
    "last updated",
    "click here",
    "for more information",
    "share this page",
    "print this page",
    "www.",
    "1-800",
    "1-888",
    "1-877",
    "information page",
    "patient version",
)


@pytest.fixture(params=ARTICLES or [None], ids=lambda path: path.name if path else "none")
def article(request):
    require_corpus()
    return request.param


def test_every_corpus_article_gives_a_bank_without_furniture(article):
    bank = build_bank(decode_source(article.read_bytes()), filename=article.name)
    assert bank.questions
    for furniture in FURNITURE:
        assert furniture not in bank.title.lower()
    for question in bank.questions:
        text = f"{question.prompt} {question.source_quote} {question.answer}".lower()
        leaked = [furniture for furniture in FURNITURE if furniture in text]
        assert not leaked, (question.prompt, question.source_quote)
