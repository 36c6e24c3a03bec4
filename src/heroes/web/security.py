"""Signed session cookies, CSRF tokens and the login rate limit.

The session is a signed (itsdangerous, HMAC-SHA1 over a server secret), time-limited cookie holding the user id
and a random CSRF token; every visitor gets one, so the login form is protected too. Forms carry the token in a
hidden ``csrf`` field, HTMX requests in the ``X-CSRF-Token`` header; a state-changing request without a matching
token is refused. The rate limit counts failed logins per client address and per user name in a sliding window,
in memory (one server process; a restart forgets, which only ever helps the legitimate user).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "heroes_session"
SESSION_MAX_AGE = 8 * 3600  # one working day


class Sessions:
    def __init__(self, secret: str) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="heroes-session")
        self._media = URLSafeTimedSerializer(secret, salt="heroes-media")
        self._state = URLSafeTimedSerializer(secret, salt="heroes-form-state")

    def load(self, cookie: str | None) -> dict[str, Any]:
        return self.open(cookie)[0]

    def open(self, cookie: str | None) -> tuple[dict[str, Any], bool]:
        """The session and whether the cookie held a valid one (if not, a fresh session that needs a cookie)."""
        if cookie:
            try:
                data = self._signer.loads(cookie, max_age=SESSION_MAX_AGE)
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    return data, True
            except BadSignature:
                pass
        return {"csrf": secrets.token_urlsafe(24)}, False

    def dump(self, data: dict[str, Any]) -> str:
        return self._signer.dumps(data)

    def media_token(self, user_id: int, finding_id: int) -> str:
        """A short-lived ticket to view one revealed image, handed out only by the (logged) reveal."""
        return self._media.dumps([user_id, finding_id])

    def media_ok(self, token: str, user_id: int, finding_id: int, max_age: int = 300) -> bool:
        try:
            return bool(self._media.loads(token, max_age=max_age) == [user_id, finding_id])
        except BadSignature:
            return False

    def sign_state(self, state: Any) -> str:
        """Form state kept by the browser (a screening in progress), signed so it comes back unaltered."""
        return self._state.dumps(state)

    def load_state(self, token: str, max_age: int = SESSION_MAX_AGE) -> Any:
        try:
            return self._state.loads(token, max_age=max_age)
        except BadSignature:
            return None


def csrf_ok(session: dict[str, Any], sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(str(session.get("csrf", "")), str(sent))


@dataclass
class RateLimit:
    """At most ``limit`` failures per key within ``window`` seconds."""

    limit: int = 5
    window: float = 300.0
    _fails: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails[key]
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        return any(len(self._recent(k, now)) >= self.limit for k in keys)

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        for k in keys:
            self._recent(k, now).append(now)

    def clear(self, *keys: str) -> None:
        for k in keys:
            self._fails.pop(k, None)
