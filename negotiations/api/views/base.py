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
