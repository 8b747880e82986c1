"""A question must read on its own: a sentence that opens with "It", "This disease" or "These
cells" gets its referent from the sentences before it, or gives no question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from learning.ingestion.text import lower_first, upper_first

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

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
    r"in these cases|then|after that|later)\b",
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
    """What the opening phrase at `bounds` refers to, from up to two sentences before it."""
    phrase = doc.text[bounds[0] : bounds[1]]
    words = phrase.lower().split()
    noun = words[-1] if len(words) > 1 else ""
    for before in reversed(previous[-2:]):
        chunks = list(before.noun_chunks)
        if noun:
            matches = [c for c in chunks if c.root.lemma_.lower() == _lemma(doc, bounds)]
            if matches:
                return _named(matches[-1], mentions_subject, subject)
            if noun in _SUBJECT_NOUNS and any(mentions_subject(c.text) for c in chunks):
                return subject
            continue
        subjects = [c for c in chunks if c.root.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and subjects[0].root.pos_ != "PRON":
            plural = words[0] in {"they", "these", "those"}
            if plural == (subjects[0].root.tag_ in {"NNS", "NNPS"}):
                return _named(subjects[0], mentions_subject, subject)
        return None
    if noun in _SUBJECT_NOUNS:
        return subject
    return None


def rewrite(text: str, bounds: tuple[int, int], referent: str) -> str:
    start, end = bounds
    replacement = upper_first(referent) if start == 0 else lower_first(referent)
    return f"{text[:start]}{replacement}{text[end:]}"


def _lemma(doc: Doc, bounds: tuple[int, int]) -> str:
    span = doc.char_span(bounds[0], bounds[1], alignment_mode="expand")
    return span.root.lemma_.lower() if span is not None else ""


def _named(chunk: Span, mentions_subject, subject: str) -> str:
    """'a rare skin disease called necrotizing panniculitis' is 'necrotizing panniculitis'."""
    if mentions_subject(chunk.text):
        return subject
    doc = chunk.doc
    after = doc[chunk.end : chunk.end + 6]
    if len(after) >= 2 and after[0].lower_ in {"called", "named", "known"}:
        start = 1 + (after[1].lower_ == "as")
        named = [t for t in after[start:] if not t.is_punct]
        cut = next((i for i, t in enumerate(after[start:]) if t.is_punct), len(after) - start)
        if named:
            return after[start : start + cut].text
    text = chunk.text
    first = chunk[0]
    if first.pos_ in {"DET", "PRON"} and first.lower_ not in {"the"}:
        text = "the " + chunk[1:].text if len(chunk) > 1 else text
    return text
