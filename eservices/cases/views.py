"""The resident's cases (``/konto/sprawy/``) and the public receipt check (``/weryfikacja/``).

Thin: reads through ``selectors``, writes through ``services``. Another person's case is a 404 (not
403), so a case's existence is not revealed. Files are always sent as attachments, after the check.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from eservices.forms.fields import file_entries, file_meta

from . import selectors, services
from .forms import MessageForm, SupplementForm, VerifyForm, WithdrawForm
from .workflow import Action, CaseError, is_allowed

PER_PAGE = 20


@never_cache
@login_required
@require_GET
def case_list(request):
    page = Paginator(selectors.cases_for_resident(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"page_obj": page, "cases": page.object_list})


def _detail(request, case, *, message_form=None, supplement_form=None, withdraw_form=None, status=200):
    supplement = selectors.open_supplement_request(case=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "timeline": selectors.timeline_for_resident(case=case),
            "documents": selectors.documents_for_resident(case=case),
            "answers": selectors.answers_for_display(case=case),
            "files": file_entries(case.files),
            "supplement": supplement,
            "message_form": message_form or MessageForm(),
            "supplement_form": supplement_form or (SupplementForm() if supplement else None),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "can_withdraw": is_allowed(Action.WITHDRAW, case.status),
            "can_write": not case.is_final,
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def case_detail(request, pk: int):
    return _detail(request, selectors.case_for_resident(user=request.user, pk=pk))


def _form_error(form, error: CaseError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@never_cache
@login_required
@require_POST
def case_message(request, pk: int):
    case = selectors.case_for_resident(user=request.user, pk=pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_message_from_applicant(
                case=case, user=request.user, text=form.cleaned_data["text"], uploads=form.cleaned_data["files"]
            )
        except CaseError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Wiadomość wysłana do urzędu."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, message_form=form, status=400)


@never_cache
@login_required
@require_POST
def case_supplement(request, pk: int):
    case = selectors.case_for_resident(user=request.user, pk=pk)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_supplement_reply(
                case=case, user=request.user, text=form.cleaned_data["text"], uploads=form.cleaned_data["files"]
            )
        except CaseError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Dziękujemy, uzupełnienie zostało przekazane do urzędu."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, supplement_form=form, status=400)


@never_cache
@login_required
@require_POST
def case_withdraw(request, pk: int):
    case = selectors.case_for_resident(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.case_withdraw(case=case, user=request.user)
        except CaseError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Wniosek został wycofany."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, withdraw_form=form, status=400)


@never_cache
@login_required
@require_GET
def document_download(request, pk: int, document_pk: int):
    document = selectors.document_for_resident(user=request.user, case_pk=pk, document_pk=document_pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )


@never_cache
@login_required
@require_GET
def file_download(request, pk: int, name: str):
    """A file of the application itself (as submitted), from the case's ``files`` snapshot."""
    case = selectors.case_for_resident(user=request.user, pk=pk)
    meta = file_meta(case.files, name)  # ``name`` or ``name.N`` for a field that took several files
    if not meta or not meta.get("path") or not default_storage.exists(meta["path"]):
        raise Http404
    return FileResponse(default_storage.open(meta["path"], "rb"), as_attachment=True, filename=meta.get("name"))


@never_cache
@require_GET
def verify(request):
    """``/weryfikacja/``: type a code; a valid one goes to its result page."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("cases:verify_code", code=form.cleaned_data["code"])
    return render(request, "cases/verify.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_GET
def verify_code(request, code: str):
    """Confirms a receipt: reference, service and time of receipt — nothing personal."""
    from .verification import normalise_code

    normalised = normalise_code(code)
    if normalised and normalised != code:
        return redirect("cases:verify_code", code=normalised)
    case = selectors.case_by_verification_code(code=normalised)
    return render(
        request,
        "cases/verify_result.html",
        {"case": case, "code": code, "form": VerifyForm()},
        status=200 if case else 404,
    )
