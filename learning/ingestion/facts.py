"""Collects what the article teaches: its subject, sentences by category, terms and pools."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learning.ingestion.article import Article, ListBlock, Section
from learning.ingestion.categories import assign_categories, classify_sentence
from learning.ingestion.nlp import PRONUNCIATION, Parser
from learning.ingestion.terms import (
    Abbreviation,
    Definition,
    find_abbreviations,
    find_definition,
    find_gloss_terms,
    find_other_names,
)
from learning.ingestion.text import norm_key, split_sentences, strip_end, words

_TITLE_NOISE = re.compile(r"^(?:what (?:is|are)|understanding|about|all about)\s+", re.I)
_GENERIC_HEADS = frozenset({"syndrome", "disease", "disorder", "condition", "infection"})
# Words and endings that name a condition; used to find wrong-but-plausible "other names".
_CONDITION = re.compile(
    r"(?:\b(?:syndrome|disease|disorder|cancer|infection|deficiency|myeloma|lymphoma|leukemia|"
    r"carcinoma|arthritis|anemia)|pathy|itis|osis|emia|megaly|plasia|rrhea)$",
    re.I,
)


@dataclass
class Sentence:
    text: str
    section: Section
    category: str
    block: ListBlock | None = None


@dataclass
class Facts:
    article: Article
    subject: str
    subject_keys: set[str]
    sentences: list[Sentence] = field(default_factory=list)
    abbreviations: dict[str, tuple[Abbreviation, Sentence]] = field(default_factory=dict)
    definitions: list[tuple[Definition, Sentence]] = field(default_factory=list)
    other_names: list[tuple[list[str], Sentence]] = field(default_factory=list)
    glosses: dict[str, Sentence] = field(default_factory=dict)
    parser: Parser = field(default_factory=Parser)

    def is_subject(self, text: str) -> bool:
        return norm_key(text) in self.subject_keys

    def mentions_subject(self, text: str) -> bool:
        """The phrase names the subject, perhaps with a modifier ("severe X deficiency")."""
        padded = f" {norm_key(text)} "
        return any(f" {key} " in padded for key in self.subject_keys if len(key) > 2)

    def known_terms(self) -> list[str]:
        """Terms the article names, longest first: the best blanks for a cloze."""
        terms: set[str] = set(self.glosses)
        for abbreviation, _ in self.abbreviations.values():
            terms.update({abbreviation.long, abbreviation.short})
        terms.update(definition.term for definition, _ in self.definitions)
        for names, _ in self.other_names:
            terms.update(names)
        for section in self.article.sections:
            for block in section.lists:
                terms.update(item.name for item in block.items if item.name)
        return sorted((t for t in terms if not self.is_subject(t)), key=lambda t: (-len(t), t))

    def condition_names(self) -> tuple[list[str], list[str]]:
        """Names of conditions the article mentions, other than its subject: multi-word names
        (the most plausible wrong "other names") first, single words second."""
        candidates = [a.long for a, _ in self.abbreviations.values()]
        candidates += [d.term for d, _ in self.definitions] + list(self.glosses)
        subject_claims = " ".join(
            norm_key(d.predicate) for d, _ in self.definitions if self.is_subject(d.term)
        )
        seen: dict[str, str] = {}
        for name in candidates:
            plain = re.sub(r"\s*\([^)]*\)", "", name).strip()
            key = norm_key(plain)
            if (
                _CONDITION.search(plain)
                and not self.is_subject(plain)
                and key not in subject_claims
            ):
                seen.setdefault(key, plain)
        names = sorted(seen.values(), key=str.lower)
        return [n for n in names if " " in n], [n for n in names if " " not in n]

    def word_counts(self) -> dict[str, int]:
        """In how many sentences each word occurs: a word used once is a telling blank."""
        counts: dict[str, int] = {}
        for sentence in self.sentences:
            for word in {w.lower() for w in words(sentence.text)}:
                counts[word] = counts.get(word, 0) + 1
        return counts


def collect(article: Article) -> Facts:
    subject = _subject(article)
    keys = _subject_keys(subject)
    assign_categories(article, {word for key in keys for word in key.split()})
    facts = Facts(article=article, subject=subject, subject_keys=keys)
    for section in article.sections:
        for text in section.sentences:
            facts.sentences.append(
                Sentence(text, section, classify_sentence(text, section.category))
            )
        for block in section.lists:
            for item in block.items:
                body = item.description or item.text
                if item.description or len(body.split()) >= 5:
                    for text in split_sentences(body):
                        facts.sentences.append(Sentence(text, section, block.category, block))
    for sentence in facts.sentences:
        _scan(facts, sentence)
    facts.subject_keys |= _subject_aliases(facts)
    facts.parser.prepare([sentence.text for sentence in facts.sentences])
    # Item names like "Electromyogram (EMG)" hold abbreviations too.
    for section in article.sections:
        for block in section.lists:
            for item in block.items:
                for found in find_abbreviations(item.name or strip_end(item.text)):
                    facts.abbreviations.setdefault(
                        found.short, (found, Sentence(item.text, section, block.category, block))
                    )
    return facts


def _scan(facts: Facts, sentence: Sentence) -> None:
    for found in find_abbreviations(sentence.text):
        facts.abbreviations.setdefault(found.short, (found, sentence))
    definition = find_definition(sentence.text)
    if definition:
        facts.definitions.append((definition, sentence))
    other = find_other_names(sentence.text)
    if other and facts.is_subject(other[0]):
        names = [name for name in other[1] if not facts.is_subject(name)]
        if names:
            facts.other_names.append((names, sentence))
    for term in find_gloss_terms(sentence.text):
        facts.glosses.setdefault(term, sentence)


_ITEM_HEAD = re.compile(
    r"^(.+?)\s+(?:is|are|involves?|includes?|occurs?|refers|means|that|causes?|can|may)\b"
)
_LETTER_LABEL = re.compile(r"^[A-Z]{1,4}\s*[–—:=-]\s*")


def item_label(text: str) -> str:
    """What a list item names: 'Fever.' -> 'Fever'; 'Organomegaly is ...' -> 'Organomegaly'."""
    text = _LETTER_LABEL.sub("", strip_end(text))
    if len(text.split()) <= 8 and len(split_sentences(text)) == 1:
        return text
    match = _ITEM_HEAD.match(text)
    return match.group(1) if match and len(match.group(1).split()) <= 5 else ""


def _subject(article: Article) -> str:
    title = _TITLE_NOISE.sub("", article.title).rstrip("?").strip()
    title = re.split(r"\s*[:|]\s+|\s+[–—-]\s+", title)[0].strip() or article.title
    # "X Syndrome in Children": the article calls it by the name alone.
    head = re.split(r"\s+(?:in|during|among|for)\s+", title)[0]
    if head != title and any(
        head.lower() in sentence.lower() for s in article.sections for sentence in s.sentences
    ):
        title = head
    # "X Cancer Treatment" is about X cancer: the longest start of the
    # title that the article's sentences use (pronunciation guides aside).
    texts = [PRONUNCIATION.sub("", t).lower() for s in article.sections for t in s.sentences]
    words = title.split()
    for size in range(len(words), 0, -1):
        head = " ".join(words[:size]).lower()
        if any(head in text for text in texts):
            title = " ".join(words[:size])
            break
    lowered = title.lower()
    found = ""
    for section in article.sections:
        for sentence in section.sentences:
            at = sentence.lower().find(lowered)
            if at > 0:
                return sentence[at : at + len(title)]  # mid-sentence casing: "celiac disease"
            if at == 0 and not found:
                found = sentence[: len(title)]
    if found:
        return found
    return title


def _subject_aliases(facts: Facts) -> set[str]:
    """Shorter names the article gives its subject: "Alpha-1 protein (AP) deficiency" is also
    "AP deficiency", "Name-Name syndrome (NNS)" is also "NNS", and "X, or AP deficiency,"
    names X again."""
    aliases: set[str] = set()
    for sentence in facts.sentences:
        masked = PRONUNCIATION.sub("", sentence.text)
        for match in _OR_ALIAS.finditer(masked):
            if facts.is_subject(match.group("name")):
                aliases.add(norm_key(match.group("alias")))
    for key in list(facts.subject_keys):
        for abbreviation, _ in facts.abbreviations.values():
            long, short = norm_key(abbreviation.long), norm_key(abbreviation.short)
            if long == key:
                aliases.add(short)
            elif key.startswith(f"{long} "):
                aliases.add(f"{short} {key[len(long) + 1 :]}")
    return aliases


_OR_ALIAS = re.compile(
    r"(?P<name>[A-Z][\w\-’']*(?: [\w\-’']+){0,4}), or (?P<alias>[\w\-’']+(?: [\w\-’']+){0,3}),"
)


def _subject_keys(subject: str) -> set[str]:
    keys = {norm_key(subject)}
    words = subject.split()
    acronyms = [word for word in words if len(word) >= 2 and word.isupper()]
    keys.update(norm_key(word) for word in acronyms)
    if len(words) > 1 and words[-1].lower() in _GENERIC_HEADS:
        keys.add(norm_key(" ".join(words[:-1])))
    # "X tumor and Y carcinoma" is about each of them.
    keys.update(norm_key(part) for part in re.split(r"\s+(?:and|or|&)\s+|,\s*", subject))
    return {key for key in keys if key}
