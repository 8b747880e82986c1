"""Property tests: whatever the input, the generator never crashes and only quotes the article."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning.ingestion import IngestionError, build_bank, decode_source
from learning.ingestion.text import clean_space

WORDS = st.sampled_from(
    "the a of is are called also known as fever pain test biopsy scan therapy drug people "
    "years 14 50% 1 in 100 rare common cause symptoms include may not isn’t (ABC) "
    "Alpha Beta syndrome disease: – . , ? stands for".split()
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
HEADING = st.one_of(
    st.lists(WORDS, min_size=1, max_size=6).map(lambda ws: "What is " + " ".join(ws) + "?"),
    st.sampled_from(["Symptoms", "Causes", "Diagnosis", "Treatment", "Outlook", "Prevention"]),
)
BLOCK = st.one_of(
    st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join),
    st.tuples(SENTENCE.map(lambda s: s[:-1] + ":"), st.lists(SENTENCE, min_size=1, max_size=5)).map(
        lambda pair: pair[0] + "\n" + "\n".join(f"  • {item}" for item in pair[1])
    ),
)
SECTION = st.tuples(HEADING, st.lists(BLOCK, min_size=1, max_size=3)).map(
    lambda pair: pair[0] + "\n\n" + "\n\n".join(pair[1])
)
ARTICLE = st.tuples(
    st.sampled_from(["Alpha Syndrome", "ABC Disease", "Beta"]),
    st.lists(SECTION, min_size=1, max_size=5),
).map(lambda pair: pair[0] + "\n\n" + "\n\n".join(pair[1]) + "\n")

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ARTICLE)
def test_generated_articles_only_ever_quote_the_article(text):
    try:
        bank = build_bank(text, filename="a.txt")
    except IngestionError:
        return
    article = clean_space(text)
    for question in bank.questions:
        assert question.source_quote in article


@FAST
@given(st.text(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.html", "noext"]))
def test_any_text_either_builds_or_raises_a_one_line_error(text, filename):
    try:
        build_bank(text, filename=filename)
    except IngestionError as error:
        assert str(error) and "\n" not in str(error)


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_either_decode_or_raise_a_one_line_error(data):
    try:
        assert isinstance(decode_source(data), str)
    except IngestionError as error:
        assert str(error) and "\n" not in str(error)
