from django.urls import path

from cms.security.ratelimit import rate_limited  # per-IP limit on public form submissions (issue 11)

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rejestracja/", rate_limited("register")(views.register), name="register"),
    path("rejestracja/wyslano/", views.register_done, name="register_done"),
    path(
        "rejestracja/ponow/", rate_limited("resend_confirmation")(views.resend_confirmation), name="resend_confirmation"
    ),
    path("potwierdz/<str:token>/", views.confirm, name="confirm"),
    path("logowanie/", views.LoginView.as_view(), name="login"),
    path("wyloguj/", views.logout_view, name="logout"),
    path("haslo/reset/", rate_limited("password_reset")(views.password_reset), name="password_reset"),
    path("haslo/reset/wyslano/", views.password_reset_done, name="password_reset_done"),
    path("haslo/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("haslo/reset/gotowe/", views.password_reset_complete, name="password_reset_complete"),
    path("profil/", views.profile, name="profile"),
    path("weryfikacja/", views.verification_required, name="verification_required"),
]
