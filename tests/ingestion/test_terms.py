import pytest

from learning.ingestion.terms import (
    align_acronym,
    find_abbreviations,
    find_definition,
    find_figures,
    find_other_names,
    flip_negation,
    split_phrases,
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "a protein called vascular endothelial growth factor (VEGF) may play a role.",
            [("vascular endothelial growth factor", "VEGF")],
        ),
        (
            "a substance called a monoclonal protein (or M-protein) into your blood.",
            [("monoclonal protein", "M-protein")],
        ),
        (
            "more common in men and people assigned male at birth (AMAB).",
            [("assigned male at birth", "AMAB")],
        ),
        ("Electromyogram (EMG): a test.", [("Electromyogram", "EMG")]),
        ("steroids and diuretics (to relieve swelling) help.", []),
        ("develop large breasts (gynecomastia).", []),
    ],
)
def test_abbreviations_pair_a_short_form_with_its_long_form(sentence, expected):
    assert [(a.long, a.short) for a in find_abbreviations(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "subject", "names"),
    [
        (
            "Xyz syndrome is also called A myeloma, B-C syndrome, D syndrome and E syndrome.",
            "Xyz syndrome",
            ["A myeloma", "B-C syndrome", "D syndrome", "E syndrome"],
        ),
        (
            "Shingles is also called herpes zoster or simply zoster.",
            "Shingles",
            ["herpes zoster", "zoster"],
        ),
        (
            "Gout is also known as gouty arthritis or metabolic arthritis.",
            "Gout",
            ["gouty arthritis", "metabolic arthritis"],
        ),
        ("Other names for foo disease include bar and baz.", "foo disease", ["bar", "baz"]),
    ],
)
def test_other_names_are_split_into_a_list(sentence, subject, names):
    assert find_other_names(sentence) == (subject, names)


def test_a_sentence_without_naming_cues_has_no_other_names():
    assert find_other_names("Cells release a substance into your blood.") is None


@pytest.mark.parametrize(
    ("acronym", "text", "expected"),
    [
        (
            "POEMS",
            "stands for common symptoms, including polyneuropathy, organomegaly, endocrinopathy, "
            "M-protein and skin changes.",
            [
                ("P", "polyneuropathy"),
                ("O", "organomegaly"),
                ("E", "endocrinopathy"),
                ("M", "M-protein"),
                ("S", "skin changes"),
            ],
        ),
        (
            "HELLP",
            "stands for hemolysis, elevated liver enzymes and low platelet count.",
            [("H", "hemolysis"), ("EL", "elevated liver enzymes"), ("LP", "low platelet count")],
        ),
        ("ABC", "stands for apples, pears and cherries.", None),
    ],
)
def test_acronym_letters_align_with_the_initials_of_a_run_of_terms(acronym, text, expected):
    assert align_acronym(acronym, split_phrases(text)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Organomegaly is abnormally large organs.",
            ("Organomegaly", "is", "abnormally large organs"),
        ),
        (
            "An EMG is a test that measures nerve function.",
            ("EMG", "is", "a test that measures nerve function"),
        ),
        (
            "Polyneuropathy involves nerve damage throughout your body.",
            ("Polyneuropathy", "involves", "nerve damage throughout your body"),
        ),
        ("The disease is rare.", None),
        ("Symptoms of polyneuropathy are the most common sign of it.", None),
        ("It is a thing that happens to people.", None),
        ("But these genes are common in most people.", None),
        ("The median survival rate is 14 years.", None),
    ],
)
def test_definitions_need_a_short_term_and_a_real_predicate(sentence, expected):
    found = find_definition(sentence)
    assert (found and (found.term, found.verb, found.predicate)) == expected or (
        found is None and expected is None
    )


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("Anywhere from 300 to 300,000 people have it.", ["300 to 300,000 people"]),
        ("It typically affects people in their 50s and 60s.", ["50s and 60s"]),
        ("The median survival is 14 years.", ["14 years"]),
        (
            "It affects 1 in 100 people and fewer than 5% die within 12 to 24 hours.",
            ["1 in 100", "fewer than 5%", "12 to 24 hours"],
        ),
        ("Levels above 6.8 mg/dL matter.", ["6.8 mg/dL"]),
        ("No figures here.", []),
    ],
)
def test_figures_keep_their_units_ranges_and_qualifiers(sentence, figures):
    assert [match.group(0) for match in find_figures(sentence)] == figures


@pytest.mark.parametrize(
    ("sentence", "flipped"),
    [
        ("Foo isn’t preventable.", "Foo is preventable."),
        ("There are no known risk factors for foo.", "There are known risk factors for foo."),
        (
            "Foo is a paraneoplastic syndrome, not an autoimmune disease.",
            "Foo is an autoimmune disease.",
        ),
        ("There is not a cure and it is not catching.", None),  # two negations: no clean flip
        ("Scientists don’t know what causes it.", None),
        ("Milk may leak even if you’re not pregnant.", None),
    ],
)
def test_negations_flip_only_when_the_result_is_clearly_false(sentence, flipped):
    assert flip_negation(sentence) == flipped
