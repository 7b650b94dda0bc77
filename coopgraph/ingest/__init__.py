"""Ingest: from a path on disk to cleaned article segments (no NLP here)."""
