"""The application flow at ``/uslugi/<slug>/wniosek/``: steps (``?krok=N``), summary, confirmation,
and the resume link ("Zapisz i dokończ później", ``wznow/<token>/``).

The views only route: the steps come from ``fields``, the writes from ``services``.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.accounts.access import verified_identity_required
from eservices.catalogue.models import ServicePage

from . import services
from .fields import data_from_answers, definition_of, display_answer, initial_from_profile, step_form, steps_of
from .models import ApplicationForm, Submission
from .selectors import form_for_service


def _step_url(slug: str, number: int) -> str:
    return f"{reverse('eforms:application', kwargs={'slug': slug})}?krok={number}"


def _allowed(request, service):
    """``None`` when the person may apply, else the redirect to sign in or to verification."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    if service.requires_verified_identity:
        response = verified_identity_required(lambda request: None)(request)
        if response is not None:
            return response
    return None


def application(request, slug):
    service = get_object_or_404(ServicePage, slug=slug)
    if (response := _allowed(request, service)) is not None:
        return response
    application_form = ApplicationForm.objects.filter(service=service).first()
    if application_form is None:
        raise Http404
    context = {"service": service, "application_form": application_form}
    if form_for_service(service=service) is None:
        # The draft (if any) is left alone: the resident can finish once the service is back online.
        return render(request, "eforms/unavailable.html", context, status=503)

    if request.method == "POST" and "submission_token" in request.POST:
        done = Submission.objects.filter(token=request.POST["submission_token"], user=request.user).first()
        if done is not None:  # a second click on "Wyślij wniosek"
            return redirect("eforms:confirmation", slug=slug, pk=done.pk)

    draft, expired = services.draft_get_or_start(user=request.user, form=application_form)
    if expired:
        messages.warning(
            request,
            _("Twój wniosek roboczy wygasł, bo nie był zmieniany przez dłuższy czas. Wypełnij formularz od nowa."),
        )
        return redirect(_step_url(slug, 1))

    definition = definition_of(application_form)
    steps = steps_of(definition)
    total = len(steps)
    try:
        number = int(request.GET.get("krok", draft.current_step))
    except ValueError:
        number = draft.current_step
    if number < 1 or number > total + 1:
        number = draft.current_step
    if number > draft.current_step:
        messages.warning(request, _("Najpierw uzupełnij ten krok. Przenieśliśmy Cię do pierwszego niewypełnionego."))
        return redirect(_step_url(slug, draft.current_step))
    context.update(draft=draft, steps=steps, total=total, number=number)
    if number == total + 1:
        return _summary(request, context, definition)

    step = steps[number - 1]
    if request.method == "POST":
        form = step_form(step, known=draft.answers, draft_files=draft.files, data=request.POST, files=request.FILES)
        if request.POST.get("later"):
            return _save_and_send_link(request, context, form, step)
        if form.is_valid():
            uploads = form.uploads()  # one file, or a list where the field takes several
            services.draft_save_step(
                draft=draft, step_number=number, answers=form.answers(), uploads=uploads, total_steps=total,
                step_names=[item["value"]["name"] for item in step.field_items],
            )  # fmt: skip
            target = total + 1 if draft.current_step > total else number + 1
            return redirect(_step_url(slug, target))
        services.draft_save_partial(draft=draft, answers=form.answers_so_far())
    else:
        initial = initial_from_profile(step, request.user)
        initial.update(data_from_answers(step, draft.answers))
        form = step_form(step, known=draft.answers, draft_files=draft.files, initial=initial)
    context.update(step=step, form=form, page_title=application_form.title)
    return render(request, "eforms/step.html", context)


def _save_and_send_link(request, context, form, step):
    """ "Zapisz i dokończ później": keep what is typed (the whole step when it validates) and e-mail a link."""
    draft, slug = context["draft"], context["service"].slug
    with transaction.atomic():
        if form.is_valid():
            uploads = form.uploads()  # one file, or a list where the field takes several
            services.draft_save_step(
                draft=draft, step_number=step.number, answers=form.answers(), uploads=uploads,
                total_steps=context["total"], step_names=[item["value"]["name"] for item in step.field_items],
            )  # fmt: skip
        else:
            services.draft_save_partial(draft=draft, answers=form.answers_so_far())
        services.resume_link_request(
            draft=draft,
            link_for=lambda token: request.build_absolute_uri(
                reverse("eforms:resume", kwargs={"slug": slug, "token": token})
            ),
        )
    return redirect("eforms:resume_sent", slug=slug)


def resume_sent(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    service = get_object_or_404(ServicePage, slug=slug)
    return render(request, "eforms/resume_sent.html",
                  {"service": service, "email": request.user.email, "page_title": _("Link wysłany")})  # fmt: skip


def resume(request, slug, token):
    """Open a draft from the e-mailed link: sign in first, then the first incomplete step of that draft."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    try:
        draft = services.draft_from_resume_token(token=token, user=request.user)
    except services.ResumeLinkError as error:
        service = get_object_or_404(ServicePage, slug=slug)
        context = {"service": service, "error": str(error), "page_title": _("Nie można otworzyć wniosku")}
        return render(request, "eforms/resume_invalid.html", context, status=error.status)
    messages.info(request, _("Wracasz do zapisanego wniosku. Twoje odpowiedzi są zachowane."))
    return redirect(_step_url(draft.form.service.slug, draft.current_step))


def _summary(request, context, definition):
    draft = context["draft"]
    answers, files, invalid_step = services.draft_final_answers(definition=definition, draft=draft)
    if invalid_step is not None:
        messages.warning(request, _("Sprawdź odpowiedzi w tym kroku, zanim wyślesz wniosek."))
        return redirect(_step_url(context["service"].slug, invalid_step))
    error = None
    if request.method == "POST":
        if request.POST.get("submission_token") != draft.submission_token:
            error = _("Formularz wygasł. Sprawdź odpowiedzi i wyślij wniosek jeszcze raz.")
        elif not request.POST.get("declaration"):
            error = _("Zaznacz oświadczenie, aby wysłać wniosek.")
        else:
            submission = services.submission_create(
                user=request.user, token=draft.submission_token, definition=definition, answers=answers, files=files
            )
            return redirect("eforms:confirmation", slug=context["service"].slug, pk=submission.pk)
    rows = []
    for step in context["steps"]:
        items = [
            {"label": item["value"]["label"],
             "value": display_answer(item["type"], answers.get(item["value"]["name"]), files, item["value"]["name"])}
            for item in step.field_items
            if item["value"]["name"] in answers or item["value"]["name"] in files
        ]  # fmt: skip
        rows.append({"step": step, "items": items, "url": _step_url(context["service"].slug, step.number)})
    context.update(rows=rows, error=error, declaration=definition["declaration"],
                   page_title=context["application_form"].title)  # fmt: skip
    return render(request, "eforms/summary.html", context)


def confirmation(request, slug, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    submission = get_object_or_404(
        Submission.objects.select_related("service", "case"), pk=pk, user=request.user, service__slug=slug
    )
    case = getattr(submission, "case", None)
    return render(
        request,
        "eforms/confirmation.html",
        {"submission": submission, "case": case, "service": submission.service, "page_title": _("Wniosek wysłany")},
    )
