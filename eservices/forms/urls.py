from django.urls import path

from . import views

app_name = "eforms"

urlpatterns = [
    path("", views.application, name="application"),
    path("wyslany/<int:pk>/", views.confirmation, name="confirmation"),
    path("zapisany/", views.resume_sent, name="resume_sent"),
    path("wznow/<str:token>/", views.resume, name="resume"),
]
