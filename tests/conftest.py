"""Shared fixtures: role users, a fast password hasher, immediate tasks, bank/draft factories."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from learning.ingestion import DraftBank, DraftQuestion
from learning.models import Assignment, Bank, Classroom, Membership, Question
from learning.roles import INSTRUCTORS_GROUP

PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    # Tasks run where they are enqueued; tests of the real queue switch to the database
    # backend and run its worker themselves.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings: Any) -> None:
    # Rate-limit counters live in a database table that live-server tests do not empty: a new
    # key prefix per test starts every test's counts at zero.
    settings.RATELIMIT_CACHE_PREFIX = f"rl:{uuid.uuid4().hex}:"


def _user(username: str, *, instructor: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if instructor:
        group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
        user.groups.add(group)
    return user


@pytest.fixture
def student(db: None) -> User:
    return _user("sam")


@pytest.fixture
def other_student(db: None) -> User:
    return _user("olga")


@pytest.fixture
def instructor(db: None) -> User:
    return _user("ines", instructor=True)


@pytest.fixture
def other_instructor(db: None) -> User:
    return _user("omar", instructor=True)


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login


def draft_question(key: str, **overrides: Any) -> DraftQuestion:
    """A valid question; tests override only what they are about."""
    values: dict[str, Any] = {
        "id": key,
        "category": "symptoms",
        "type": "flashcard",
        "prompt": f"Prompt for {key}?",
        "answer": f"Answer for {key}",
        "source_quote": f"The article sentence behind {key}.",
        "section": "Symptoms",
    }
    values.update(overrides)
    return DraftQuestion(**values)


DEFAULT_QUESTIONS = [
    draft_question("acr-1", category="acronym", type="typed", accepted_answers=["nerve damage"]),
    draft_question(
        "syn-1",
        category="synonyms",
        type="mcq",
        choices=["Crow-Fukase syndrome", "Lupus", "Gout", "Asthma"],
    ),
    draft_question("sym-1", category="symptoms", type="true_false", choices=["True", "False"]),
    draft_question("sym-2", category="symptoms", type="cloze", prompt="Polyneuropathy is _____."),
    draft_question(
        "tst-1",
        category="tests",
        type="matching",
        pairs=[["Biopsy", "plasma cells"], ["X-ray", "bone lesions"]],
    ),
]


def make_draft_bank(
    questions: list[DraftQuestion] | None = None,
    *,
    title: str = "POEMS Syndrome",
    slug: str = "poems-syndrome",
    source_format: str = "text",
) -> DraftBank:
    return DraftBank(
        title=title,
        slug=slug,
        source_format=source_format,
        questions=list(DEFAULT_QUESTIONS if questions is None else questions),
    )


@pytest.fixture
def make_draft() -> Callable[..., DraftBank]:
    return make_draft_bank


@pytest.fixture
def make_bank(db: None) -> Callable[..., Bank]:
    """Rows written directly, so view tests do not depend on the import service."""

    def _make_bank(
        *,
        owner: User | None = None,
        is_published: bool = True,
        title: str = "POEMS Syndrome",
        slug: str | None = None,
        questions: list[DraftQuestion] | None = None,
    ) -> Bank:
        bank = Bank.objects.create(
            slug=slug or f"bank-{Bank.objects.count() + 1}",
            title=title,
            owner=owner,
            is_published=is_published,
            source_filename="article.txt",
            source_format="text",
            source_text="Article text.",
        )
        Question.objects.bulk_create(
            Question(bank=bank, key=item.id, position=position, **_content(item))
            for position, item in enumerate(DEFAULT_QUESTIONS if questions is None else questions)
        )
        return bank

    return _make_bank


def _content(item: DraftQuestion) -> dict[str, Any]:
    # Only what a Question row stores: the draft also carries generator-only notes (quality).
    stored = {field.name for field in Question._meta.get_fields()} - {"id"}
    return {name: value for name, value in item.to_dict().items() if name in stored}


@pytest.fixture
def make_question() -> Callable[..., DraftQuestion]:
    return draft_question


@pytest.fixture
def classroom(instructor: User, student: User) -> Classroom:
    """The instructor's class, which the student has joined."""
    room = Classroom.objects.create(name="Haematology 101", instructor=instructor)
    Membership.objects.create(classroom=room, student=student)
    return room


