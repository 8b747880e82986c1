import pytest

from learning.ingestion import IngestionError
from learning.ingestion.article import assemble
from learning.ingestion.readers import read_plain
from tests.ingestion.conftest import SEED


def seed_article():
    return assemble(read_plain(SEED.read_text(encoding="utf-8")))


def all_text(article):
    parts = []
    for section in article.sections:
        parts += [section.heading, *section.sentences]
        for block in section.lists:
            parts += [block.lead_in, *(item.text for item in block.items)]
    return "\n".join(parts)


def test_page_furniture_is_dropped():
    text = all_text(seed_article())
    for furniture in (
        "Advertising",
        "endorse",
        "Policy",
        "Medically Reviewed",
        "Last reviewed",
        "editorial process",
        "866.223.8100",
        "Answer Line",
    ):
        assert furniture not in text


def test_lead_ins_whose_list_was_lost_are_dropped():
    text = all_text(seed_article())
    assert "you have an enlarged:" not in text
    assert "Other signs include:" not in text
    assert "Men and people AMAB may have fertility problems" in text  # the paragraph after stays


def test_lists_keep_their_lead_in_and_split_name_and_description():
    article = seed_article()
    tests = next(s for s in article.sections if s.heading == "How is POEMS syndrome diagnosed?")
    (block,) = tests.lists
    assert block.lead_in == "Your provider may perform several tests, including:"
    assert [item.name for item in block.items] == [
        "Blood and urine tests",
        "Imaging",
        "Bone marrow biopsy",
        "Electromyogram (EMG)",
    ]
    assert block.items[3].description.startswith("An EMG is a test that measures nerve function.")


def test_questions_for_the_reader_to_ask_are_not_facts():
    assert "How serious is my condition?" not in all_text(seed_article())


def test_group_headings_become_parents():
    article = seed_article()
    skin = next(s for s in article.sections if s.heading == "Skin changes")
    assert skin.parent == "Symptoms and Causes"


def test_an_article_without_headings_is_refused():
    with pytest.raises(IngestionError, match="no headings"):
        assemble(read_plain("Just one long paragraph of text. Nothing else at all here."))
