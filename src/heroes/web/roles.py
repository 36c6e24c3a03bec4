"""Roles and what each may do: the one table to change when a role is added.

Routes and templates ask for a permission, never for a list of role names, so a new role (say a referral
officer who screens and refers but sees no case) is one line here. Role names are stored in ``web_users.role``
(at most 16 characters).
"""

from __future__ import annotations

READ_CASES = "read_cases"  # open assigned cases: overview, items, findings, entities, timeline, GPS, exports' pages
REVEAL = "reveal"  # see a finding's image unblurred (each reveal is audited)
EXPORT = "export"  # download a case's findings, report or timeline (audited)
SCREEN = "screen"  # run the victim-screening questionnaire
AUDIT = "audit"  # read the audit log
REFER = "refer"  # send victim-assistance referrals and follow what the user's organisation sent
INBOX = "referral_inbox"  # handle what the user's organisation received: see what was shared, move it on
REFERRAL_STATS = "referral_stats"  # the referral statistics (counts and times only)

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({READ_CASES, AUDIT, REFERRAL_STATS}),
    "investigator": frozenset({READ_CASES, REVEAL, EXPORT, SCREEN, REFER}),
    "reviewer": frozenset({READ_CASES, REVEAL}),
    "responder": frozenset({SCREEN, REFER}),
    "referral_officer": frozenset({REFER, INBOX, REFERRAL_STATS}),
}
ROLES = tuple(PERMISSIONS)


def may(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())


def holders(permission: str) -> tuple[str, ...]:
    """The roles that have ``permission``, in table order."""
    return tuple(r for r, granted in PERMISSIONS.items() if permission in granted)
