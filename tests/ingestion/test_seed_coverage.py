"""What a student must be able to learn from the seed article is asked by some question."""

import pytest

from learning.ingestion import CATEGORIES, QUESTION_TYPES
from learning.ingestion.text import norm_key
from tests.ingestion.conftest import answers

OTHER_NAMES = [
    "osteosclerotic myeloma",
    "Crow-Fukase syndrome",
    "PEP syndrome",
    "Takatsuki syndrome",
]


def asked(bank, phrase, category=None):
    key = norm_key(phrase)
    return [
        q
        for q in bank.questions
        if key in answers(q) and (category is None or q.category == category)
    ]


def test_the_title_is_found(seed_bank):
    assert seed_bank.title == "POEMS Syndrome"
    assert seed_bank.slug == "poems-syndrome"


def test_every_category_and_every_type_is_present(seed_bank):
    categories = {q.category for q in seed_bank.questions}
    assert categories == set(CATEGORIES)
    assert {q.type for q in seed_bank.questions} == set(QUESTION_TYPES)


def test_the_acronym_is_asked_letter_by_letter(seed_bank):
    letters = {
        "P": "Polyneuropathy",
        "O": "Organomegaly",
        "E": "Endocrinopathy",
        "M": "M-protein",
        "S": "Skin changes",
    }
    for letter, term in letters.items():
        prompt = f"In POEMS, what does the letter {letter} stand for?"
        typed = [q for q in seed_bank.questions if q.prompt == prompt and q.type == "typed"]
        assert typed and typed[0].answer == term
    matching = next(
        q for q in seed_bank.questions if q.category == "acronym" and q.type == "matching"
    )
    assert matching.pairs == [[letter, term] for letter, term in letters.items()]


def test_m_protein_is_also_accepted_by_its_long_form(seed_bank):
    typed = next(
        q
        for q in seed_bank.questions
        if q.prompt == "In POEMS, what does the letter M stand for?" and q.type == "typed"
    )
    assert "monoclonal protein" in [a.lower() for a in typed.accepted_answers]


@pytest.mark.parametrize("name", OTHER_NAMES)
def test_each_other_name_is_asked(seed_bank, name):
    assert asked(seed_bank, name, "synonyms")


def test_no_other_name_is_ever_offered_as_a_wrong_option(seed_bank):
    names = {norm_key(name) for name in OTHER_NAMES}
    for question in seed_bank.questions:
        wrong = [c for c in question.choices if c != question.answer]
        assert not names & {norm_key(c) for c in wrong}, question
        if question.type == "true_false" and question.answer == "False":
            assert not any(norm_key(n) in norm_key(question.prompt) for n in OTHER_NAMES), question


@pytest.mark.parametrize(
    ("phrase", "category"),
    [
        ("300 to 300,000 people", "epidemiology"),
        ("50s and 60s", "epidemiology"),
        ("Tingling", "symptoms"),
        ("A pins-and-needles sensation", "symptoms"),
        ("White fingernails", "symptoms"),
        ("Unexplained weight loss", "symptoms"),
        ("abnormally large organs", "symptoms"),
        ("a hormone problem", "symptoms"),
        ("testosterone and estrogen", "symptoms"),
        ("gynecomastia", "symptoms"),
        ("osteosclerosis", "symptoms"),
        ("Castleman Disease", "symptoms"),
        ("vascular endothelial growth factor", "causes"),
        ("VEGF", "causes"),
        ("no known risk factors", "causes"),
        ("Blood and urine tests", "tests"),
        ("Bone marrow biopsy", "tests"),
        ("measures nerve function", "tests"),
        ("Electromyogram (EMG)", "tests"),
        ("Radiation therapy", "treatments"),
        ("Chemotherapy", "treatments"),
        ("Autologous stem cell transplant", "treatments"),
        ("Physical therapy", "treatments"),
        ("chest pain and breathing trouble", "complications"),
        ("POEMS isn’t preventable", "prevention"),
        ("14 years", "prognosis"),
    ],
)
def test_each_fact_is_asked_in_its_category(seed_bank, phrase, category):
    assert asked(seed_bank, phrase, category), f"nothing asks {phrase!r} under {category}"


def test_each_test_is_matched_with_what_it_shows(seed_bank):
    matching = next(
        q for q in seed_bank.questions if q.category == "tests" and q.type == "matching"
    )
    left = [pair[0] for pair in matching.pairs]
    assert left == [
        "Blood and urine tests",
        "Imaging",
        "Bone marrow biopsy",
        "Electromyogram (EMG)",
    ]
    assert "see if your bones have hardened or thickened" in matching.pairs[1][1]


def test_a_stated_negation_is_asked_once_not_as_twins(seed_bank):
    statements = {q.prompt: q.answer for q in seed_bank.questions if q.type == "true_false"}
    assert statements["POEMS is an autoimmune disease."] == "False"
    # The true sentence right beside its false twin would answer itself.
    assert "POEMS is a paraneoplastic syndrome, not an autoimmune disease." not in statements


def test_a_test_is_offered_as_a_wrong_treatment(seed_bank):
    tests = {"Blood and urine tests", "Imaging", "Bone marrow biopsy", "Electromyogram (EMG)"}
    treatment_mcqs = [
        q for q in seed_bank.questions if q.category == "treatments" and q.type == "mcq"
    ]
    assert treatment_mcqs
    for question in treatment_mcqs:
        assert question.answer not in tests


def test_no_question_comes_from_page_furniture(seed_bank):
    for question in seed_bank.questions:
        text = " ".join(
            [question.prompt, question.answer, question.source_quote, *question.choices]
        )
        for furniture in (
            "Advertising",
            "endorse",
            "Cleveland Clinic",
            "866.223.8100",
            "Last reviewed",
            "editorial process",
            "Medically Reviewed",
            "you have an enlarged",
            "Other signs include",
        ):
            assert furniture not in text, (furniture, question)


def test_an_abbreviation_of_everyday_words_is_not_asked(seed_bank):
    # "people assigned male at birth (AMAB)" abbreviates no term a student must learn.
    prompts = {q.prompt for q in seed_bank.questions}
    assert "What does AMAB stand for?" not in prompts
    assert "What does EMG stand for?" in prompts or any("EMG" in p for p in prompts)
