"""Item analysis: facility, discrimination, option counts and flags, read from real rows."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftQuestion
from learning.models import Assignment, Attempt, Bank, Classroom, Membership, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
CF = "Crow-Fukase syndrome"


@pytest.fixture
def quiz(
    classroom: Classroom,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
    make_assignment: Callable[..., Assignment],
) -> Assignment:
    bank = make_bank(
        questions=[
            make_question(
                "q1",
                type="mcq",
                category="synonyms",
                prompt="Which is another name for POEMS syndrome?",
                answer=CF,
                choices=[CF, "Lupus", "Gout", "Asthma"],
                source_quote="POEMS syndrome is also called Crow-Fukase syndrome.",
            ),
            make_question(
                "q2",
                type="true_false",
                prompt="POEMS is common.",
                answer="True",
                choices=["True", "False"],
                source_quote="POEMS syndrome is a rare blood disorder.",
            ),
            make_question("q3", type="typed"),
            make_question("q4", type="typed"),
            make_question("q5", type="cloze", prompt="It is _____."),
        ]
    )
    return make_assignment(classroom, bank=bank, question_count=5)


def _by_key(quiz: Assignment) -> dict[str, Question]:
    return {q.key: q for q in quiz.bank.questions.all()}


# What six students answered. Totals: s4, s5 = 3 (upper 2); s3 = 2; s0, s1 = 1; s2 = 0. The
# lower two are s1 and s2 (s0 and s1 tie: the later id goes lower).
GIVEN = {
    "s0": {"q2": "False", "q3": "right"},
    "s1": {"q1": "Lupus", "q2": "False", "q3": "right"},
    "s2": {"q1": "Lupus", "q2": "False"},
    "s3": {"q1": CF, "q2": "False", "q4": "right"},
    "s4": {"q1": CF, "q2": "False", "q4": "right", "q5": "right"},
    "s5": {"q1": CF, "q2": "False", "q4": "right", "q5": "right"},
}


def _sit(
    quiz: Assignment,
    given: dict[str, dict[str, str]],
    make_user: Callable[..., User],
    make_attempt: Callable[..., Attempt],
    join: Callable[..., None],
) -> list[User]:
    questions = _by_key(quiz)
    users = []
    for name, answers in given.items():
        user = make_user(name)
        join(quiz.classroom, user)
        rows = {}
        for key, text in answers.items():
            question = questions[key]
            ok = text == "right" or text == question.answer
            rows[question.pk] = (question.answer if text == "right" else text, ok)
        make_attempt(quiz, user, rows)
        users.append(user)
    return users


def _item(html: str, question: Question) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", _item_html(html, question)).split())


def _item_html(html: str, question: Question) -> str:
    found = re.search(rf'id="item-{question.pk}">(.*?)(?=<li class="item|</ol>)', html, re.S)
    assert found, f"no item for {question.key}"
    return found.group(1)


def _get(client: Client, quiz: Assignment) -> str:
    response = client.get(reverse("item_analysis", args=[quiz.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def sat(
    quiz: Assignment,
    make_user: Callable[..., User],
    make_attempt: Callable[..., Attempt],
    join: Callable[..., None],
) -> Assignment:
    """The quiz after six students sat it with the GIVEN answers."""
    _sit(quiz, GIVEN, make_user, make_attempt, join)
    return quiz


def test_it_shows_facility_discrimination_and_how_often_each_option_was_chosen(
    login: Login, instructor: User, sat: Assignment
) -> None:
    quiz = sat
    q = _by_key(quiz)

    html = _get(login(instructor), quiz)

    assert "6 students counted" in html
    assert "(2 students each)" in html
    first = _item(html, q["q1"])
    assert "Responses 6 (1 left blank) Facility 0.50 (3 of 6 right) Discrimination +1.00" in first
    assert f"{CF} Correct 3 Lupus 2 Gout 0 Asthma 0 Left blank 1" in first
    assert "True Correct 0 False 6 Left blank 0" in _item(html, q["q2"])
    assert "Facility 0.33 (2 of 6 right) Discrimination \u22120.50" in _item(html, q["q3"])
    assert "Facility 0.50 (3 of 6 right) Discrimination +1.00" in _item(html, q["q4"])
    assert "How often each option was chosen" not in _item(html, q["q4"])


def test_it_flags_hard_questions_negative_discrimination_and_unpicked_options(
    login: Login, instructor: User, sat: Assignment
) -> None:
    quiz = sat
    q = _by_key(quiz)

    html = _get(login(instructor), quiz)

    flagged = re.search(r'<ul class="flagged-list">(.*?)</ul>', html, re.S)
    assert flagged
    links = re.findall(r'href="#item-(\d+)"', flagged.group(1))
    assert links == [str(q[key].pk) for key in ["q1", "q2", "q3"]]
    first = _item(html, q["q1"])
    assert "Flagged: An option nobody picked Nobody picked: “Gout”, “Asthma”" in first
    second = _item(html, q["q2"])
    assert "Hard: fewer than 20 % answered it correctly" in second
    assert "Nobody picked: “True”" in second
    assert "Negative discrimination: weaker students did better" in _item(html, q["q3"])
    assert "Flagged" not in _item(html, q["q4"]) and "Flagged" not in _item(html, q["q5"])


def test_a_flagged_question_shows_its_source_sentence_and_links_to_the_bank_and_its_editor(
    login: Login, instructor: User, sat: Assignment
) -> None:
    quiz = sat
    second = _by_key(quiz)["q2"]

    html = _get(login(instructor), quiz)

    item = _item_html(html, second)
    assert "<blockquote>POEMS syndrome is a rare blood disorder.</blockquote>" in item
    bank_url = reverse("bank_detail", args=[quiz.bank.slug])
    assert f'href="{bank_url}#question-{second.pk}"' in item
    edit_url = reverse("question_edit", args=[quiz.bank.slug, second.pk])
    assert f'href="{edit_url}"' in item
    # The anchor the link points at exists on the bank page.
    bank_page = login(instructor).get(bank_url).content.decode()
    assert f'id="question-{second.pk}"' in bank_page


def test_on_another_instructors_published_bank_there_is_no_edit_link(
    login: Login, instructor: User, other_instructor: User, sat: Assignment
) -> None:
    sat.bank.owner, sat.bank.is_published = other_instructor, True
    sat.bank.save()
    second = _by_key(sat)["q2"]

    item = _item_html(_get(login(instructor), sat), second)

    assert reverse("bank_detail", args=[sat.bank.slug]) in item
    assert reverse("question_edit", args=[sat.bank.slug, second.pk]) not in item
    assert "Edit the question" not in item


def test_nothing_is_flagged_below_five_responses(
    login: Login,
    instructor: User,
    quiz: Assignment,
    make_user: Callable[..., User],
    make_attempt: Callable[..., Attempt],
    join: Callable[..., None],
) -> None:
    _sit(
        quiz,
        {name: GIVEN[name] for name in ["s0", "s1", "s2", "s4"]},
        make_user,
        make_attempt,
        join,
    )

    html = _get(login(instructor), quiz)

    assert "flags need at least 5 responses" in html
    assert 'class="item item-flagged"' not in html


def test_each_student_counts_once_with_their_best_attempt_and_only_current_members_count(
    login: Login,
    instructor: User,
    student: User,
    other_student: User,
    quiz: Assignment,
    make_attempt: Callable[..., Attempt],
    join: Callable[..., None],
) -> None:
    first = _by_key(quiz)["q1"]
    make_attempt(quiz, student, {first.pk: ("Gout", False)}, number=1)
    make_attempt(quiz, student, {first.pk: (CF, True)}, number=2)
    make_attempt(quiz, student, {}, number=3, submitted=False)  # in progress: not counted
    join(quiz.classroom, other_student)
    make_attempt(quiz, other_student, {first.pk: ("Asthma", False)})
    Membership.objects.filter(student=other_student).delete()

    html = _get(login(instructor), quiz)

    assert "1 student counted" in html
    assert f"{CF} Correct 1 Lupus 0 Gout 0 Asthma 0" in _item(html, first)


def test_question_text_and_answers_are_escaped(
    login: Login,
    instructor: User,
    classroom: Classroom,
    student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
    make_assignment: Callable[..., Assignment],
    make_attempt: Callable[..., Attempt],
) -> None:
    bank = make_bank(
        questions=[
            make_question(
                "x",
                type="mcq",
                prompt="<script>alert(1)</script>",
                answer="<b>A</b>",
                choices=["<b>A</b>", "<i>B</i>"],
                source_quote="<img src=x onerror=alert(2)>",
            )
        ]
    )
    quiz = make_assignment(classroom, bank=bank, question_count=1)
    question = bank.questions.get()
    make_attempt(quiz, student, {question.pk: ("<i>B</i>", False)})

    html = _get(login(instructor), quiz)

    assert "<script>alert(1)" not in html and "<b>A</b>" not in html and "<i>B</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;B&lt;/i&gt;" in html


def test_before_any_submission_it_says_the_figures_come_later(
    login: Login, instructor: User, quiz: Assignment
) -> None:
    html = _get(login(instructor), quiz)

    assert "No submitted attempts yet" in html
    assert "Facility — Discrimination —" in _item(html, _by_key(quiz)["q1"])


def test_with_draws_per_student_each_question_counts_the_attempts_that_had_it(
    login: Login,
    instructor: User,
    quiz: Assignment,
    make_user: Callable[..., User],
    make_attempt: Callable[..., Attempt],
    join: Callable[..., None],
) -> None:
    q = _by_key(quiz)
    Assignment.objects.filter(pk=quiz.pk).update(
        draw="per_student", fixed_question_ids=[], question_count=2
    )
    quiz.refresh_from_db()
    amy, ben = make_user("amy"), make_user("ben")
    join(quiz.classroom, amy, ben)
    make_attempt(quiz, amy, {q["q1"].pk: (CF, True)}, question_ids=[q["q1"].pk, q["q3"].pk])
    make_attempt(quiz, ben, {q["q1"].pk: ("Gout", False)}, question_ids=[q["q5"].pk, q["q1"].pk])

    html = _get(login(instructor), quiz)

    # Only the questions some attempt had, in the bank's order.
    assert re.findall(r'id="item-(\d+)"', html) == [str(q[key].pk) for key in ["q1", "q3", "q5"]]
    assert "Responses 2 Facility 0.50 (1 of 2 right)" in _item(html, q["q1"])
    assert "Responses 1 (1 left blank) Facility 0.00 (0 of 1 right)" in _item(html, q["q3"])
