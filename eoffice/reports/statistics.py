"""Thống kê tình hình xử lý văn bản đến per unit and period, for the dashboard.

The documents counted are the incoming documents that arrived in the period (the agency's calendar days)
and that the caller may read (`readable_clause`); recalled ones (thu hồi) are left out. Each is counted once,
for the unit currently responsible for it — the unit of its open or finished xử lý chính assignment, or the
unit of the person holding it — and classified as of today:
- completed on time: finished on or before its deadline's day (or it had no deadline);
- completed late: finished after the deadline's day;
- overdue: still open and the deadline's day has passed (as the inbox's "quá hạn" view);
- in progress: still open and not overdue (registered, assigned or being handled).
So received = completed on time + completed late + overdue + in progress. Average handling time is the mean
of arrival-to-completion in calendar days over completed documents; the on-time rate is the share of
completed-on-time among the documents whose outcome against the deadline is already known (completed, or
overdue) — open documents still within their deadline do not count against a unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from eoffice.documents.kinds import DocumentKind, DocumentStatus
from eoffice.documents.models import Document
from eoffice.incoming.models import Assignment, AssignmentRole, AssignmentStatus
from eoffice.orgs.models import Department, User
from eoffice.permissions import readable_clause
from eoffice.reports._labels import UNASSIGNED_NAME
from eoffice.reports.collation import vietnamese_key
from eoffice.reports.period import Period, as_utc, local_date

__all__ = ["Figures", "Statistics", "UnitFigures", "handling_statistics"]

_OPEN = (DocumentStatus.REGISTERED, DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS)
_SECONDS_PER_DAY = 86_400


@dataclass
class Figures:
    """The counts of one unit (or of all), and the two derived figures."""

    received: int = 0
    completed_on_time: int = 0
    completed_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    _handling_days: list[float] = field(default_factory=list, repr=False)

    @property
    def average_handling_days(self) -> float | None:
        if not self._handling_days:
            return None
        return round(sum(self._handling_days) / len(self._handling_days), 1)

    @property
    def on_time_rate(self) -> float | None:
        decided = self.completed_on_time + self.completed_late + self.overdue
        return round(self.completed_on_time / decided, 4) if decided else None

    def add(self, row: _Row, today: date, timezone: str) -> None:
        self.received += 1
        if row.status == DocumentStatus.COMPLETED and row.completed_at is not None:
            finished = local_date(row.completed_at, timezone)
            assert finished is not None
            if row.deadline is None or finished <= row.deadline:
                self.completed_on_time += 1
            else:
                self.completed_late += 1
            if row.arrived_at is not None:
                spent = as_utc(row.completed_at) - as_utc(row.arrived_at)
                self._handling_days.append(max(spent.total_seconds(), 0) / _SECONDS_PER_DAY)
        elif row.deadline is not None and row.deadline < today:
            self.overdue += 1
        else:
            self.in_progress += 1

    def merge(self, other: Figures) -> None:
        self.received += other.received
        self.completed_on_time += other.completed_on_time
        self.completed_late += other.completed_late
        self.overdue += other.overdue
        self.in_progress += other.in_progress
        self._handling_days.extend(other._handling_days)


@dataclass(frozen=True)
class UnitFigures:
    """A unit's row; `department_id` None is the row of documents not assigned to anyone yet."""

    department_id: int | None
    department_name: str
    figures: Figures


@dataclass(frozen=True)
class Statistics:
    agency_id: int
    period: Period
    department_id: int | None  # the unit the statistics were limited to, if any
    units: list[UnitFigures]
    totals: Figures


@dataclass(frozen=True)
class _Row:
    id: int
    arrived_at: datetime | None
    completed_at: datetime | None
    deadline: date | None
    status: DocumentStatus


def handling_statistics(
    session: Session,
    user: User,
    agency_id: int,
    period: Period,
    *,
    department_id: int | None,
    today: date,
    timezone: str,
) -> Statistics:
    """Figures per unit of the agency (or for `department_id` alone) over what `user` may read.

    Permission to ask (which units) is the caller's check (`_access.statistics_scope`); this function only
    ever counts readable documents.
    """
    low, high = period.bounds(timezone)
    received = select(Document).where(
        Document.kind == DocumentKind.INCOMING,
        Document.agency_id == agency_id,
        # a recalled document, or an entry cancelled as wrong (hủy vào sổ), was not received
        Document.status.not_in((DocumentStatus.RECALLED, DocumentStatus.CANCELLED)),
        Document.arrived_at >= low,
        Document.arrived_at < high,
        readable_clause(user),
    )
    rows = [
        _Row(*values)
        for values in session.execute(
            received.with_only_columns(
                Document.id, Document.arrived_at, Document.completed_at, Document.deadline, Document.status
            )
        )
    ]
    units = _responsible_units(session, received.with_only_columns(Document.id))
    departments = _departments(session, agency_id, department_id)
    per_unit: dict[int | None, Figures] = {d: Figures() for d in departments}
    for row in rows:
        unit = units.get(row.id)
        if department_id is not None and unit != department_id:
            continue
        per_unit.setdefault(unit, Figures()).add(row, today, timezone)
    ordered = sorted(
        (UnitFigures(d, departments[d], per_unit[d]) for d in departments),
        key=lambda u: vietnamese_key(u.department_name),
    )
    # Documents of units outside the agency's list (a user moved since) and unassigned ones come last.
    extra = [d for d in per_unit if d not in departments]
    names = _names(session, [d for d in extra if d is not None])
    ordered += [
        UnitFigures(d, names.get(d, UNASSIGNED_NAME) if d is not None else UNASSIGNED_NAME, per_unit[d])
        for d in sorted(extra, key=lambda d: (d is None, d or 0))
    ]
    totals = Figures()
    for unit_row in ordered:
        totals.merge(unit_row.figures)
    return Statistics(agency_id, period, department_id, ordered, totals)


def _responsible_units(session: Session, ids: Select[Any]) -> dict[int, int | None]:
    """The unit of each document's current xử lý chính: an open or finished one before a forwarded one,
    the latest first; a person's assignment counts for the person's unit."""
    rows = session.execute(
        select(
            Assignment.document_id,
            Assignment.id,
            Assignment.status,
            func.coalesce(Assignment.department_id, User.department_id),
        )
        .outerjoin(User, User.id == Assignment.user_id)
        .where(
            Assignment.document_id.in_(ids),
            Assignment.role == AssignmentRole.MAIN,
            Assignment.status != AssignmentStatus.RECALLED,
        )
    )
    best: dict[int, tuple[tuple[bool, int], int | None]] = {}
    for document_id, assignment_id, status, unit in rows:
        rank = (status != AssignmentStatus.FORWARDED, assignment_id)
        if document_id not in best or rank > best[document_id][0]:
            best[document_id] = (rank, unit)
    return {document_id: unit for document_id, (_rank, unit) in best.items()}


def _departments(session: Session, agency_id: int, only: int | None) -> dict[int | None, str]:
    query = select(Department.id, Department.name).where(Department.agency_id == agency_id)
    if only is not None:
        query = query.where(Department.id == only)
    return {department_id: name for department_id, name in session.execute(query)}


def _names(session: Session, department_ids: list[int]) -> dict[int, str]:
    if not department_ids:
        return {}
    rows = session.execute(select(Department.id, Department.name).where(Department.id.in_(department_ids)))
    return {department_id: name for department_id, name in rows}
