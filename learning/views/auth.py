"""Log in, sign up and password reset behind rate limits; the reset mail is sent by a task."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from learning.forms import SignupForm
from learning.ratelimits import LOGIN_LIMITS, PASSWORD_RESET_LIMITS, SIGNUP_LIMITS, limit_posts
from learning.tasks import password_reset_send_task

_login_page = auth_views.LoginView.as_view(redirect_authenticated_user=True)


@limit_posts(*LOGIN_LIMITS)
def log_in(request: HttpRequest) -> HttpResponse:
    return _login_page(request)


@require_http_methods(["GET", "POST"])
@limit_posts(*PASSWORD_RESET_LIMITS)
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Queued for every address, known or not, and sent by the worker: looking the address
        # up and talking to the mail server take time the answer must not reveal.
        password_reset_send_task.enqueue(
            email=form.cleaned_data["email"],
            domain=request.get_host(),
            use_https=request.is_secure(),
        )
        return redirect("password_reset_done")
    return render(request, "registration/password_reset_form.html", {"form": form})


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
