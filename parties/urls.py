from django.urls import path

from negotiations.freshness import cached_response
from parties import views

urlpatterns = [
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", cached_response(views.party_detail), name="party-detail"),
]
