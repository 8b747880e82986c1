from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from learning.views import auth, banks

urlpatterns = [
    path("", banks.bank_list, name="bank_list"),
    path("banks/upload/", banks.bank_upload, name="bank_upload"),
    path("banks/<slug:slug>/", banks.bank_detail, name="bank_detail"),
    path("banks/<slug:slug>/publish/", banks.bank_publish, name="bank_publish"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", auth.signup, name="signup"),
]
