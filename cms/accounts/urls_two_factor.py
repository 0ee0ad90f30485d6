from django.urls import path

from . import views_two_factor as views

app_name = "accounts_2fa"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("konfiguracja/", views.setup, name="setup"),
    path("kody-zapasowe/", views.recovery_codes, name="recovery_codes"),
]
