"""Views of ``/konto/``: thin; the work is in ``services``, ``selectors`` and the forms.

Every response here is private (``never_cache``) and the pages with forms set the CSRF cookie, so
neither the anonymous page cache nor a proxy can hand one person's token or data to another.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import forms, selectors, services
from .redirects import safe_next


@never_cache
@login_required
def dashboard(request):
    return render(
        request,
        "accounts/dashboard.html",
        {
            "panels": selectors.dashboard_panels_for(request=request),
            "missing_profile_fields": selectors.profile_missing_fields(user=request.user),
        },
    )


@never_cache
@ensure_csrf_cookie
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.resident_register(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=data["password1"],
            request=request,
        )
        request.session["accounts_registered_email"] = data["email"]
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


@never_cache
def register_done(request):
    return render(request, "accounts/register_done.html", {"email": request.session.get("accounts_registered_email")})


@never_cache
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    form = forms.ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.confirmation_resend(email=form.cleaned_data["email"], request=request)
        request.session["accounts_registered_email"] = form.cleaned_data["email"]
        return redirect("accounts:register_done")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


@never_cache
def confirm(request, token):
    try:
        result = services.resident_confirm(token=token)
    except services.ConfirmationError as error:
        return render(request, "accounts/confirm_failed.html", {"reason": error.code}, status=400)
    if result.already_confirmed:
        messages.info(request, _("To konto jest już potwierdzone. Możesz się zalogować."))
    else:
        messages.success(request, _("Dziękujemy, adres e-mail jest potwierdzony. Możesz się zalogować."))
    return redirect("accounts:login")


@method_decorator([never_cache, ensure_csrf_cookie], name="dispatch")
class LoginView(auth_views.LoginView):
    """Sign-in by e-mail. A signed-in person sent here from a page their account may not open (a
    resident following a link to the intranet) sees why, and may sign in with another account; one
    who simply opens the page goes to their dashboard (no redirect loop)."""

    form_class = forms.LoginForm
    template_name = "accounts/login.html"

    def get_redirect_url(self):
        return safe_next(self.request)  # Django's own check, plus a log line when it refuses

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.get_redirect_url():
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)


@never_cache
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """GET shows a confirmation with a button; only POST (CSRF-checked) signs out."""
    if request.method == "POST":
        logout(request)
        messages.success(request, _("Wylogowano. Do zobaczenia!"))
        return redirect(safe_next(request) or "/")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "accounts/logout_confirm.html", {"next": safe_next(request)})


@never_cache
@login_required
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def profile(request):
    form = forms.ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}
        services.profile_update(user=request.user, data=data)
        messages.success(request, _("Zapisano zmiany w profilu."))
        return redirect("accounts:profile")
    if request.method == "POST":
        # ModelForm validation copied the bad values onto request.user; the page must show the saved ones.
        request.user.refresh_from_db()
    return render(request, "accounts/profile.html", {"form": form})


@never_cache
@login_required
def verification_required(request):
    return render(request, "accounts/verification_required.html", {"next": safe_next(request)})


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the form's token is missing or stale (a tab left open, cookies cleared)."""
    response = render(request, "accounts/csrf_failure.html", {"back": request.path}, status=403)
    response["Cache-Control"] = "no-store, private"
    return response


password_reset = method_decorator([never_cache, ensure_csrf_cookie, csrf_protect], name="dispatch")(
    auth_views.PasswordResetView
).as_view(
    form_class=forms.ResidentPasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = never_cache(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = method_decorator([never_cache, ensure_csrf_cookie], name="dispatch")(
    auth_views.PasswordResetConfirmView
).as_view(
    form_class=forms.ResidentSetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = never_cache(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
