"""Login abuse: a lockout per account with growing delays, a far higher limit per address, and refused logins
written to the audit log in aggregate.

Why this shape: a lockout keyed by client address locks out everyone behind one proxy (or one office NAT) after
five bad logins, and an audit row per refusal let anyone fill the log without logging in. Here:

- **per account** (the name as typed, case-folded; names that do not exist are treated the same, so a lockout
  says nothing about which exist): after ``account_limit`` (5) failures the account is locked for
  ``first_delay`` (1 min), doubling with each further failure up to ``max_delay`` (15 min); attempts while
  locked are refused without checking the password and do not lengthen the lock; a success clears it;
- **per address**: at most ``address_limit`` (100) failures in ``address_window`` (15 min), so one account's
  lockout never blocks other users behind the same address, but one address cannot try thousands of names.
  The address is the client's, or the one a trusted proxy forwarded (``heroes serve --forwarded-allow-ips``);
- **memory**: at most ``cap`` (10,000) accounts and as many addresses are remembered, least recently failed
  dropped first, and entries whose lock and window have passed are dropped as they are met;
- **audit**: ``RefusalLog`` writes the first refusal of an account at once and the rest of its 15-minute window
  as one ``login_failed`` row with a count when the window closes (at the next login attempt after it, at that
  account's next success, or when the server stops): at most two rows per account per window.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from heroes.web.audit import AuditLog

WINDOW = 15 * 60.0
MAX_ADDRESSES_LOGGED = 5


@dataclass
class _Account:
    failures: int = 0
    locked_until: float = 0.0
    last: float = 0.0


class LoginGuard:
    """Slows down password guessing: a lockout per account with growing delays, and a far higher limit per address."""

    def __init__(
        self,
        account_limit: int = 5,
        first_delay: float = 60.0,
        max_delay: float = WINDOW,
        address_limit: int = 100,
        address_window: float = WINDOW,
        cap: int = 10_000,
    ) -> None:
        self.account_limit, self.first_delay, self.max_delay = account_limit, first_delay, max_delay
        self.address_limit, self.address_window, self.cap = address_limit, address_window, cap
        self._accounts: OrderedDict[str, _Account] = OrderedDict()
        self._addresses: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._accounts) + len(self._addresses)

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._addresses.get(address, deque())
        while times and times[0] <= now - self.address_window:
            times.popleft()
        if not times:
            self._addresses.pop(address, None)
        return times

    def refused(self, account: str, address: str, now: float | None = None) -> tuple[str, float] | None:
        """Why a login must be refused before its password is checked - ``("account" | "address", seconds to
        wait)`` - or None."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(address, now)
            if len(times) >= self.address_limit:
                return "address", times[0] + self.address_window - now
            entry = self._accounts.get(account.casefold())
            if entry is not None:
                if now < entry.locked_until:
                    return "account", entry.locked_until - now
                if now >= max(entry.locked_until, entry.last) + WINDOW:
                    del self._accounts[account.casefold()]  # quiet for a whole window: forgotten
        return None

    def failed(self, account: str, address: str, now: float | None = None) -> None:
        """Record a failed login of `account` from `address`."""
        now = time.monotonic() if now is None else now
        name = account.casefold()
        with self._lock:
            entry = self._accounts.pop(name, None) or _Account()
            entry.failures += 1
            entry.last = now
            over = entry.failures - self.account_limit
            if over >= 0:
                entry.locked_until = now + min(self.first_delay * 2**over, self.max_delay)
            self._accounts[name] = entry  # most recent last
            times = self._recent(address, now)
            times.append(now)
            self._addresses.pop(address, None)
            self._addresses[address] = times
            for table in (self._accounts, self._addresses):
                while len(table) > self.cap:
                    table.popitem(last=False)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._accounts.pop(account.casefold(), None)


@dataclass
class _Window:
    start: float
    first_seq: int
    count: int = 0  # refusals after the first
    last: float = 0.0
    addresses: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)


class RefusalLog:
    """Refused logins in the audit log: the first of each account's window at once, the rest as one count."""

    def __init__(self, audit: AuditLog, window: float = WINDOW, cap: int = 10_000) -> None:
        self.audit, self.window, self.cap = audit, window, cap
        self._open: OrderedDict[str, _Window] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._open)

    def refused(self, account: str, address: str, reason: str, now: float | None = None) -> None:
        """One refused login: ``reason`` is "password" (wrong name or password), "account" or "address" (locked)."""
        now = time.monotonic() if now is None else now
        name = account.casefold()
        with self._lock:
            closed = self._expired(now)
            window = self._open.get(name)
            if window is not None:
                window.count += 1
                window.last = now
                window.reasons[reason] = window.reasons.get(reason, 0) + 1
                if address not in window.addresses and len(window.addresses) < MAX_ADDRESSES_LOGGED:
                    window.addresses.append(address)
        if window is None:
            seq = self.audit.append(account, "login_failed", reason=reason, client=address)
            with self._lock:
                self._open[name] = _Window(now, seq, last=now, addresses=[address])
                while len(self._open) > self.cap:
                    closed.append(self._open.popitem(last=False))
        self._write(closed)

    def _expired(self, now: float) -> list[tuple[str, _Window]]:
        gone = [(n, w) for n, w in self._open.items() if now - w.start >= self.window]
        for n, _ in gone:
            del self._open[n]
        return gone

    def close(self, account: str) -> None:
        """The account logged in: write what its window counted so far."""
        with self._lock:
            window = self._open.pop(account.casefold(), None)
        self._write([(account, window)] if window else [])

    def flush(self) -> None:
        """Write every open window's count (the server is stopping)."""
        with self._lock:
            gone = list(self._open.items())
            self._open.clear()
        self._write(gone)

    def _write(self, windows: list[tuple[str, _Window]]) -> None:
        for name, w in windows:
            if w.count:
                detail: dict[str, Any] = {
                    "count": w.count,
                    "since_seq": w.first_seq,
                    "seconds": round(w.last - w.start),
                    "clients": w.addresses,
                    "reasons": w.reasons,
                }
                self.audit.append(name, "login_failed", **detail)
