"""Where a referral stands, where it may go next, and when it is overdue.

new -> accepted -> contacted -> support_started -> closed (with an outcome); new, accepted or contacted may
instead be declined (with a reason), and a declined referral may be forwarded to another organisation, which
makes a new referral in the chain. An anonymous alert has no contact details, so it goes from accepted straight
to closed. A referral is overdue when it is still new after the receiving organisation's acceptance time
(``accept_hours``, or ``urgent_accept_hours`` for an urgent one); both sides see it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from heroes.referrals.errors import ReferralError

NEW, ACCEPTED, CONTACTED, SUPPORT_STARTED, CLOSED, DECLINED = (
    "new",
    "accepted",
    "contacted",
    "support_started",
    "closed",
    "declined",
)
STATUSES = (NEW, ACCEPTED, CONTACTED, SUPPORT_STARTED, CLOSED, DECLINED)
OPEN = (NEW, ACCEPTED, CONTACTED, SUPPORT_STARTED)
NEXT = {
    NEW: (ACCEPTED, DECLINED),
    ACCEPTED: (CONTACTED, SUPPORT_STARTED, CLOSED, DECLINED),
    CONTACTED: (SUPPORT_STARTED, CLOSED, DECLINED),
    SUPPORT_STARTED: (CLOSED,),
    CLOSED: (),
    DECLINED: (),
}
NEEDS_CONTACT = (CONTACTED, SUPPORT_STARTED)
OUTCOMES = (
    "support_provided",
    "referred_elsewhere",
    "person_declined_support",
    "not_reachable",
    "no_exploitation_found",
    "other",
)
DECLINE_REASONS = ("outside_area", "no_capacity", "not_our_service", "duplicate", "other")


def aware(moment: datetime) -> datetime:
    """SQLite hands times back without their zone; every time we store is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def check_move(current: str, new: str, *, anonymous: bool, code: str | None) -> None:
    """Raises ReferralError unless ``current`` -> ``new`` is allowed with this outcome or reason ``code``."""
    if new not in STATUSES:
        raise ReferralError("status", f"{new!r} is not one of {', '.join(STATUSES)}")
    if new not in NEXT[current]:
        allowed = ", ".join(NEXT[current]) or "nothing: it is finished"
        raise ReferralError("status", f"a {current} referral can move to {allowed}")
    if anonymous and new in NEEDS_CONTACT:
        raise ReferralError("status", "an anonymous alert carries no contact details: accept it, then close it")
    if new == CLOSED and code not in OUTCOMES:
        raise ReferralError("outcome", f"closing needs an outcome: one of {', '.join(OUTCOMES)}")
    if new == DECLINED and code not in DECLINE_REASONS:
        raise ReferralError("reason", f"declining needs a reason: one of {', '.join(DECLINE_REASONS)}")


def overdue(status: str, urgent: bool, created: datetime, accept_hours: int, urgent_hours: int, now: datetime) -> bool:
    if status != NEW:
        return False
    return aware(now) - aware(created) > timedelta(hours=urgent_hours if urgent else accept_hours)
