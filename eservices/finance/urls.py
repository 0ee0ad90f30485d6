from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("konto/naleznosci/", views.balances, name="balances"),
    path("konto/naleznosci/kalendarz.ics", views.calendar_feed, name="calendar"),
    path("konto/naleznosci/<int:taxpayer_pk>/blankiet/", views.slip, name="slip"),
    path("konto/naleznosci/<int:taxpayer_pk>/upomnienie/<int:reminder_pk>/", views.notice, name="notice"),
    path("konto/naleznosci/przypomnienia/", views.reminder_preferences, name="reminder_preferences"),
    path("naleznosci/kalendarz/<str:token>.ics", views.calendar_token_feed, name="calendar_token"),
]

# Online payments have their own namespace ``finance_pay`` (``eservices/finance/payments/urls.py``).
