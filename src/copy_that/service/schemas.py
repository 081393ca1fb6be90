"""Request and response bodies of the HTTP API (``<Thing>Create/Update/Public``, ``<Things>``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from copy_that.pipeline import ALL_KINDS, Kind
from copy_that.service.db.models import JobStatus, Role

__all__ = [
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyPublic",
    "ApiKeysPublic",
    "CheckPublic",
    "DeleteEdit",
    "EditResultPublic",
    "ErrorBody",
    "ErrorPublic",
    "FormatPublic",
    "FormatsPublic",
    "HealthPublic",
    "ImageImport",
    "ImagePublic",
    "ImagesPublic",
    "JobCreate",
    "JobPublic",
    "JobsPublic",
    "LoginRequest",
    "MemberCreate",
    "MemberPublic",
    "MemberUpdate",
    "MembersPublic",
    "Page",
    "ProjectCreate",
    "ProjectPublic",
    "ProjectUpdate",
    "ProjectsPublic",
    "ReadyPublic",
    "RenameEdit",
    "SetRoleEdit",
    "SetValueEdit",
    "TokenChangePublic",
    "TokenEditCreate",
    "TokenEditPublic",
    "TokenEditsPublic",
    "UserCreate",
    "UserPublic",
    "VersionDetail",
    "VersionDiffPublic",
    "VersionPublic",
    "VersionsPublic",
]

T = TypeVar("T")


_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PATH_PATTERN = r"^[^.{}$][^.{}]*(\.[^.{}$][^.{}]*)*$"
_PATH_EXAMPLE = "color.palette.blue"
#: Longest accepted dotted token path; generous for deep DTCG groups.
_MAX_PATH_CHARS = 300

TokenPathStr = Annotated[
    str, Field(min_length=1, max_length=_MAX_PATH_CHARS, pattern=_PATH_PATTERN)
]


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """A page of results and the total count."""

    data: list[T]
    count: int = Field(description="Total matching items, across all pages.")


class ErrorPublic(BaseModel):
    """What went wrong, in a form clients can branch on."""

    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["project 'e3b0…' not found"])
    request_id: str | None = Field(default=None, description="Quote it when reporting a problem.")
    details: Any = None


class ErrorBody(BaseModel):
    """Every error response has this shape."""

    error: ErrorPublic


class HealthPublic(BaseModel):
    """Liveness: the process answers."""

    status: Literal["ok"] = "ok"


class CheckPublic(BaseModel):
    """One dependency's readiness."""

    ok: bool
    detail: str | None = None


class ReadyPublic(BaseModel):
    """Readiness: every dependency answered."""

    status: Literal["ready", "unavailable"]
    checks: dict[str, CheckPublic]


