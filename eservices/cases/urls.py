from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("konto/sprawy/", views.case_list, name="list"),
    path("konto/sprawy/<int:pk>/", views.case_detail, name="detail"),
    path("konto/sprawy/<int:pk>/wiadomosc/", views.case_message, name="message"),
    path("konto/sprawy/<int:pk>/uzupelnienie/", views.case_supplement, name="supplement"),
    path("konto/sprawy/<int:pk>/wycofaj/", views.case_withdraw, name="withdraw"),
    path("konto/sprawy/<int:pk>/dokumenty/<int:document_pk>/", views.document_download, name="document"),
    path("konto/sprawy/<int:pk>/pliki/<str:name>/", views.file_download, name="file"),
    path("weryfikacja/", views.verify, name="verify"),
    path("weryfikacja/<str:code>/", views.verify_code, name="verify_code"),
]
