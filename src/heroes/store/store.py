"""CaseStore: the one object the engine, CLI and exporters use to write and read a case database.

Crash safety comes from the transaction boundary: an item's findings, its done mark (the ``items`` row) and its
derived facts (``web_items``, heroes.store.facts) are committed together, so a kill at any moment leaves either the
whole item or nothing, and ``done_keys`` tells a resumed scan exactly what to skip. Saving a key that is already
there is a no-op (the first copy wins), so a resumed or repeated scan never duplicates findings. ``save_items``
commits a batch of items in one transaction with bulk inserts, for speed; ``save_item`` is the one-item form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from heroes.core.finding import ERROR as ERROR_KIND
from heroes.core.finding import Finding as CoreFinding
from heroes.store import db, facts, text
from heroes.store.browse import Browsing
from heroes.store.models import COMPLETE, ERROR, Case, Evidence, Finding, Item, utcnow

KEY_CHUNK = 500  # keys per IN (...) query: well under every backend's bound-parameter limit
RETRIES = 3  # concurrent writers on a server database can race on a key: then re-read and try again

ItemBatch = Iterable[tuple[str, str, Sequence[CoreFinding]]]


class _KeyRace(Exception):
    """Another writer saved one of our keys between our check and our insert."""


def default_url(out_dir: str | Path) -> str:
    """The SQLite database a scan writes into its output folder."""
    return f"sqlite:///{Path(out_dir).absolute() / 'case.sqlite'}"


def _utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)  # SQLite drops the zone
    return value.isoformat()


class CaseStore(Browsing, db.Database):
    """The case database: cases, evidence, items and findings (and, from `Browsing`, the dashboard's reads)."""

    def _get_or_create(self, query: Any, row: Any) -> int:
        for attempt in range(RETRIES):
            try:
                with Session(self._writer) as s, s.begin():
                    found = s.scalar(query)
                    if found is not None:
                        return int(found)
                    s.add(row)
                    s.flush()
                    return int(row.id)
            except IntegrityError:  # another process created it between our read and write: read again
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    # ---- writing -------------------------------------------------------------------------------------------
    def case(self, name: str) -> int:
        """The id of the case called ``name``, created if new."""
        name = text.display(name)
        return self._get_or_create(select(Case.id).where(Case.name == name), Case(name=name))

    def find_case(self, name: str) -> int | None:
        """The id of an existing case, or None (unlike :meth:`case`, creates nothing)."""
        with Session(self._engine) as s:
            return s.scalar(select(Case.id).where(Case.name == text.display(name)))

    def evidence(self, case_id: int, path: str, kind: str, description: dict[str, Any]) -> int:
        """The id of this case's evidence at ``path``, created (status running) if new."""
        shown, exact = text.split(path)
        query = select(Evidence.id).where(Evidence.case_id == case_id, Evidence.path == shown)
        return self._get_or_create(
            query, Evidence(case_id=case_id, path=shown, path_exact=exact, kind=kind, description=description)
        )

    def set_evidence_hashes(self, evidence_id: int, md5: str | None, sha256: str | None, size: int | None) -> None:
        self._update_evidence(evidence_id, md5=md5, sha256=sha256, size=size)

    def finish_evidence(self, evidence_id: int) -> None:
        self._update_evidence(evidence_id, status=COMPLETE, finished=utcnow())

    def _update_evidence(self, evidence_id: int, **values: Any) -> None:
        with Session(self._writer) as s, s.begin():
            done = s.execute(update(Evidence).where(Evidence.id == evidence_id).values(**values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise KeyError(f"no evidence with id {evidence_id}")

    def save_item(self, evidence_id: int, key: str, path: str, findings: Sequence[CoreFinding]) -> bool:
        """Commit one item's findings with its done mark; False (and nothing written) if ``key`` was saved."""
        return self.save_items(evidence_id, [(key, path, findings)]) == 1

    def save_items(self, evidence_id: int, items: ItemBatch) -> int:
        """Commit a batch of ``(key, path, findings)`` in one transaction; returns how many were new."""
        batch: dict[str, tuple[str, Sequence[CoreFinding]]] = {}
        for key, path, findings in items:
            batch.setdefault(key, (path, findings))  # a key twice in one batch: first wins, as in the database
        for _ in range(RETRIES):
            try:
                return self._insert(evidence_id, batch)
            except _KeyRace:
                continue  # a concurrent writer saved one of these keys: the retry sees it and skips it
        raise RuntimeError(f"could not save {len(batch)} items of evidence {evidence_id}: writers keep racing")

    def _insert(self, evidence_id: int, batch: dict[str, tuple[str, Sequence[CoreFinding]]]) -> int:
        if not batch:
            return 0
        items, findings = Item.__table__, Finding.__table__
        with self._writer.begin() as conn:  # Core, not the ORM: this is the hot path of a 100,000-item triage
            keys = list(batch)
            seen: set[str] = set()
            for i in range(0, len(keys), KEY_CHUNK):
                query = select(items.c.key).where(
                    items.c.evidence_id == evidence_id, items.c.key.in_(keys[i : i + KEY_CHUNK])
                )
                seen.update(conn.execute(query).scalars())
            new = [k for k in keys if k not in seen]
            if not new:
                return 0
            now = utcnow()
            rows = []
            for key in new:
                path, found = batch[key]
                shown, exact = text.split(path)
                status = ERROR if any(f.kind == ERROR_KIND.name for f in found) else COMPLETE
                rows.append(
                    {
                        "evidence_id": evidence_id,
                        "key": key,
                        "path": shown,
                        "path_exact": exact,
                        "status": status,
                        "finished": now,
                    }
                )
            try:
                result = conn.execute(insert(items).returning(items.c.key, items.c.id), rows)
            except IntegrityError as exc:  # the whole transaction rolls back; any other failure propagates
                raise _KeyRace from exc
            ids = {k: i for k, i in result}
            finding_rows = [self._row(evidence_id, ids[key], f) for key in new for f in batch[key][1]]
            if finding_rows:
                conn.execute(insert(findings), finding_rows)  # executemany: RETURNING ids would insert row by row
            case_id: int = conn.execute(select(Evidence.case_id).where(Evidence.id == evidence_id)).scalar_one()
            first_files = facts.file_ids(conn, [ids[key] for key in new])
            rows = [
                facts.facts_row(ids[k], case_id, first_files.get(ids[k]), [(f.kind, f.data) for f in batch[k][1]])
                for k in new
            ]
            facts.write(conn, rows)
            return len(new)

    @staticmethod
    def _row(evidence_id: int, item_id: int, f: CoreFinding) -> dict[str, Any]:
        shown, exact = text.split(f.path)
        return {
            "evidence_id": evidence_id,
            "item_id": item_id,
            "kind": f.kind,
            "path": shown,
            "path_exact": exact,
            "analyser": f.analyser or "",
            "offset": f.offset,
            "data": f.data,
        }

    def fill_facts(self) -> int:
        """Write the per-item facts of items saved before they were written with each item (older databases);
        returns how many. The dashboard does it once when it starts, never while it answers a request."""
        return facts.fill_missing(self._engine)

    # ---- reading -------------------------------------------------------------------------------------------
    def done_keys(self, evidence_id: int) -> set[str]:
        """Keys of the items already saved for this evidence: what a resumed scan skips."""
        with Session(self._engine) as s:
            return set(s.scalars(select(Item.key).where(Item.evidence_id == evidence_id)))

    def _bytewise(self, column: InstrumentedAttribute[str]) -> ColumnElement[Any] | InstrumentedAttribute[str]:
        """Code-point order on every backend (SQLite's default; PostgreSQL's depends on the locale otherwise)."""
        return column.collate("C") if self._engine.dialect.name == "postgresql" else column

    def records(self, case_id: int, kinds: set[str] | None = None) -> Iterator[dict[str, Any]]:
        """Each finding as ``Finding.record()`` plus ``evidence`` (its source path), streamed in a stable order:
        evidence id, item path, finding id."""
        stmt = (
            select(
                Evidence.path,
                Evidence.path_exact,
                Finding.kind,
                Finding.path,
                Finding.path_exact,
                Finding.analyser,
                Finding.offset,
                Finding.data,
            )
            .join(Evidence, Finding.evidence_id == Evidence.id)
            .join(Item, Finding.item_id == Item.id)
            .where(Evidence.case_id == case_id)
            .order_by(Evidence.id, self._bytewise(Item.path), Item.id, Finding.id)
        )
        if kinds is not None:
            stmt = stmt.where(Finding.kind.in_(sorted(kinds)))
        with self._engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=2000).execute(stmt)
            for ev_path, ev_exact, kind, path, exact, analyser, offset, data in result:
                rec = CoreFinding(kind, text.join(path, exact), data, analyser, offset).record()
                rec["evidence"] = text.join(ev_path, ev_exact)
                yield rec

    def counts(self, case_id: int) -> dict[str, int]:
        """Findings per kind in this case, sorted by kind."""
        stmt = (
            select(Finding.kind, func.count())
            .join(Evidence, Finding.evidence_id == Evidence.id)
            .where(Evidence.case_id == case_id)
            .group_by(Finding.kind)
        )
        with Session(self._engine) as s:
            return dict(sorted((str(k), int(n)) for k, n in s.execute(stmt)))

    def cases(self) -> list[dict[str, Any]]:
        """Every case with its creation time (ISO 8601, UTC) and how much evidence and findings it holds."""
        n_evidence = select(func.count(Evidence.id)).where(Evidence.case_id == Case.id).scalar_subquery()
        n_findings = (
            select(func.count(Finding.id))
            .join(Evidence, Finding.evidence_id == Evidence.id)
            .where(Evidence.case_id == Case.id)
            .scalar_subquery()
        )
        stmt = select(Case.id, Case.name, Case.created, n_evidence, n_findings).order_by(Case.name)
        with Session(self._engine) as s:
            return [
                {"id": i, "name": name, "created": _utc(created), "evidence": int(ne), "findings": int(nf)}
                for i, name, created, ne, nf in s.execute(stmt)
            ]

    def evidence_list(self, case_id: int) -> list[dict[str, Any]]:
        """The case's evidence with hashes (also as a ``hashes`` mapping), status and times, in id order."""
        with Session(self._engine) as s:
            rows = s.scalars(select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id)).all()
            return [
                {
                    "id": e.id,
                    "path": text.join(e.path, e.path_exact),
                    "kind": e.kind,
                    "description": e.description,
                    "size": e.size,
                    "md5": e.md5,
                    "sha256": e.sha256,
                    "hashes": {k: v for k, v in (("md5", e.md5), ("sha256", e.sha256)) if v},
                    "status": e.status,
                    "started": _utc(e.started),
                    "finished": _utc(e.finished),
                }
                for e in rows
            ]
