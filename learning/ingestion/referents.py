"""A question must read on its own: a sentence that opens with "It", "This disease" or "These
cells" gets its referent from the sentences before it, or gives no question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from learning.ingestion.text import upper_first

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "such", "another", "other"})
# Nouns that, after a bare "the", point back at something named earlier ("The cells…").
_BACK_NOUNS = frozenset(
    """cell cells condition disease disorder syndrome test tests procedure treatment part
    person patient child children people type form stage tumor problem symptoms signs
    steps step one""".split()
)
# Openings that lean on the sentence before: stripped when they only link ("However,"),
# kept with the sentence before when they carry its meaning ("As a result,").
LINKING = re.compile(
    r"^(?:however|also|in addition|additionally|thus|still|instead|in fact|for example|"
    r"on the other hand|furthermore|moreover|similarly|likewise|otherwise|in general|"
    r"overall|fortunately|unfortunately|currently|today)\s*,\s*",
    re.I,
)
DEPENDENT = re.compile(
    r"^(?:as a result|because of this|for this reason|therefore|this means|in this case|"
    r"in these cases|in some cases|in such cases|at this point|then|after that|later|both|"
    r"other|another|episodes|the technician|the doctor|the provider)\b",
    re.I,
)
_AFFECTED = re.compile(r"^(?:affected|these|such) (?:people|individuals|persons|patients)\b", re.I)
_PRONOUNS = frozenset({"it", "they", "this", "these", "that", "those", "he", "she"})
# Nouns a writer uses to point back at the article's own subject.
_SUBJECT_NOUNS = frozenset({"condition", "disease", "disorder", "syndrome", "illness", "cancer"})


def opening_reference(doc: Doc) -> tuple[int, int] | None:
    """Character bounds of an opening phrase that points back ("It", "This disease"), if any.

    Only the subject matters: "This disease can cause lumps" needs to know what "this disease"
    is; "In this case" does not.
    """
    for token in doc:
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.is_space or token.tag_ == "WDT":
            continue
        if token.head.dep_ != "ROOT" and token.i > 3:
            return None  # a subordinate clause further on names its subject in context
        if token.lower_ in _PRONOUNS and token.pos_ == "PRON":
            return token.idx, token.idx + len(token.text)
        first = token.left_edge
        if first.lower_ in _DEMONSTRATIVES and first.i < token.i:
            return first.idx, token.idx + len(token.text)
        if first.lower_ == "the" and first.i == token.i - 1 and token.lower_ in _BACK_NOUNS:
            return first.idx, token.idx + len(token.text)  # "The cells are…": which cells?
        if _ROMAN_ONLY.match(token.text) and first.i == token.i:
            return token.idx, token.idx + len(token.text)  # a bare "Type I" heading word
        return None  # the first subject names its own referent
    return None


_ROMAN_ONLY = re.compile(r"^(?:Type|Stage) [IVX]+[A-C]?$")


def affected_people(text: str, subject: str) -> str | None:
    """'Affected people often…' -> 'People with {subject} often…'."""
    match = _AFFECTED.match(text)
    if not match:
        return None
    return f"{match.group(0).split()[-1].capitalize()} with {subject}{text[match.end() :]}"


def resolve(
    doc: Doc,
    bounds: tuple[int, int],
    previous: list[Doc],
    subject: str,
    mentions_subject,
) -> str | None:
    """The article's subject, when that is what the opening phrase at `bounds` points back to
    ("This disease", or "It" after a sentence about the subject); None otherwise. Any other
    referent is shown, not pasted in: the sentence before goes in front of the question
    (see `context`), since a noun phrase lifted from it can change what the sentence says
    ("These genes" is not "two faulty genes")."""
    phrase = doc.text[bounds[0] : bounds[1]]
    words = phrase.lower().split()
    noun = words[-1] if len(words) > 1 else ""
    if not previous or words[0] not in {"it", "this", "the"} or words == ["this"]:
        return None  # "If this happens": "this" alone points at a clause, not a name
    if noun and noun not in _SUBJECT_NOUNS:
        return None  # "This measurement" is not the subject, whatever came before
    # Only when the sentence before was about the subject: "This condition is called
    # high blood calcium" after a sentence about its cause names that calcium level.
    subjects = [c for c in previous[-1].noun_chunks if c.root.dep_ in {"nsubj", "nsubjpass"}]
    if subjects and mentions_subject(subjects[0].text) and not _names_it(doc):
        return subject
    return None


def _names_it(doc: Doc) -> bool:
    """'This condition is called X': the sentence names its referent itself."""
    return any(t.lemma_ in {"call", "name", "know"} and t.dep_ in {"ROOT", "relcl"} for t in doc)


def context(doc: Doc, bounds: tuple[int, int], previous: list[Doc]) -> str | None:
    """The sentence before, when it holds what the opening phrase points back to: the noun
    itself for "this measurement", a subject of its own for "It" or "They"."""
    if not previous:
        return None
    before = previous[-1]
    words = doc.text[bounds[0] : bounds[1]].lower().split()
    if len(words) > 1:
        lemma = _lemma(doc, bounds)
        return before.text if any(t.lemma_.lower() == lemma for t in before) else None
    subjects = [t for t in before if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ != "PRON"]
    return before.text if subjects else None


def rewrite(text: str, bounds: tuple[int, int], referent: str) -> str:
    start, end = bounds
    # The subject keeps its own casing ("Name disease"); only a sentence's start changes.
    replacement = upper_first(referent) if start == 0 else referent
    return f"{text[:start]}{replacement}{text[end:]}"


def _lemma(doc: Doc, bounds: tuple[int, int]) -> str:
    span = doc.char_span(bounds[0], bounds[1], alignment_mode="expand")
    return span.root.lemma_.lower() if span is not None else ""
