"""Look-alike usernames: UTS #39 skeletons, no database."""

from __future__ import annotations

import pytest

from learning.usernames import username_skeleton, usernames_confusable


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("sam", "ѕаm"),  # Cyrillic dze and a
        ("bob", "bоb"),  # Cyrillic o
        ("olga", "оlgа"),
        ("paypal", "раураl"),  # all but the l Cyrillic
        ("omar", "οmar"),  # Greek omicron
        ("mary", "rnary"),  # a sequence: m looks like rn
        ("Ian", "lan"),  # capital I and small l
        ("SAM", "ѕаm"),  # only alike once case is ignored
        ("sam", "ЅАМ"),  # Cyrillic capitals: alike in capitals only
        ("sam", "SɑМ"),  # mixed case and alphabets, found by the fuzz test
        ("ines", "іnеѕ"),
    ],
)
def test_look_alikes_are_confusable(first: str, second: str) -> None:
    assert usernames_confusable(first, second)
    assert usernames_confusable(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [("sam", "sam1"), ("alice", "bob"), ("josé", "jose"), ("olga", "olgas"), ("sam", "pam")],
)
def test_different_names_are_not_confusable(first: str, second: str) -> None:
    assert not usernames_confusable(first, second)


def test_a_skeleton_is_stable_under_itself() -> None:
    for name in ("sam", "ѕаm", "rnary", "раураl", "Ωmega"):
        skeleton = username_skeleton(name)
        assert username_skeleton(skeleton) == skeleton
