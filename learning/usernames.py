"""Usernames that look alike: Unicode skeletons (UTS #39) over Unicode's confusables data.

Two names are confusable when their skeletons are equal: "ѕаm" (Cyrillic ѕ and а) and "sam"
both become "sam". The data comes from confusable-homoglyphs, the maintained, pure-Python
package django-registration uses, which ships Unicode's confusables.txt as a table of each
character's look-alikes (both ways) rather than as a skeleton function, so the skeleton map is
rebuilt from it here. In confusables.txt every line maps one character to its prototype, and
prototypes map to nothing, so the pairs fall into classes: a prototype and its look-alikes. A
class's stand-in is its prototype when that is several characters ("m" looks like "rn"),
otherwise its smallest character: which one does not matter, only that the whole class shares
it. No database here: callers compare skeletons.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from confusable_homoglyphs.confusables import confusables_data

# The data keeps the direction marks confusables.txt's comments put around right-to-left glyphs.
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")


def username_skeleton(username: str) -> str:
    """UTS #39's skeleton: NFD, each character replaced by its class's stand-in, NFD again."""
    stand_ins = _stand_ins()
    decomposed = unicodedata.normalize("NFD", username)
    return unicodedata.normalize("NFD", "".join(stand_ins.get(ch, ch) for ch in decomposed))


def usernames_confusable(first: str, second: str) -> bool:
    """Whether the two names look alike as written, or once case is set aside."""
    return not username_looks(first).isdisjoint(username_looks(second))


# Sign-up compares a new name with every existing one; names hardly change, so each worker
# keeps their looks (about 10 µs to compute, a few hundred bytes to keep).
@lru_cache(maxsize=100_000)
def username_looks(name: str) -> frozenset[str]:
    """The skeletons a name can be read as. Case is folded after the skeleton as well as
    before it: "SɑМ" (a Latin alpha, a Cyrillic capital) only meets "sam" as "SaM", and "ЅАМ"
    (Cyrillic capitals, whose small letters are not look-alikes) only as "SAM"."""
    written = username_skeleton(name)
    return frozenset(
        {written, username_skeleton(name.casefold()), username_skeleton(written.casefold())}
    )


@cache
def _stand_ins() -> dict[str, str]:
    parent: dict[str, str] = {}

    def root(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            ch = parent[ch]
        return ch

    several: dict[str, str] = {}  # a character whose prototype is a sequence -> that sequence
    for key, entries in confusables_data.items():
        key = key.translate(_DIRECTION_MARKS)
        for entry in entries:
            glyph = entry["c"].translate(_DIRECTION_MARKS)
            if len(key) == 1 and len(glyph) == 1:
                first, second = sorted((root(key), root(glyph)))
                parent[second] = first  # the smaller character stands for the class
            elif len(key) == 1 and len(glyph) > 1:
                several[key] = glyph
    singles = {ch: root(ch) for ch in parent}
    for ch, sequence in several.items():
        # The sequence's own characters are prototypes; they go through the same map so that
        # typing the sequence ("rn") gives the same skeleton as its look-alike ("m").
        singles[ch] = "".join(singles.get(part, part) for part in sequence)
    return {ch: stand_in for ch, stand_in in singles.items() if ch != stand_in}
