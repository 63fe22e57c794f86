"""Luồng trình duyệt: approval routes per agency and document type, and documents' runs through them."""

from eoffice.workflow.models import (
    ApprovalDecision,
    ApprovalRoute,
    ApprovalRun,
    Decision,
    RouteStep,
    RunStatus,
)

__all__ = ["ApprovalDecision", "ApprovalRoute", "ApprovalRun", "Decision", "RouteStep", "RunStatus"]
