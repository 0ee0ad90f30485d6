"""Public pages under ``/budzet-obywatelski/``: proposals, submitting, appeals, the ballot, results.

Thin: reads through ``selectors``, writes through ``services`` and ``voting``. A refused action
(``BudgetError``) shows its Polish message on the form and writes nothing. Someone else's draft is a
404. The results pages show only totals — never a ballot.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import pdf, results, selectors, services, voting
from .forms import AppealForm, BallotForm, DistrictForm, ProposalFilter, ProposalForm
from .models import Ballot, Edition, Pool, Proposal
from .rules import BudgetError


def _edition_or_404():
    edition = selectors.current_edition()
    if edition is None:
        raise Http404(_("Nie ma jeszcze żadnej edycji budżetu obywatelskiego."))
    return edition


def _edition_for_results(request):
    """``?edycja=<slug>`` picks an earlier edition's results; by default the current edition."""
    slug = request.GET.get("edycja", "")
    if slug:
        edition = Edition.objects.filter(slug=slug).first()
        if edition is None:
            raise Http404
        return edition
    return _edition_or_404()


def _form_error(form, exc: BudgetError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def proposal_list(request):
    edition = _edition_or_404()
    filterset = ProposalFilter(
        request.GET or None, queryset=selectors.proposal_public_list(edition=edition), edition=edition
    )
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "budget/proposal_list.html", {
        "edition": edition, "phase": edition.phase(), "filter": filterset, "page_obj": page,
        "query": query.urlencode(), "run": selectors.published_run(edition=edition),
    })  # fmt: skip


def proposal_detail(request, pk: int):
    proposal = selectors.proposal_for_viewer(pk=pk, user=request.user)
    if proposal is None:
        raise Http404
    is_author = request.user.is_authenticated and proposal.author_id == request.user.pk
    deadline = services.appeal_deadline(proposal)
    return render(request, "budget/proposal_detail.html", {
        "proposal": proposal, "edition": proposal.edition, "is_author": is_author,
        "decisions": proposal.decisions.exclude(step="assign").order_by("at", "pk"),
        "appeal_deadline": deadline, "can_appeal": is_author and proposal.status == Proposal.Status.REJECTED,
        "can_edit": is_author and proposal.status in (Proposal.Status.DRAFT, Proposal.Status.SUBMITTED)
        and proposal.edition.is_proposals_open(),
    })  # fmt: skip


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int | None = None):
    edition = _edition_or_404()
    proposal = None
    if pk is not None:
        proposal = Proposal.objects.filter(pk=pk, author=request.user).first()
        if proposal is None:
            raise Http404
        edition = proposal.edition
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, instance=proposal, edition=edition)
        if form.is_valid():
            try:
                saved = services.proposal_save_draft(
                    author=request.user,
                    edition=edition,
                    data=form.cleaned_data,
                    cost_text=form.cleaned_data["cost_items_text"],
                    proposal=proposal,
                )
                if "submit" in request.POST and saved.status == Proposal.Status.DRAFT:
                    services.proposal_submit(proposal=saved, by=request.user)
                    messages.success(request, _("Projekt został zgłoszony. Powiadomimy Cię e-mailem o ocenie."))
                else:
                    messages.success(request, _("Zapisano projekt."))
                return redirect("budget:proposal", pk=saved.pk)
            except BudgetError as exc:
                _form_error(form, exc)
    else:
        initial = {"cost_items_text": services.cost_items_text(proposal)} if proposal else {}
        form = ProposalForm(instance=proposal, edition=edition, initial=initial)
    return render(request, "budget/proposal_form.html", {
        "form": form, "edition": edition, "proposal": proposal, "open": edition.is_proposals_open(),
    })  # fmt: skip


@never_cache
@login_required
@require_POST
def proposal_submit(request, pk: int):
    proposal = Proposal.objects.filter(pk=pk, author=request.user).first()
    if proposal is None:
        raise Http404
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
        messages.success(request, _("Projekt został zgłoszony. Powiadomimy Cię e-mailem o ocenie."))
    except BudgetError as exc:
        messages.error(request, exc.message)
    return redirect("budget:proposal", pk=pk)


