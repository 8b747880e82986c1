"""Log in, sign up and password reset: django.contrib.auth's views behind rate limits."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from learning.forms import SignupForm
from learning.ratelimits import LOGIN_LIMITS, PASSWORD_RESET_LIMITS, SIGNUP_LIMITS, limit_posts

_login_page = auth_views.LoginView.as_view(redirect_authenticated_user=True)
_password_reset_page = auth_views.PasswordResetView.as_view()


@limit_posts(*LOGIN_LIMITS)
def log_in(request: HttpRequest) -> HttpResponse:
    return _login_page(request)


@limit_posts(*PASSWORD_RESET_LIMITS)
def password_reset(request: HttpRequest) -> HttpResponse:
    return _password_reset_page(request)


@require_http_methods(["GET", "POST"])
@limit_posts(*SIGNUP_LIMITS)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("bank_list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)
        return redirect("bank_list")
    return render(request, "registration/signup.html", {"form": form})
