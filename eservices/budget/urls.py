from django.urls import path

from cms.security.ratelimit import rate_limited  # per-IP limit on public form submissions (issue 11)

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("projekty/<int:pk>/", views.proposal_detail, name="proposal"),
    path("projekty/<int:pk>/edytuj/", views.proposal_edit, name="edit"),
    path("projekty/<int:pk>/zglos/", views.proposal_submit, name="submit"),
    path("projekty/<int:pk>/odwolanie/", views.proposal_appeal, name="appeal"),
    path("zglos-projekt/", rate_limited("proposal")(views.proposal_edit), name="new"),
    path("moje-projekty/", views.my_proposals, name="mine"),
    path("glosowanie/", rate_limited("ballot")(views.ballot), name="ballot"),
    path("glosowanie/dziekujemy/", views.ballot_thanks, name="thanks"),
    path("glosowanie/potwierdz/<str:token>/", views.ballot_confirm, name="confirm"),
    path("wyniki/", views.results_page, name="results"),
    path("wyniki/wyniki.csv", views.results_csv, name="results_csv"),
    path("wyniki/pabulib/<int:pool_id>.pb", views.results_pabulib, name="results_pabulib"),
    path("wyniki/protokol.pdf", views.results_protocol, name="results_pdf"),
]