class UserCreate(BaseModel):
    """Registration."""

    email: str = Field(max_length=320, pattern=_EMAIL_PATTERN, examples=["ada@example.com"])
    password: str = Field(min_length=8, max_length=256)
    name: str | None = Field(default=None, max_length=200)

    @field_validator("email", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class LoginRequest(BaseModel):
    """Log-in with email and password."""

    email: str = Field(max_length=320, examples=["ada@example.com"])
    password: str = Field(max_length=256)

    @field_validator("email", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class UserPublic(_Public):
    """A user as the API shows them."""

    id: str
    email: str
    name: str | None
    created_at: datetime


class ApiKeyCreate(BaseModel):
    """A new API key's label."""

    name: str = Field(min_length=1, max_length=100, examples=["ci-exporter"])


class ApiKeyPublic(_Public):
    """An API key without its secret."""

    id: str
    name: str
    prefix: str = Field(description="First characters of the key, to tell keys apart.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    """A just-created API key: `key` is shown this once and never again."""

    key: str = Field(description="Send as 'Authorization: Bearer <key>'.")


class ApiKeysPublic(Page[ApiKeyPublic]):
    """The caller's API keys."""


class ProjectCreate(BaseModel):
    """A new project."""

    name: str = Field(min_length=1, max_length=200, examples=["Checkout redesign"])


class ProjectUpdate(BaseModel):
    """Rename a project."""

    name: str = Field(min_length=1, max_length=200)


class ProjectPublic(_Public):
    """A project and the caller's role on it."""

    id: str
    name: str
    role: Role
    created_at: datetime
    updated_at: datetime


class ProjectsPublic(Page[ProjectPublic]):
    """A page of the caller's projects."""


class MemberCreate(BaseModel):
    """Add a registered user to a project."""

    email: str = Field(max_length=320, pattern=_EMAIL_PATTERN)
    role: Role = Role.MEMBER

    @field_validator("email", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class MemberUpdate(BaseModel):
    """Change a member's role."""

    role: Role


class MemberPublic(BaseModel):
    """A project member."""

    user_id: str
    email: str
    name: str | None
    role: Role
    created_at: datetime


class MembersPublic(Page[MemberPublic]):
    """The members of a project."""


class ImageImport(BaseModel):
    """Import an image from a public http(s) URL."""

    url: str = Field(min_length=8, max_length=2048, examples=["https://example.com/shot.png"])
    filename: str | None = Field(default=None, max_length=255)


class ImagePublic(_Public):
    """An image of a project (its bytes at ``…/images/{id}/content``)."""

    id: str
    project_id: str
    filename: str
    media_type: str
    size_bytes: int
    width_px: int
    height_px: int
    sha256: str = Field(validation_alias="blob_key", description="Content hash of the bytes.")
    source_url: str | None
    created_at: datetime


class ImagesPublic(Page[ImagePublic]):
    """A page of a project's images."""


class JobCreate(BaseModel):
    """Start extracting tokens from some or all images of the project."""

    image_ids: list[str] | None = Field(
        default=None,
        max_length=500,
        description="Images to extract; all of the project's if omitted.",
    )
    kinds: list[Kind] = Field(
        default_factory=lambda: list(ALL_KINDS),
        min_length=1,
        examples=[["colors", "spacing"]],
    )
    max_colors: int = Field(default=16, ge=1, le=64)
    dpr: float | None = Field(
        default=None, ge=0.5, le=8.0, description="Device pixel ratio; omitted = inferred."
    )
    ocr: bool = True


class JobPublic(_Public):
    """An extraction job: status, progress 0–1 and, when done, the version it made."""

    id: str
    project_id: str
    status: JobStatus
    stage: str
    progress: float = Field(ge=0.0, le=1.0)
    options: dict[str, Any]
    image_ids: list[str]
    error: str | None
    error_code: str | None
    attempts: int
    max_attempts: int
    cancel_requested: bool
    version_number: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobsPublic(Page[JobPublic]):
    """A page of a project's jobs, newest first."""


class RenameEdit(BaseModel):
    """Move a token; aliases to it follow."""

    op: Literal["rename"]
    path: TokenPathStr = Field(examples=[_PATH_EXAMPLE])
    to: TokenPathStr = Field(examples=["color.palette.brand"])


class SetValueEdit(BaseModel):
    """Replace a token's DTCG ``$value`` (and ``$type`` when given)."""

    op: Literal["set_value"]
    path: TokenPathStr = Field(examples=[_PATH_EXAMPLE])
    value: Any = Field(
        examples=[
            {"colorSpace": "srgb", "components": [0.1, 0.3, 0.9], "alpha": 1, "hex": "#1a4de6"}
        ]
    )
    type: str | None = Field(default=None, max_length=32)


class SetRoleEdit(BaseModel):
    """Make `path` (a role such as ``color.primary``) an alias of `target`."""

    op: Literal["set_role"]
    path: TokenPathStr = Field(examples=["color.primary"])
    target: TokenPathStr = Field(examples=[_PATH_EXAMPLE])


class DeleteEdit(BaseModel):
    """Remove a token."""

    op: Literal["delete"]
    path: TokenPathStr = Field(examples=[_PATH_EXAMPLE])


TokenEditCreate = Annotated[
    RenameEdit | SetValueEdit | SetRoleEdit | DeleteEdit, Field(discriminator="op")
]


class TokenEditPublic(_Public):
    """A stored edit, replayed in `seq` order over every extraction."""

    id: str
    seq: int
    op: str
    payload: dict[str, Any]
    created_by: str | None
    created_at: datetime


class TokenEditsPublic(Page[TokenEditPublic]):
    """A project's edits in replay order."""


class VersionPublic(_Public):
    """An immutable snapshot of the design system."""

    number: int
    kind: Literal["extraction", "edit", "images"]
    job_id: str | None
    summary: dict[str, Any]
    created_by: str | None
    created_at: datetime


class EditResultPublic(BaseModel):
    """A stored edit and the version it made."""

    edit: TokenEditPublic
    version: VersionPublic


class VersionDetail(VersionPublic):
    """A version with its DTCG document."""

    document: dict[str, Any]


class VersionsPublic(Page[VersionPublic]):
    """A page of a project's versions, newest first."""


class TokenChangePublic(BaseModel):
    """One token's change between versions (`before` null when added, `after` when removed)."""

    path: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class VersionDiffPublic(BaseModel):
    """Tokens added, removed and changed from one version to another."""

    from_version: int
    to_version: int
    added: list[TokenChangePublic]
    removed: list[TokenChangePublic]
    changed: list[TokenChangePublic]


class FormatPublic(BaseModel):
    """An export format."""

    name: str
    extension: str
    media_type: str


class FormatsPublic(Page[FormatPublic]):
    """Every registered export format."""