@never_cache
@login_required
def my_proposals(request):
    return render(request, "budget/my_proposals.html", {"proposals": selectors.proposals_of_author(user=request.user)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_appeal(request, pk: int):
    proposal = Proposal.objects.filter(pk=pk, author=request.user).select_related("edition").first()
    if proposal is None:
        raise Http404
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_appeal(proposal=proposal, text=form.cleaned_data["text"], by=request.user)
            messages.success(request, _("Odwołanie zostało złożone. Rozstrzygnie je koordynator budżetu."))
            return redirect("budget:proposal", pk=pk)
        except BudgetError as exc:
            _form_error(form, exc)
    return render(request, "budget/appeal_form.html", {
        "form": form, "proposal": proposal, "deadline": services.appeal_deadline(proposal),
    })  # fmt: skip


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request):
    """Step 1 (no ``?obszar``): choose the district. Step 2: the ballot of that district and the city."""
    edition = _edition_or_404()
    context = {"edition": edition, "open": edition.is_voting_open()}
    if not context["open"]:
        return render(request, "budget/ballot_closed.html", context)
    district_form = DistrictForm(request.GET if "obszar" in request.GET else None, edition=edition)
    if not district_form.is_bound or not district_form.is_valid():
        return render(request, "budget/ballot_district.html", {**context, "district_form": district_form})
    district: Pool = district_form.cleaned_data["obszar"]
    verified = bool(request.user.is_authenticated and request.user.is_identity_verified and request.user.pesel)
    groups = selectors.ballot_groups(edition=edition, district=district)
    form = BallotForm(request.POST or None, edition=edition, pools=groups, verified=verified)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if verified:
                cast = voting.ballot_cast_verified(
                    edition=edition, district=district, choices=form.choices(), user=request.user
                )
                request.session["budget_ballot_status"] = cast.status
                return redirect("budget:thanks")
            voting.ballot_cast_declared(
                edition=edition,
                district=district,
                choices=form.choices(),
                first_name=data["first_name"],
                last_name=data["last_name"],
                address=data["address"],
                pesel=data["pesel"].strip(),
                email=data["email"],
                age_declared=data.get("age_declared", False),
            )
            request.session["budget_ballot_status"] = Ballot.Status.PENDING
            return redirect("budget:thanks")
        except BudgetError as exc:
            _form_error(form, exc)
    return render(request, "budget/ballot.html", {
        **context, "district": district, "form": form, "groups": form.bound_groups(), "verified": verified,
    })  # fmt: skip


@never_cache
def ballot_thanks(request):
    status = request.session.pop("budget_ballot_status", None)
    return render(request, "budget/ballot_thanks.html", {"status": status, "edition": _edition_or_404()})


@never_cache
@require_http_methods(["GET", "POST"])
def ballot_confirm(request, token: str):
    """GET shows a button (mail scanners open links); POST counts the ballot."""
    if request.method == "GET":
        return render(request, "budget/ballot_confirm.html", {"token": token})
    try:
        confirmed = voting.ballot_confirm(token=token)
    except BudgetError as exc:
        return render(request, "budget/ballot_confirm.html", {"token": token, "error": exc.message}, status=400)
    request.session["budget_ballot_status"] = confirmed.status
    return redirect("budget:thanks")


def results_page(request):
    edition = _edition_for_results(request)
    run = selectors.published_run(edition=edition)
    pools = []
    if run:
        for pool in run.outcome["pools"]:
            top = max([row["votes"] for row in pool["rows"]] + [1])
            rows = [{**row, "percent": round(100 * row["votes"] / top), "label": results.STATUS_LABELS[row["status"]]}
                    for row in pool["rows"]]  # fmt: skip
            pools.append({**pool, "rows": rows})
    archive = Edition.objects.filter(result_runs__published=True).exclude(pk=edition.pk).distinct()
    return render(request, "budget/results.html", {
        "edition": edition, "run": run, "pools": pools, "archive": archive,
        "suffix": f"?edycja={edition.slug}" if request.GET.get("edycja") else "",
    })  # fmt: skip


def _published_or_404(request):
    edition = _edition_for_results(request)
    run = selectors.published_run(edition=edition)
    if run is None:
        raise Http404
    return edition, run


def results_csv(request):
    edition, run = _published_or_404(request)
    response = HttpResponse(results.results_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budzet-obywatelski-{edition.year}-wyniki.csv"'
    return response


def results_pabulib(request, pool_id: int):
    edition, run = _published_or_404(request)
    if not any(p["pool"] == pool_id for p in run.outcome["pools"]):
        raise Http404
    response = HttpResponse(
        results.results_pabulib(edition=edition, run=run, pool_id=pool_id), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="poland_glogow_{edition.year}_{pool_id}.pb"'
    return response


def results_protocol(request):
    edition, run = _published_or_404(request)
    response = HttpResponse(pdf.protocol_pdf(edition=edition, run=run), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protokol-{edition.year}.pdf"'
    return response
