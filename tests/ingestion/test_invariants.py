"""Rules every generated question keeps, on the seed and on every test article."""

import os

import pytest

from learning.ingestion import CATEGORIES, CLOZE_BLANK, QUESTION_TYPES
from learning.ingestion.nlp import PRONUNCIATION
from learning.ingestion.text import norm_key
from tests.ingestion.conftest import ARTICLES, SEED, bank_for, visible_text

SOURCES = [SEED, *ARTICLES]


@pytest.fixture(scope="module", params=SOURCES, ids=lambda path: path.name)
def source(request):
    return request.param, bank_for(request.param), visible_text(request.param)


def test_every_quote_is_copied_verbatim_from_the_article(source):
    _, bank, text = source
    for question in bank.questions:
        assert question.source_quote and question.source_quote in text, question


def test_fields_are_well_formed(source):
    _, bank, _ = source
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))
    for q in bank.questions:
        assert q.category in CATEGORIES and q.type in QUESTION_TYPES
        assert q.prompt.strip() and q.answer.strip() and q.section.strip()
        if q.type == "mcq":
            assert len(q.choices) == 4 and len({norm_key(c) for c in q.choices}) == 4, q
            assert q.choices.count(q.answer) == 1, q
        elif q.type == "true_false":
            assert q.choices == ["True", "False"] and q.answer in q.choices
        else:
            assert q.choices == []
        if q.type == "matching":
            assert len(q.pairs) >= 2 and all(len(pair) == 2 for pair in q.pairs)
        else:
            assert q.pairs == []
        if q.type == "typed":
            assert q.accepted_answers


def test_a_filled_cloze_gives_back_its_source_sentence(source):
    _, bank, _ = source
    clozes = [q for q in bank.questions if q.type == "cloze"]
    assert clozes
    for q in clozes:
        assert q.prompt.count(CLOZE_BLANK) == 1
        filled = q.prompt.replace(CLOZE_BLANK, q.answer)
        quote = PRONUNCIATION.sub("", q.source_quote)
        # Only the opening may change: "It" or "This disease" into what it refers to, a
        # linking "However," dropped, or the sentence before put in front for context.
        tail = os.path.commonprefix([filled.lower()[::-1], quote.lower()[::-1]])[::-1]
        assert len(quote[: len(quote) - len(tail)].split()) <= 4, (filled, quote)


def test_a_false_statement_is_never_a_sentence_of_the_article(source):
    _, bank, text = source
    for q in bank.questions:
        if q.type == "true_false" and q.answer == "False":
            assert q.prompt not in text, q


def test_wrong_list_options_never_come_from_the_same_list(source):
    _, bank, _ = source
    for q in bank.questions:
        if q.type == "mcq" and q.prompt.endswith("which of these?"):
            listed = next(
                other
                for other in bank.questions
                if other.type == "typed"
                and other.section == q.section
                and q.answer in other.accepted_answers
            )
            wrong = {norm_key(c) for c in q.choices if c != q.answer}
            assert not wrong & {norm_key(a) for a in listed.accepted_answers}, q


def test_the_same_article_always_gives_the_same_ids(source):
    path, bank, _ = source
    assert [q.id for q in bank_for(path).questions] == [q.id for q in bank.questions]


def test_ids_survive_an_unrelated_edit_elsewhere_in_the_article():
    before = bank_for(SEED)
    text = SEED.read_text(encoding="utf-8").replace(
        "Living With",
        "Living With\n\nWhat is a support group?\n\nA support group is a "
        "meeting of people who share an experience.\n\nLiving With more",
        1,
    )
    from learning.ingestion import build_bank

    after = build_bank(text, filename=SEED.name)
    assert {q.id for q in before.questions} <= {q.id for q in after.questions}
