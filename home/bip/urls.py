from django.urls import path

from . import views

urlpatterns = [
    path("bip/rejestr-zmian/<int:page_id>/", views.change_register, name="bip_change_register"),
]
