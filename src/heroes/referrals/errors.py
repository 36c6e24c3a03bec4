"""The one error type of the referral functions; ``field`` names what to fix (``contact.phone``, ``status``)."""

from __future__ import annotations


class ReferralError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotVisible(LookupError):
    """No such referral, or one the organisation neither sent nor received: the same answer, so nothing leaks."""


class NotReceiver(PermissionError):
    """Only the receiving organisation moves a referral on; the sender sees its status."""
