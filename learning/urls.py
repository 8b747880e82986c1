from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from learning.views import assignments as assignment_views
from learning.views import attempts as attempt_views
from learning.views import auth, banks, classes, imports, progress, questions, reports, study
from learning.views import settings as settings_views

urlpatterns = [
    path("", banks.bank_list, name="bank_list"),
    path("banks/upload/", imports.bank_upload, name="bank_upload"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("banks/<slug:slug>/", banks.bank_detail, name="bank_detail"),
    path("banks/<slug:slug>/reserve/", banks.bank_reserve, name="bank_reserve"),
    path("banks/<slug:slug>/publish/", banks.bank_publish, name="bank_publish"),
    path("study/", study.study_home, name="study_home"),
    path("study/<slug:slug>/", study.study_session, name="study_session"),
    path("study/<slug:slug>/reveal/", study.study_reveal, name="study_reveal"),
    path("study/<slug:slug>/grade/", study.study_grade, name="study_grade"),
    path("study/<slug:slug>/undo/", study.study_undo, name="study_undo"),
    path("progress/", progress.progress, name="progress"),
    path("settings/study/", settings_views.study_settings, name="study_settings"),
    path("classes/", classes.class_list, name="class_list"),
    path("classes/new/", classes.class_create, name="class_create"),
    path("classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/rotate-code/", classes.class_rotate_code, name="class_rotate_code"),
    path(
        "classes/<int:pk>/students/<int:user_id>/remove/",
        classes.class_remove_student,
        name="class_remove_student",
    ),
    path("join/", classes.class_join, name="class_join"),
    path("join/<str:code>/", classes.class_join_code, name="class_join_code"),
    path("banks/<slug:slug>/questions/new/", questions.question_new, name="question_new"),
    path(
        "banks/<slug:slug>/questions/<int:pk>/edit/",
        questions.question_edit,
        name="question_edit",
    ),
    path(
        "banks/<slug:slug>/questions/<int:pk>/retire/",
        questions.question_retire_view,
        name="question_retire",
    ),
    path(
        "banks/<slug:slug>/questions/<int:pk>/reserve/",
        questions.question_reserve_view,
        name="question_reserve",
    ),
    path(
        "classes/<int:pk>/assignments/new/",
        assignment_views.assignment_create,
        name="assignment_create",
    ),
    path("assignments/<int:pk>/", assignment_views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/edit/", assignment_views.assignment_edit, name="assignment_edit"),
    path(
        "assignments/<int:pk>/delete/", assignment_views.assignment_delete, name="assignment_delete"
    ),
    path("assignments/<int:pk>/start/", attempt_views.attempt_start, name="attempt_start"),
    path("attempts/<int:pk>/", attempt_views.attempt_take, name="attempt_take"),
    path("attempts/<int:pk>/answer/", attempt_views.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/submit/", attempt_views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", attempt_views.attempt_result, name="attempt_result"),
    path("classes/<int:pk>/gradebook/", reports.gradebook, name="gradebook"),
    path("classes/<int:pk>/gradebook.csv", reports.gradebook_csv, name="gradebook_csv"),
    path(
        "classes/<int:pk>/students/<int:user_id>/",
        reports.student_report,
        name="student_report",
    ),
    path("classes/<int:pk>/memory/", reports.class_memory, name="class_memory"),
    path("assignments/<int:pk>/analysis/", reports.item_analysis, name="item_analysis"),
    path("accounts/login/", auth.log_in, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", auth.signup, name="signup"),
    path("accounts/password-reset/", auth.password_reset, name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
