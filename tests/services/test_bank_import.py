from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from learning.ingestion import DraftBank, DraftQuestion, IngestionError
from learning.models import Bank, Question
from learning.services.imports import bank_import

pytestmark = pytest.mark.django_db

MakeDraft = Callable[..., DraftBank]
MakeQuestion = Callable[..., DraftQuestion]


def _import(draft: DraftBank, owner: User | None = None, publish: bool = True):
    return bank_import(
        draft=draft,
        source_text="POEMS syndrome is a rare blood disorder.",
        source_filename="poems.txt",
        owner=owner,
        publish=publish,
    )


def _ids(bank: Bank) -> dict[str, int]:
    return dict(bank.questions.values_list("key", "pk"))


def test_it_creates_a_published_site_bank_with_every_question(make_draft: MakeDraft) -> None:
    report = _import(make_draft())

    bank = Bank.objects.get()
    assert (bank.slug, bank.title, bank.owner, bank.is_published) == (
        "poems-syndrome",
        "POEMS Syndrome",
        None,
        True,
    )
    assert bank.source_filename == "poems.txt"
    assert len(bank.source_sha256) == 64
    assert list(bank.questions.values_list("key", flat=True)) == [
        "acr-1",
        "syn-1",
        "sym-1",
        "sym-2",
        "tst-1",
    ]
    assert report.bank_created
    assert (report.created, report.updated, report.unchanged, report.retired) == (5, 0, 0, 0)


def test_it_stores_every_field_of_a_question(make_draft: MakeDraft) -> None:
    _import(make_draft())

    matching = Question.objects.get(key="tst-1")
    assert matching.category == "tests"
    assert matching.type == "matching"
    assert matching.pairs == [["Biopsy", "plasma cells"], ["X-ray", "bone lesions"]]
    assert Question.objects.get(key="acr-1").accepted_answers == ["nerve damage"]
    assert Question.objects.get(key="syn-1").choices[0] == "Crow-Fukase syndrome"
    assert matching.source_quote == "The article sentence behind tst-1."
    assert matching.section == "Symptoms"


def test_it_reports_counts_per_category_and_type_in_catalogue_order(
    make_draft: MakeDraft,
) -> None:
    report = _import(make_draft())

    assert report.by_category == {"acronym": 1, "synonyms": 1, "symptoms": 2, "tests": 1}
    assert report.by_type == {"mcq": 1, "true_false": 1, "cloze": 1, "typed": 1, "matching": 1}
    assert list(report.by_type) == ["mcq", "true_false", "cloze", "typed", "matching"]
    assert report.active == 5


def test_reimporting_the_same_draft_keeps_primary_keys_and_changes_nothing(
    make_draft: MakeDraft,
) -> None:
    _import(make_draft())
    bank = Bank.objects.get()
    before_ids = _ids(bank)
    before_updated = dict(bank.questions.values_list("key", "updated_at"))

    report = _import(make_draft())

    assert Bank.objects.get().pk == bank.pk
    assert _ids(bank) == before_ids
    assert dict(bank.questions.values_list("key", "updated_at")) == before_updated
    assert not report.bank_created
    assert (report.created, report.updated, report.unchanged, report.retired) == (0, 0, 5, 0)


