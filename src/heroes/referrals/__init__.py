"""Victim assistance referrals: a screening handed over to another organisation, with consent, a status that both
sides follow, and an end date for the personal data.

- ``orgs``: organisations (seeded from the screening's referral directories), membership, suggestions;
- ``handover``: sending (consent first, heroes.referrals.consent), moving on, forwarding;
- ``views``: what an organisation may see; ``states``: statuses, transitions, the overdue rule;
- ``privacy``: retention purge, access export, erasure; ``stats``: anonymous statistics and CSV;
- ``sealing``: the personal fields' encryption, with the key in a file outside the database.

Importing this package registers its tables with the case store's schema (``models``).
"""

from __future__ import annotations

from heroes.referrals import models  # noqa: F401  (the tables, for the store's metadata)
