"""The one error a user sees: a file and the reason it could not be read."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: carries the path and a reason a person can act on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
