"""Analysts' pages: server-rendered, enhanced by htmx, complete without JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from negotiations.models import Negotiation


@require_GET
def home(request):
    negotiations = Negotiation.objects.order_by("-start_date", "title")
    return render(request, "negotiations/home.html", {"negotiations": negotiations})
