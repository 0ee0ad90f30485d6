"""The back office of the participatory budget ("Budżet obywatelski" in the Wagtail admin).

Projects (list, verification: assign, formal and merit check, appeal), paper ballots (entry and the
second person's acceptance) and results (compute, publish, protocol and exports). Each POST calls one
service; a refused action shows the service's Polish message and changes nothing. Who sees what:
coordinators everything; evaluators only the proposals assigned to them (another's is a 404); paper
ballots need ``budget.enter_paper_ballot``; anyone else gets 403.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from . import pdf, results, selectors, services, voting
from .forms import BallotForm, DistrictForm
from .models import Ballot, Edition, Proposal, ResultRun
from .roles import COORDINATORS, EVALUATORS
from .rules import BudgetError


def is_coordinator(user) -> bool:
    return user.is_active and user.has_perm("budget.coordinate_budget")


def has_budget_access(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and any(
            user.has_perm(p)
            for p in ("budget.coordinate_budget", "budget.evaluate_proposal", "budget.enter_paper_ballot")
        )
    )


def _forbidden(request):
    return TemplateResponse(request, "budget/admin/forbidden.html", {"page_title": _("Brak dostępu")}, status=403)


def _render(request, template: str, title: str, context: dict, status: int = 200):
    return TemplateResponse(request, template, {"page_title": title, "header_title": title, **context}, status=status)


def _edition(request) -> Edition:
    pk = request.GET.get("edycja") or request.POST.get("edycja")
    if pk and str(pk).isdigit():
        return get_object_or_404(Edition, pk=pk)
    edition = selectors.current_edition()
    if edition is None:
        raise Http404(_("Nie ma żadnej edycji. Dodaj ją w „Edycje”."))
    return edition


def proposals_index(request):
    if not has_budget_access(request.user):
        return _forbidden(request)
    edition = _edition(request)
    qs = Proposal.objects.filter(edition=edition).exclude(status=Proposal.Status.DRAFT)
    qs = qs.select_related("pool", "evaluator", "author").order_by("status", "pool__name", "title")
    if not is_coordinator(request.user):
        qs = qs.filter(evaluator=request.user)
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    return _render(request, "budget/admin/proposals.html", _("Projekty budżetu obywatelskiego"), {
        "edition": edition, "editions": Edition.objects.all(), "proposals": qs, "status": status,
        "statuses": [c for c in Proposal.Status.choices if c[0] != Proposal.Status.DRAFT],
    })  # fmt: skip


class DecisionForm(forms.Form):
    positive = forms.TypedChoiceField(
        label=gettext_lazy("Ocena"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        choices=[("1", gettext_lazy("pozytywna")), ("0", gettext_lazy("negatywna"))],
    )
    reason = forms.CharField(
        label=gettext_lazy("Uzasadnienie (publiczne)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    corrected_cost = forms.CharField(label=gettext_lazy("Koszt po weryfikacji (zł)"), required=False)


def _staff_choices():
    return get_user_model().objects.filter(groups__name__in=[COORDINATORS, EVALUATORS], is_active=True).distinct()


def proposal_review(request, pk: int):
    if not has_budget_access(request.user):
        return _forbidden(request)
    proposal = get_object_or_404(Proposal.objects.select_related("edition", "pool", "evaluator", "author"), pk=pk)
    coordinator = is_coordinator(request.user)
    if not coordinator and proposal.evaluator_id != request.user.pk:
        raise Http404
    can_evaluate = coordinator or (
        request.user.has_perm("budget.evaluate_proposal") and proposal.evaluator_id == request.user.pk
    )
    if request.method == "POST":
        action = request.POST.get("action")
        form = DecisionForm(request.POST)
        try:
            if action == "assign" and coordinator:
                evaluator = get_object_or_404(_staff_choices(), pk=request.POST.get("evaluator") or 0)
                services.proposal_assign(proposal=proposal, evaluator=evaluator, by=request.user)
            elif action in ("formal", "merit", "appeal") and (can_evaluate if action != "appeal" else coordinator):
                if not form.is_valid():
                    raise BudgetError(_("Wybierz ocenę: pozytywna albo negatywna."))
                data = form.cleaned_data
                if action == "formal":
                    services.proposal_formal_check(proposal=proposal, positive=data["positive"], reason=data["reason"],
                                                   by=request.user)  # fmt: skip
                elif action == "merit":
                    services.proposal_merit_check(
                        proposal=proposal,
                        positive=data["positive"],
                        reason=data["reason"],
                        corrected_cost=_decimal(data["corrected_cost"]),
                        by=request.user,
                    )
                else:
                    services.proposal_appeal_decide(proposal=proposal, granted=data["positive"], reason=data["reason"],
                                                    by=request.user)  # fmt: skip
            else:
                return _forbidden(request)
            messages.success(request, _("Zapisano decyzję."))
            return redirect("budget_admin:proposal", pk=pk)
        except BudgetError as exc:
            messages.error(request, exc.message)
    return _render(request, "budget/admin/proposal.html", proposal.title, {
        "proposal": proposal, "decisions": proposal.decisions.select_related("by"), "coordinator": coordinator,
        "can_evaluate": can_evaluate, "staff": _staff_choices() if coordinator else [], "form": DecisionForm(),
    })  # fmt: skip


def _decimal(value: str) -> Decimal | None:
    value = (value or "").strip().replace(" ", "").replace(",", ".")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise BudgetError(_("Koszt po weryfikacji: wpisz kwotę w złotych, np. 12500,00.")) from None


class PaperBallotForm(BallotForm):
    paper_number = forms.CharField(label=gettext_lazy("Numer karty"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, verified=False, **kwargs)
        for name in ("email", "residence", "age_declared"):
            self.fields.pop(name, None)

    def clean(self):
        data = forms.Form.clean(self)
        for name, message in (("first_name", _("Wpisz imię.")), ("last_name", _("Wpisz nazwisko.")),
                              ("address", _("Wpisz adres zamieszkania."))):  # fmt: skip
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


def paper_ballots(request):
    if not request.user.has_perm("budget.enter_paper_ballot"):
        return _forbidden(request)
    edition = _edition(request)
    district_form = DistrictForm(request.GET if "obszar" in request.GET else None, edition=edition)
    form = district = None
    if request.method == "POST" and request.POST.get("action") in ("accept", "discard"):
        ballot = get_object_or_404(Ballot, pk=request.POST.get("ballot") or 0, edition=edition)
        try:
            if request.POST["action"] == "accept":
                ballot = voting.paper_ballot_accept(ballot=ballot, by=request.user)
                messages.success(request, _("Karta zaakceptowana: %(s)s.") % {"s": ballot.get_status_display()})
            else:
                voting.paper_ballot_discard(ballot=ballot, by=request.user)
                messages.success(request, _("Kartę usunięto — wprowadź ją ponownie."))
        except BudgetError as exc:
            messages.error(request, exc.message)
        return redirect(request.get_full_path())
    if district_form.is_bound and district_form.is_valid():
        district = district_form.cleaned_data["obszar"]
        groups = selectors.ballot_groups(edition=edition, district=district)
        form = PaperBallotForm(request.POST or None, edition=edition, pools=groups)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                voting.paper_ballot_enter(
                    edition=edition,
                    district=district,
                    choices=form.choices(),
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    address=data["address"],
                    pesel=data["pesel"].strip(),
                    paper_number=data["paper_number"],
                    by=request.user,
                )
                messages.success(request, _("Karta wprowadzona. Policzymy ją, gdy zaakceptuje ją druga osoba."))
                return redirect(request.get_full_path())
            except BudgetError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    waiting = (
        Ballot.objects.filter(edition=edition, status=Ballot.Status.TO_ACCEPT)
        .select_related("pool", "entered_by")
        .prefetch_related("choices__proposal")
        .order_by("created_at")
    )
    return _render(request, "budget/admin/paper.html", _("Karty papierowe"), {
        "edition": edition, "district_form": district_form, "district": district, "form": form,
        "groups": form.bound_groups() if form else [], "waiting": waiting,
    })  # fmt: skip


def results_admin(request):
    if not is_coordinator(request.user):
        return _forbidden(request)
    edition = _edition(request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "compute":
                results.result_run_create(edition=edition, by=request.user)
                messages.success(request, _("Obliczono wyniki."))
            elif request.POST.get("action") == "publish":
                run = get_object_or_404(ResultRun, pk=request.POST.get("run") or 0, edition=edition)
                results.result_run_publish(run=run, by=request.user)
                messages.success(request, _("Wyniki opublikowano."))
        except BudgetError as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?edycja={edition.pk}")
    return _render(request, "budget/admin/results.html", _("Wyniki"), {
        "edition": edition, "runs": edition.result_runs.all()[:20],
        "counts": {s.label: edition.ballots.filter(status=s).count() for s in Ballot.Status},
    })  # fmt: skip


def result_download(request, pk: int, fmt: str):
    if not is_coordinator(request.user):
        return _forbidden(request)
    run = get_object_or_404(ResultRun.objects.select_related("edition"), pk=pk)
    if fmt == "pdf":
        return HttpResponse(pdf.protocol_pdf(edition=run.edition, run=run), content_type="application/pdf")
    response = HttpResponse(results.results_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wyniki-{run.edition.year}-{run.pk}.csv"'
    return response
