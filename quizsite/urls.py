from django.contrib import admin
from django.urls import include, path

from learning.ratelimits import LOGIN_LIMITS, limit_posts

urlpatterns = [
    # The admin's login form reaches the same accounts: same limits, same counters.
    path("admin/login/", limit_posts(*LOGIN_LIMITS)(admin.site.login)),
    path("admin/", admin.site.urls),
    path("", include("learning.urls")),
]