def test_a_changed_question_is_updated_in_place(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    _import(make_draft([make_question("a"), make_question("b")]))
    original_pk = Question.objects.get(key="a").pk

    report = _import(make_draft([make_question("a", answer="A better answer"), make_question("b")]))

    question = Question.objects.get(key="a")
    assert (question.pk, question.answer) == (original_pk, "A better answer")
    assert (report.updated, report.unchanged) == (1, 1)


def test_questions_missing_from_the_draft_are_retired_not_deleted(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    _import(make_draft([make_question("a"), make_question("b"), make_question("c")]))

    report = _import(make_draft([make_question("a"), make_question("c")]))

    retired = Question.objects.get(key="b")
    assert retired.retired_at is not None
    assert Question.objects.count() == 3
    assert list(Question.objects.active().values_list("key", flat=True)) == ["a", "c"]
    assert report.retired == 1
    assert report.active == 2


def test_an_already_retired_question_is_not_counted_again(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    _import(make_draft([make_question("a"), make_question("b")]))
    _import(make_draft([make_question("a")]))
    first_retirement = Question.objects.get(key="b").retired_at

    report = _import(make_draft([make_question("a")]))

    assert report.retired == 0
    assert Question.objects.get(key="b").retired_at == first_retirement


def test_a_retired_question_that_returns_is_restored_with_its_primary_key(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    _import(make_draft([make_question("a"), make_question("b")]))
    pk = Question.objects.get(key="b").pk
    _import(make_draft([make_question("a")]))

    report = _import(make_draft([make_question("a"), make_question("b")]))

    question = Question.objects.get(key="b")
    assert (question.pk, question.retired_at) == (pk, None)
    assert report.restored == 1


def test_an_instructor_edited_question_is_never_overwritten(
    make_draft: MakeDraft, make_question: MakeQuestion, instructor: User
) -> None:
    _import(make_draft([make_question("a"), make_question("b")]))
    Question.objects.filter(key="a").update(
        prompt="Edited by hand", edited_at=timezone.now(), edited_by=instructor
    )

    report = _import(make_draft([make_question("a", prompt="Generator's new wording")]))

    edited = Question.objects.get(key="a")
    assert edited.prompt == "Edited by hand"
    assert edited.edited_by == instructor
    assert report.kept_edited == 1
    assert report.retired == 1


def test_positions_follow_the_order_of_the_draft(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    _import(make_draft([make_question("a"), make_question("b"), make_question("c")]))

    _import(make_draft([make_question("c"), make_question("a"), make_question("b")]))

    assert list(Question.objects.order_by("position").values_list("key", flat=True)) == [
        "c",
        "a",
        "b",
    ]


def test_an_invalid_question_rolls_back_the_whole_import(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    draft = make_draft([make_question("good"), make_question("bad", category="gossip")])

    with pytest.raises(IngestionError, match="'bad'.*category"):
        _import(draft)

    assert Bank.objects.count() == 0
    assert Question.objects.count() == 0


def test_a_failed_reimport_leaves_the_existing_bank_as_it_was(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    _import(make_draft([make_question("a"), make_question("b")]))

    with pytest.raises(IngestionError):
        _import(
            make_draft(
                [make_question("a", answer="changed"), make_question("c", type="essay")],
                title="A new title",
            )
        )

    bank = Bank.objects.get()
    assert bank.title == "POEMS Syndrome"
    assert Question.objects.get(key="a").answer == "Answer for a"
    assert list(Question.objects.active().values_list("key", flat=True)) == ["a", "b"]


def test_a_draft_with_a_duplicated_id_is_refused(
    make_draft: MakeDraft, make_question: MakeQuestion
) -> None:
    with pytest.raises(IngestionError, match="appears twice"):
        _import(make_draft([make_question("a"), make_question("a")]))

    assert Bank.objects.count() == 0


def test_an_upload_updates_the_uploaders_own_bank(
    make_draft: MakeDraft, make_question: MakeQuestion, instructor: User
) -> None:
    _import(make_draft([make_question("a")]), owner=instructor)

    report = _import(make_draft([make_question("a"), make_question("b")]), owner=instructor)

    assert Bank.objects.count() == 1
    assert report.bank.slug == "poems-syndrome"
    assert report.created == 1


def test_an_upload_never_overwrites_a_site_bank(
    make_draft: MakeDraft, make_question: MakeQuestion, instructor: User
) -> None:
    _import(make_draft([make_question("a")]))

    report = _import(make_draft([make_question("z")]), owner=instructor)

    assert report.bank.slug == "poems-syndrome-ines"
    assert report.bank.owner == instructor
    site_bank = Bank.objects.get(slug="poems-syndrome")
    assert list(site_bank.questions.values_list("key", flat=True)) == ["a"]


def test_an_upload_never_overwrites_another_instructors_bank(
    make_draft: MakeDraft, instructor: User, other_instructor: User
) -> None:
    _import(make_draft(), owner=other_instructor)

    first = _import(make_draft(), owner=instructor)
    again = _import(make_draft(), owner=instructor)

    assert first.bank.slug == "poems-syndrome-ines"
    assert again.bank.pk == first.bank.pk
    assert Bank.objects.get(slug="poems-syndrome").owner == other_instructor


def test_the_command_never_overwrites_an_uploaded_bank(
    make_draft: MakeDraft, instructor: User
) -> None:
    _import(make_draft(), owner=instructor)

    report = _import(make_draft())

    assert report.bank.slug == "poems-syndrome-site"
    assert report.bank.owner is None


def test_a_slug_that_would_shadow_a_fixed_url_is_not_used(make_draft: MakeDraft) -> None:
    report = _import(make_draft(title="Upload", slug="upload"))

    assert report.bank.slug == "upload-site"


def test_an_unpublished_upload_creates_a_draft_bank(
    make_draft: MakeDraft, instructor: User
) -> None:
    report = _import(make_draft(), owner=instructor, publish=False)

    assert report.bank.is_published is False


def test_reuploading_without_publish_keeps_a_published_bank_published(
    make_draft: MakeDraft, instructor: User
) -> None:
    _import(make_draft(), owner=instructor, publish=True)

    report = _import(make_draft(), owner=instructor, publish=False)

    assert Bank.objects.get(pk=report.bank.pk).is_published is True


def _many(make_question: MakeQuestion, n: int) -> list[DraftQuestion]:
    return [make_question(f"q{i}", choices=["a", "b", "c", "d"]) for i in range(n)]


@pytest.mark.parametrize("size", [4, 400])
def test_an_import_runs_a_bounded_number_of_queries(
    make_draft: MakeDraft,
    make_question: MakeQuestion,
    django_assert_max_num_queries: Callable[..., object],
    size: int,
) -> None:
    _import(make_draft(_many(make_question, size)))
    changed = [make_question(f"q{i}", answer="new") for i in range(size // 2)]
    added = [make_question(f"new{i}") for i in range(size // 2)]

    # Bank lookup and save, one read of the questions, bulk writes, one retirement, savepoints.
    with django_assert_max_num_queries(10):
        report = _import(make_draft(changed + added))

    assert (report.updated, report.created, report.retired) == (size // 2,) * 3
