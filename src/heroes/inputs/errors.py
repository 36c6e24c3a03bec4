"""The one error type of bad user input."""

from __future__ import annotations


class InputError(ValueError):
    """Input a command cannot use; the message is one line and names where (file, line, field) and why."""

    def __init__(self, message: str, where: str = "") -> None:
        self.where, self.reason = where, " ".join(message.split())
        super().__init__(f"{where}: {self.reason}" if where else self.reason)
