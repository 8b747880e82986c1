"""Every article of the shared corpus becomes a bank whose items come from article text only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from learning.ingestion import build_bank, decode_source
from tests.ingestion.corpus import ARTICLES, CORPUS, DOCUMENTS, article_for, require_corpus

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


@pytest.fixture(params=DOCUMENTS or [None], ids=lambda path: path.name if path else "none")
def document(request):
    require_corpus()
    if request.param is None:
        pytest.skip("the corpus has no documents")
    return request.param


def _score(article, bank, tmp_path) -> dict:
    """The shared scorer's figures for `bank`, quotes checked against the article's text."""
    bank_file = tmp_path / f"{bank.slug}-{len(list(tmp_path.iterdir()))}.json"
    bank_file.write_text(json.dumps(bank.to_dict()), encoding="utf-8")
    key = CORPUS / "keys" / f"{article.stem}.jsonl"
    scorer = CORPUS.parent / "eval" / "score_bank.py"
    command = [sys.executable, str(scorer), str(article), str(key), str(bank_file), "--json"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out[: out.rindex("}") + 1])


def test_a_document_scores_like_its_article(document, tmp_path):
    article = article_for(document)
    from_document = build_bank(
        decode_source(document.read_bytes(), document.name), filename=document.name
    )
    from_article = build_bank(decode_source(article.read_bytes()), filename=article.name)
    document_score = _score(article, from_document, tmp_path)
    article_score = _score(article, from_article, tmp_path)
    assert document_score["quote_verbatim"] == 1.0
    assert document_score["furniture"] == []
    assert document_score["coverage"] >= article_score["coverage"] - 0.03
