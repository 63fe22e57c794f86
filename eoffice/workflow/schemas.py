"""API shapes of approval routes and decisions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from eoffice.documents.kinds import DocumentType
from eoffice.orgs.models import Role
from eoffice.workflow.models import Decision, RunStatus


class StepIn(BaseModel):
    """One step: a role or named people; `consultation` makes it a parallel step every member answers."""

    name: str = Field(default="", max_length=255)
    roles: list[Role] = Field(default_factory=list)
    user_ids: list[StrictInt] = Field(default_factory=list)
    consultation: StrictBool = False

    @model_validator(mode="after")
    def _has_members(self) -> StepIn:
        if not self.roles and not self.user_ids:
            raise ValueError("mỗi bước cần ít nhất một vai trò hoặc một người")
        return self


class RouteIn(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    doc_type: DocumentType | None = Field(default=None, description="Trống: luồng mặc định của cơ quan")
    steps: list[StepIn] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _one_consultation(self) -> RouteIn:
        if sum(step.consultation for step in self.steps) > 1:
            raise ValueError("mỗi luồng chỉ có tối đa một bước góp ý song song")
        return self


class StepOut(BaseModel):
    position: int
    name: str
    consultation: bool
    roles: list[Role]
    user_ids: list[int]


class RouteOut(BaseModel):
    id: int
    agency_id: int
    name: str
    doc_type: DocumentType | None
    active: bool
    steps: list[StepOut]


class DecisionIn(BaseModel):
    """`step` is the step the decider saw; if the route has moved on meanwhile, the decision is refused."""

    step: StrictInt | None = None
    reason: str = Field(default="", max_length=5000)
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 của phiên bản người duyệt đã xem; khác phiên bản đang trình thì bị từ chối (409)",
    )


class ReasonedDecisionIn(DecisionIn):
    reason: str = Field(min_length=1, max_length=5000)


class DecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    user_id: int
    decision: Decision
    reason: str
    file_id: int | None = Field(description="Phiên bản dự thảo được duyệt / trả lại")
    sha256: str
    created_at: datetime


class RunOut(BaseModel):
    id: int
    route_id: int
    route_name: str
    status: RunStatus
    position: int
    steps: list[StepOut]
    waiting_for: list[int]
    decisions: list[DecisionOut]
    file_id: int | None = Field(default=None, description="Phiên bản dự thảo đang trình (được duyệt)")
    sha256: str = ""
