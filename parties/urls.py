from django.urls import path

from parties import views

urlpatterns = [
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
]
