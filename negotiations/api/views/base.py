"""What every API view shares: ETag/304 on reads, keyset paging, links."""

from rest_framework import mixins, viewsets

from negotiations.api.conditional import ConditionalReadMixin
from negotiations.api.links import Links
from negotiations.api.pagination import KeysetPagination


class ApiView(ConditionalReadMixin):
    pagination_class = KeysetPagination
    # Lists page by id unless a view says otherwise (statements and stances page by date).
    keyset_fields = ("id",)
    keyset_types = (int,)
    keyset_descending = False
    lookup_value_regex = r"[^/]+"

    def filtered(self) -> bool:
        """Whether the query names a filter: a parameter that is a filter's name or starts
        with it and "_" (``said_on_after``)."""
        filterset = getattr(self, "filterset_class", None)
        return filterset is not None and any(
            key == name or key.startswith(f"{name}_")
            for key in self.request.query_params
            for name in filterset.base_filters
        )

    def filter_queryset(self, queryset):
        """django-filter only when the query names a filter: building and validating a
        FilterSet's form costs ~1 ms, a tenth of an uncached page of statements, and without
        a filter parameter it would return the queryset untouched."""
        if getattr(self, "filterset_class", None) is not None and not self.filtered():
            return queryset
        return super().filter_queryset(queryset)

    def links(self) -> Links:
        if getattr(self, "_links", None) is None:
            self._links = Links(self.request)
        return self._links

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "links": self.links()}


class ReadOnlyViewSet(
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and detail; no writes (405 for other methods)."""
