"""Small text helpers shared by the readers and the question builders."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Tokens that end with a full stop but do not end a sentence.
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st vs etc approx dept fig no e.g i.e a.m p.m u.s u.k".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s%]")
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)

STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    like may might more most much must my no nor not of off on once only or other our out over
    own same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours many often usually typically even still another include includes
    including called known people person someone something make makes get gets help""".split()
)


def clean_space(text: str) -> str:
    """Collapses runs of white space (including non-breaking spaces) into single spaces."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def split_sentences(text: str) -> list[str]:
    """Splits a paragraph into sentences, keeping each one verbatim."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # Only the word before the stop: re-slicing from `start` after every skipped stop
        # ("Dr. Dr. Dr. ...") would cost the square of the paragraph's length.
        space = text.rfind(" ", start, match.start())
        last = text[max(space + 1, start) : match.start()].rstrip(".\"”’')]").lower()
        # "Dr. Smith", "e.g. fever" and initials ("J. Smith") do not end a sentence.
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


@lru_cache(maxsize=131072)  # called for every comparison; the same strings recur a lot
def norm_key(text: str) -> str:
    """A comparison key: case, accents, punctuation and a leading article do not matter."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = clean_space(_PUNCT.sub(" ", folded.replace("’", "'").replace("'", "")))
    return _LEADING_ARTICLE.sub("", folded)


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-]*", text)


def strip_end(text: str) -> str:
    """'Tingling.' -> 'Tingling'; list items and answers read better without end punctuation."""
    return text.strip().rstrip(".;,:").strip()


def stable_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:80] or "article"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """Lowercases a leading capital unless the word is an acronym ('VEGF', 'M-protein')."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and text[1] != "-":
        return text[0].lower() + text[1:]
    return text
