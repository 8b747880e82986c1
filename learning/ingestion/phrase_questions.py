"""Questions from phrases inside a sentence: a term glossed in brackets, and an inline list.

"pulmonologists (lung specialists)" teaches a term and its meaning; "symptoms may include
shortness of breath, wheezing and less ability to be active" teaches a list, asked by naming
one of its members.
"""

from __future__ import annotations

import re

from learning.ingestion.collector import Collector
from learning.ingestion.facts import Facts, Sentence
from learning.ingestion.nlp import PRONUNCIATION
from learning.ingestion.referents import opening_reference, resolve, rewrite
from learning.ingestion.spans import GENERIC_NOUNS, TERM_RARITY, rarity
from learning.ingestion.terms import find_abbreviations
from learning.ingestion.text import lower_first, norm_key, upper_first

# "What is the medical term for…?" only for a word a general reader rarely meets, and that
# English word lists know (an unknown word is as often a coinage as a term).
MEDICAL_RARITY = 3.0

_BRACKET = re.compile(
    r"\((?P<prefix>also known as |also called |or |sometimes called )?(?P<inside>[^()]{2,90})\)"
)
_NOT_A_GLOSS = re.compile(r"\d|\b(?:see|for example|e\.g|i\.e|such as|including)\b|[;:]", re.I)
_SKIP_LEADING = frozenset("a an the your their his her its our my some".split())
_LIST_CUE = frozenset({"include", "includes", "including", "are", "as", "like", "involve"})


def add_phrase_questions(facts: Facts, out: Collector) -> None:
    previous: list = []
    section = None
    for sentence in facts.sentences:
        if sentence.section is not section:
            previous, section = [], sentence.section
        doc = facts.parser.parse(sentence.text)
        if doc is None:
            continue
        _add_glosses(facts, out, sentence, doc)
        _add_dash_glosses(facts, out, sentence, doc)
        _add_inline_list(facts, out, sentence, doc, previous)
        previous.append(doc)


def _common(sentence: Sentence) -> dict[str, str]:
    return {
        "category": sentence.category,
        "section": sentence.section.heading,
        "quote": sentence.text,
    }


def _add_glosses(facts: Facts, out: Collector, sentence: Sentence, doc) -> None:
    text = sentence.text
    abbreviations = {a.short for a in find_abbreviations(text)} | {
        a.long for a in find_abbreviations(text)
    }
    for match in _BRACKET.finditer(text):
        inside = match.group("inside").strip(" ,.")
        if (
            PRONUNCIATION.fullmatch(match.group(0))
            or inside in abbreviations
            or _NOT_A_GLOSS.search(inside)
            or not inside[:1].islower()
            and not match.group("prefix")
            or len(inside.split()) > 10
        ):
            continue
        outside = _phrase_before(doc, match.start())
        if not outside or facts.mentions_subject(outside) or norm_key(outside) == norm_key(inside):
            continue
        inside_span = doc.char_span(
            match.start("inside"), match.start("inside") + len(inside), alignment_mode="expand"
        )
        if inside_span is None or any(t.pos_ in {"VERB", "AUX"} for t in inside_span):
            continue  # "(especially if you smoke)", "(to relieve swelling)" explain, not name
        if inside_span[0].is_stop:
            continue
        if match.group("prefix"):
            _ask_synonym(out, sentence, outside, inside)
            continue
        # The term is the side a general reader meets less often: "missed periods
        # (amenorrhea)", "pulmonologists (lung specialists)".
        if rarity(inside) < rarity(outside):
            term, meaning = inside, outside
        else:
            term, meaning = outside, inside
        if len(term.split()) > 3 or not 0 < rarity(term) < MEDICAL_RARITY:
            continue  # neither side is a medical term ("groin (upper thigh)")
        negated = re.match(r"(?:non|un)-?(?P<word>[a-z]+)$", term.lower())
        if negated and rarity(negated.group("word")) >= TERM_RARITY:
            continue  # "noncancer" negates a plain word: a gloss, not a term
        term_doc, meaning_doc = facts.parser.parse(term), facts.parser.parse(meaning)
        if term_doc is None or term_doc[-1].pos_ not in {"NOUN", "PROPN"}:
            continue  # "gingival (gums)": an adjective is no term to define
        if meaning_doc is None or meaning_doc[-1].pos_ not in {"NOUN", "PROPN"}:
            continue  # "(present from birth)" qualifies, it does not name
        if len(meaning.split()) < 2 and rarity(meaning) >= TERM_RARITY:
            continue  # "metastasectomy (surgery)" says too little
        _ask_term(out, sentence, term=term, meaning=meaning)


# "acute kidney injury—the sudden and temporary loss of kidney function—" explains a term.
_DASH_GLOSS = re.compile(r"[—–]\s?(?P<meaning>[^—–;:()]+?)\s?(?=[—–;]|\.?$)")


def _add_dash_glosses(facts: Facts, out: Collector, sentence: Sentence, doc) -> None:
    for match in _DASH_GLOSS.finditer(sentence.text):
        meaning = match.group("meaning").strip(" ,.")
        span = doc.char_span(match.start("meaning"), match.end("meaning"), alignment_mode="expand")
        if span is None or not 1 <= len(meaning.split()) <= 20:
            continue
        if span[0].pos_ not in {"DET", "NOUN"} or any(
            t.tag_ in {"VBZ", "VBP", "VBD"}
            and t.head.dep_ not in {"relcl", "acl"}
            and t.dep_ not in {"relcl", "acl"}
            for t in span[:4]
        ):
            continue  # "occurs—peeling skin" or "recover—usually within weeks" is no gloss
        term = _phrase_before(doc, match.start())
        if not term or facts.mentions_subject(term):
            continue
        meaning = re.sub(r"^(?:a|an|the)\s+", "", meaning, flags=re.I)
        _ask_term(
            out,
            sentence,
            term=term,
            meaning=meaning,
            why="a term the article explains between dashes",
            quality=0.85,
            both_ways=len(meaning.split()) <= 6,  # a long meaning is no prompt to answer
        )


