"""Every table of the toolkit's database in one metadata: the case store (with its per-item facts), the hash banks,
the dashboard (users, sessions, audit), the referrals and the training records. The Alembic environment imports
this, so ``alembic revision --autogenerate`` compares the migrations with all of them, not with the case store's
alone (which would propose dropping the others)."""

from __future__ import annotations

import heroes.hashsets.models
import heroes.referrals.models
import heroes.web.models
import heroes.web.training  # noqa: F401 - each module adds its tables to Base.metadata
from heroes.store.models import Base

metadata = Base.metadata