@pytest.fixture
def make_assignment(make_bank: Callable[..., Bank]) -> Callable[..., Assignment]:
    """An assignment open now and due in a week, over a fresh published bank by default."""

    def _make_assignment(classroom: Classroom, **overrides: Any) -> Assignment:
        now = timezone.now()
        values: dict[str, Any] = {
            "title": "Quiz 1",
            "question_count": 3,
            "opens_at": now - timedelta(hours=1),
            "due_at": now + timedelta(days=7),
        }
        values.update(overrides)
        if "bank" not in values:
            values["bank"] = make_bank()
        if "fixed_question_ids" not in values and values.get("draw", "fixed") == "fixed":
            questions = values["bank"].questions.active().order_by("position")
            values["fixed_question_ids"] = [q.pk for q in questions[: values["question_count"]]]
        return Assignment.objects.create(classroom=classroom, **values)

    return _make_assignment


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """SQLite tests run on a file, as the app does: an in-memory database shares one cache
    between threads and locks whole tables, so concurrency tests would test something else."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )


# One question of each type, with real answers: what assignments and attempts are tested on.
QUIZ_QUESTIONS = [
    draft_question(
        "quiz-typed",
        category="acronym",
        type="typed",
        prompt="In POEMS, what does the letter P stand for?",
        answer="Polyneuropathy",
        accepted_answers=["polyneuropathy"],
    ),
    draft_question(
        "quiz-mcq",
        category="synonyms",
        type="mcq",
        prompt="Which is another name for POEMS syndrome?",
        answer="Crow-Fukase syndrome",
        choices=["Lupus", "Crow-Fukase syndrome", "Gout", "Asthma"],
    ),
    draft_question(
        "quiz-tf",
        category="synonyms",
        type="true_false",
        prompt="POEMS syndrome is also called osteosclerotic myeloma.",
        answer="True",
        choices=["True", "False"],
    ),
    draft_question(
        "quiz-cloze",
        category="epidemiology",
        type="cloze",
        prompt="Anywhere from _____ have it.",
        answer="300 to 300,000 people",
        accepted_answers=["300 to 300,000 people"],
    ),
    draft_question(
        "quiz-match",
        category="tests",
        type="matching",
        prompt="Match each test with what it shows.",
        answer="Biopsy – plasma cells; X-ray – bone lesions",
        pairs=[["Biopsy", "plasma cells"], ["X-ray", "bone lesions"]],
    ),
    draft_question("quiz-card", category="symptoms", type="flashcard"),
]


@pytest.fixture
def quiz_bank(make_bank: Callable[..., Bank]) -> Bank:
    """A published bank holding QUIZ_QUESTIONS: five gradable questions and a flashcard."""
    return make_bank(slug="quiz-bank", questions=QUIZ_QUESTIONS)


@pytest.fixture
def make_quiz(
    classroom: Classroom, quiz_bank: Bank, make_assignment: Callable[..., Assignment]
) -> Callable[..., Assignment]:
    """An assignment for `classroom` over quiz_bank's five gradable questions, open now."""

    def _make_quiz(**overrides: Any) -> Assignment:
        values: dict[str, Any] = {"bank": quiz_bank, "question_count": 5}
        values.update(overrides)
        if values.get("draw", "fixed") == "fixed" and "fixed_question_ids" not in values:
            gradable = quiz_bank.questions.exclude(type="flashcard").order_by("position")
            values["fixed_question_ids"] = [q.pk for q in gradable[: values["question_count"]]]
        return make_assignment(classroom, **values)

    return _make_quiz
