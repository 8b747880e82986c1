from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from learning.views import auth, banks, progress, study
from learning.views import settings as settings_views

urlpatterns = [
    path("", banks.bank_list, name="bank_list"),
    path("banks/upload/", banks.bank_upload, name="bank_upload"),
    path("banks/<slug:slug>/", banks.bank_detail, name="bank_detail"),
    path("banks/<slug:slug>/publish/", banks.bank_publish, name="bank_publish"),
    path("study/", study.study_home, name="study_home"),
    path("study/<slug:slug>/", study.study_session, name="study_session"),
    path("study/<slug:slug>/reveal/", study.study_reveal, name="study_reveal"),
    path("study/<slug:slug>/grade/", study.study_grade, name="study_grade"),
    path("study/<slug:slug>/undo/", study.study_undo, name="study_undo"),
    path("progress/", progress.progress, name="progress"),
    path("settings/study/", settings_views.study_settings, name="study_settings"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", auth.signup, name="signup"),
]
