"""Evaluation: score extracted records against gold annotations (docs/GOLD.md)."""
