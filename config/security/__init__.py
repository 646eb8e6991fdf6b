"""Cross-cutting protection: private mode, login throttling, 503 while the database is away."""