_MODIFIER_TAGS = frozenset(
    {"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "VBD", "VBG", "HYPH"}
)


def _phrase_before(doc, position: int) -> str:
    """The noun phrase that ends right before the bracket at `position`, with the modifiers
    in front of its noun: "missed periods", "long, slender fingers"."""
    tokens = [t for t in doc if t.idx + len(t.text) <= position and not t.is_space]
    if (
        not tokens
        or tokens[-1].pos_ not in {"NOUN", "PROPN"}
        or doc.text[tokens[-1].idx + len(tokens[-1].text) : position].strip()
    ):
        return ""
    start = len(tokens) - 1
    while start > 0 and (
        tokens[start - 1].tag_ in _MODIFIER_TAGS
        or (tokens[start - 1].text == "," and start > 1 and tokens[start - 2].tag_ == "JJ")
    ):
        start -= 1
    phrase = tokens[start:]
    while phrase and (phrase[0].lower_ in _SKIP_LEADING or phrase[0].text == ","):
        phrase = phrase[1:]
    if not phrase or all(t.lower_ in GENERIC_NOUNS for t in phrase) or len(phrase) > 6:
        return ""
    return doc.text[phrase[0].idx : position].strip()


def _ask_term(
    out: Collector,
    sentence: Sentence,
    *,
    term: str,
    meaning: str,
    why: str = "a term the article explains in brackets",
    quality: float = 0.9,
    both_ways: bool = True,
) -> None:
    verb = "are" if term.lower().endswith("s") and not term.lower().endswith("ss") else "is"
    out.add(
        type="flashcard",
        prompt=f"What {verb} {lower_first(term)}?",
        answer=upper_first(meaning),
        quality=quality,
        reasons=[why],
        **_common(sentence),
    )
    if both_ways:
        out.add(
            type="typed",
            prompt=f"What is the medical term for {lower_first(meaning)}?",
            answer=term,
            accepted=[term],
            quality=quality,
            reasons=[why],
            **_common(sentence),
        )


def _ask_synonym(out: Collector, sentence: Sentence, term: str, other: str) -> None:
    out.add(
        type="typed",
        prompt=f"What is {lower_first(term)} also known as?",
        answer=other,
        accepted=[other],
        quality=0.9,
        reasons=["another name the article gives"],
        **_common(sentence),
    )


def _add_inline_list(facts: Facts, out: Collector, sentence: Sentence, doc, previous) -> None:
    """'X may include A, B and C' -> name one of A, B, C."""
    if sentence.text.rstrip().endswith("?"):
        return  # a question the article asks is no fact
    for token in doc:
        members = [token, *_conjuncts(token)]
        if token.dep_ not in {"dobj", "attr", "pobj"}:
            continue
        listed_two = len(members) == 2 and re.search(r"\b(?:two|both)\b", sentence.text, re.I)
        if len(members) < 3 and not listed_two:
            continue
        if (
            token.dep_ == "pobj"
            and token.head.lower_ not in {"as", "like", "including"}
            and (token.head.head.pos_ not in {"VERB", "AUX"})
        ):
            continue
        if token.dep_ != "pobj" and token.head.lemma_.lower() not in _LIST_CUE | {"be"}:
            continue
        names = [_member(doc, member) for member in members]
        if any(not name or "," in name for name in names) or len(set(map(norm_key, names))) < len(
            names
        ):
            return  # a member the parse ran together ("pelvis, spine") miscounts the list
        start = min(doc[m.left_edge.i].idx for m in members[:1])
        lead = sentence.text[:start].rstrip(" ,:")
        if len(lead.split()) < 3:
            return
        reference = opening_reference(doc)
        if reference is not None:
            if reference[1] > start:
                return
            referent = resolve(doc, reference, previous, facts.subject, facts.mentions_subject)
            if referent is None:
                return
            lead = rewrite(lead, reference, referent)
        lead = PRONUNCIATION.sub("", lead)
        out.add(
            type="typed",
            prompt=f"Name one: {lead} …",
            answer=names[0],
            accepted=names,
            quality=0.85,
            reasons=[f"a list of {len(names)} in one sentence"],
            **_common(sentence),
        )
        if len(names) < 3:
            return
        out.add(
            type="flashcard",
            prompt=f"Name all {len(names)}: {lead} …",
            answer="\n".join(names),
            quality=0.8,
            reasons=[f"a list of {len(names)} in one sentence"],
            **_common(sentence),
        )
        return


def _conjuncts(token) -> list:
    found = []
    for child in token.children:
        if child.dep_ == "conj":
            found += [child, *_conjuncts(child)]
    return found


def _member(doc, token) -> str:
    """A list member's own words: its modifiers and "of" phrase, without its conjuncts."""
    first = token.left_edge.i
    last = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "to"}:
            last = max(last, child.right_edge.i)
        elif child.dep_ in {"conj", "cc", "punct", "relcl", "acl"}:
            break
        elif child.dep_ not in {"appos"}:
            last = max(last, child.right_edge.i)
    tokens = [t for t in doc[first : last + 1] if not t.is_space]
    while tokens and (
        tokens[0].pos_ in {"CCONJ", "PUNCT", "DET"} or tokens[0].lower_ in _SKIP_LEADING
    ):
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ in {"CCONJ", "PUNCT"}:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 8:
        return ""
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
