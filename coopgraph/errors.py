"""The one error a user sees: a file and the reason it could not be read."""
from __future__ import annotations

import os


def shown(path: str) -> str:
    """A path as it can be printed on one line: bytes that are not UTF-8 as \\xNN and
    control characters (a newline in a file name) escaped, so a name cannot forge lines."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class InputError(Exception):
    """Bad input: carries the path and a reason a person can act on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{shown(path)}: {reason}")
        self.path = path
        self.reason = reason

    @property
    def line(self) -> str:
        """The one line a batch prints for this file."""
        return f"error: {self}"


def warning_line(path: str, message: str) -> str:
    """The one line a batch prints for a file it read but a person should look at."""
    return f"warning: {shown(path)}: {message}"
