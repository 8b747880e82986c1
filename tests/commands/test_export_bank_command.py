from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from learning.ingestion import DraftBank, DraftQuestion
from learning.models import Bank, Question
from learning.services.imports import bank_import

pytestmark = pytest.mark.django_db

SEED_ARTICLE = Path(settings.BASE_DIR) / "fixtures" / "sources" / "poems-syndrome.txt"
FIELDS = [
    "id",
    "category",
    "type",
    "prompt",
    "answer",
    "accepted_answers",
    "choices",
    "pairs",
    "source_quote",
    "section",
    "quality",
    "reasons",
    "reserve",
]


@pytest.fixture
def bank() -> Bank:
    call_command("import_source", str(SEED_ARTICLE), stdout=io.StringIO())
    return Bank.objects.get()


def _export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_bank", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_generators_shape_and_round_trips_ids(bank: Bank) -> None:
    data = json.loads(_export(bank.slug, "--format", "json"))

    assert data["title"] == bank.title
    assert [q["id"] for q in data["questions"]] == list(
        bank.questions.active().order_by("position").values_list("key", flat=True)
    )
    assert all(sorted(q) == sorted(FIELDS) for q in data["questions"])


def test_reimporting_an_export_changes_nothing(bank: Bank) -> None:
    data = json.loads(_export(bank.slug, "--all"))
    draft = DraftBank(
        title=data["title"],
        slug=bank.slug,
        source_format=bank.source_format,
        questions=[DraftQuestion(**q) for q in data["questions"]],
    )

    report = bank_import(
        draft=draft, source_text=bank.source_text, source_filename=bank.source_filename
    )

    assert report.unchanged == bank.questions.count()
    assert (report.created, report.updated, report.retired) == (0, 0, 0)


def test_csv_has_a_header_and_one_row_per_active_question(bank: Bank) -> None:
    retired = bank.questions.order_by("position").first()
    assert retired is not None
    Question.objects.filter(pk=retired.pk).update(retired_at=timezone.now())

    rows = list(csv.reader(io.StringIO(_export(bank.slug, "--format", "csv"))))

    assert rows[0] == FIELDS
    assert len(rows) - 1 == bank.questions.active().count()
    assert retired.key not in [row[0] for row in rows[1:]]


def test_csv_joins_lists_and_pairs_readably(bank: Bank) -> None:
    matching = bank.questions.filter(type="matching").exclude(pairs=[]).first()
    assert matching is not None

    rows = {
        row["id"]: row for row in csv.DictReader(io.StringIO(_export(bank.slug, "--format", "csv")))
    }

    expected = " | ".join(f"{left} => {right}" for left, right in matching.pairs)
    assert rows[matching.key]["pairs"] == expected


def _hold_back(bank: Bank, count: int) -> list[str]:
    """Sends the bank's first `count` active questions to the reserve, as the generator would."""
    keys = list(bank.questions.active().order_by("position").values_list("key", flat=True)[:count])
    bank.questions.filter(key__in=keys).update(reserve=True, quality=0.1, reasons=["vague"])
    return keys


def test_the_reserve_is_left_out_unless_asked_for(bank: Bank) -> None:
    held = _hold_back(bank, 3)

    active = json.loads(_export(bank.slug))["questions"]
    everything = json.loads(_export(bank.slug, "--all"))["questions"]

    assert not {q["id"] for q in active} & set(held)
    assert all(q["reserve"] is False for q in active)
    assert len(active) == bank.questions.active().count()
    assert len(everything) == bank.questions.not_retired().count() > len(active)
    reserve = {q["id"]: q for q in everything if q["reserve"]}
    assert set(held) <= set(reserve)
    assert reserve[held[0]]["quality"] == 0.1 and reserve[held[0]]["reasons"] == ["vague"]


def test_an_instructors_choice_is_what_the_export_says(bank: Bank) -> None:
    (held,) = _hold_back(bank, 1)
    bank.questions.filter(key=held).update(reserve_choice=False)

    exported = {q["id"]: q for q in json.loads(_export(bank.slug))["questions"]}

    assert exported[held]["reserve"] is False


def test_csv_with_all_has_a_reserve_column(bank: Bank) -> None:
    held = _hold_back(bank, 2)

    rows = list(csv.DictReader(io.StringIO(_export(bank.slug, "--format", "csv", "--all"))))

    assert set(held) <= {row["id"] for row in rows if row["reserve"] == "True"}
    assert {row["reasons"] for row in rows if row["id"] in held} == {"vague"}
    assert len(rows) == bank.questions.not_retired().count()


def test_it_writes_to_a_file(bank: Bank, tmp_path: Path) -> None:
    target = tmp_path / "bank.json"

    _export(bank.slug, "--output", str(target))

    assert json.loads(target.read_text(encoding="utf-8"))["title"] == bank.title


def test_an_unknown_slug_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="no bank with slug 'nope'"):
        _export("nope")
