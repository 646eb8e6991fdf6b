"""Articles submitted for extraction, the draft statements drafted from them, and feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from negotiations.models import Negotiation, Source, Statement


class Feed(models.Model):
    """An RSS or Atom feed polled for new articles about one negotiation."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["negotiation", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "url"], name="feed_unique_per_negotiation"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Article(models.Model):
    """One news article: fetched from a URL, uploaded as a file, or pasted."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Candidates drafted"
        FAILED = "failed", "Failed"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(
        max_length=2000, blank=True, help_text="Fetched when no file or text is given."
    )
    file = models.FileField(
        upload_to="ingest/articles/", blank=True, help_text="An HTML or plain text file."
    )
    text = models.TextField(blank=True, help_text="Pasted article text, or the extracted text.")
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Resolves 'on Wednesday' and similar; found in the page when left empty.",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.QUEUED)
    error = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="What the extraction left out, and why.")
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file="") | ~Q(text=""),
                name="article_has_url_file_or_text",
                violation_error_message="Give a URL, a file or the article's text.",
            ),
            # feeds ingest an article once: one article per URL and negotiation
            models.UniqueConstraint(
                fields=["negotiation", "url"],
                condition=~Q(url=""),
                name="article_url_unique_per_negotiation",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"


class Candidate(models.Model):
    """A draft statement drafted from an article, waiting for an editor's review."""

    class Review(models.TextChoices):
        PENDING = "pending", "Pending review"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged"
        DISCARDED = "discarded", "Discarded"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="candidates")
    statement = models.OneToOneField(Statement, on_delete=models.PROTECT, related_name="candidate")
    evidence = models.TextField(help_text="The sentence the statement was drafted from.")
    confidence = models.FloatField(default=0.0)
    proposed_speaker = models.CharField(
        max_length=200, blank=True, help_text="A name the text gives that matches no person."
    )
    date_from_text = models.BooleanField(
        default=True, help_text="False when the text gives no day and the article's date is used."
    )
    duplicate_of = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An existing statement with the same speaker, date and near-identical text.",
    )
    review = models.CharField(max_length=10, choices=Review, default=Review.PENDING)
    merged_into = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    position_in_article = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["article", "position_in_article", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="candidate_confidence_0_1",
            )
        ]

    def __str__(self) -> str:
        return f"Candidate {self.pk}: {self.statement}"
