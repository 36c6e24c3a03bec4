"""CSRF checks and the signed tokens the server hands out: media tickets and questionnaire state.

Forms carry the session's CSRF token in a hidden ``csrf`` field, HTMX requests in the ``X-CSRF-Token`` header; a
state-changing request without a matching token is refused (the token comes from heroes.web.sessions). Tokens
are signed with itsdangerous (HMAC over the server secret) and time-limited. A screening questionnaire's state
travels in the page, signed and bound to the screener's login session, so another user's (or another
session's) state is refused.
"""

from __future__ import annotations

import hmac
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

STATE_MAX_AGE = 12 * 3600  # a questionnaire may take a working day


class Signer:
    """Signed, expiring tokens for image reveals and for the screening state kept in forms."""

    def __init__(self, secret: str) -> None:
        self._media = URLSafeTimedSerializer(secret, salt="heroes-media")
        self._state = URLSafeTimedSerializer(secret, salt="heroes-form-state")

    def media_token(self, user_id: int, finding_id: int) -> str:
        """A short-lived ticket to view one revealed image, handed out only by the (logged) reveal."""
        return self._media.dumps([user_id, finding_id])

    def media_ok(self, token: str, user_id: int, finding_id: int, max_age: int = 300) -> bool:
        try:
            return bool(self._media.loads(token, max_age=max_age) == [user_id, finding_id])
        except BadSignature:
            return False

    def sign_state(self, state: Any, session_id: str) -> str:
        """Form state kept by the browser (a screening in progress), signed and bound to one login session."""
        return self._state.dumps([session_id, state])

    def load_state(self, token: str, session_id: str, max_age: int = STATE_MAX_AGE) -> Any:
        """The state, or None when it is damaged, expired or was signed for another session."""
        try:
            bound, state = self._state.loads(token, max_age=max_age)
        except (BadSignature, ValueError, TypeError):
            return None
        return state if hmac.compare_digest(str(bound), session_id) else None


def csrf_ok(session: dict[str, Any], sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(str(session.get("csrf", "")), str(sent))
