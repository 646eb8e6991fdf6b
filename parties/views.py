"""Parties' pages: who they are, who speaks for them, and where they stand on each demand."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from negotiations.timeline import pages
from parties.models import Party


@require_GET
def party_list(request):
    parties = Party.objects.select_related("parent").order_by("name")
    return render(request, "parties/list.html", {"parties": parties})


@require_GET
def party_detail(request, slug: str):
    data = pages.party_positions(slug=slug)
    if data is None:
        raise Http404("No such party.")
    return render(request, "parties/detail.html", {"p": data})
