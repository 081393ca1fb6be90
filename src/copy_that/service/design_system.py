"""A project's design system: newest per-image results, merged, with the user's edits replayed.

Every change (an extraction finishing, an edit, an edit undone, an image removed) writes a new
immutable version. Concurrency is optimistic: a change reads the newest version number before
it reads anything else and writes number + 1 under a unique key. Two concurrent changes cannot
both succeed; the loser's transaction fails and `retry_on_conflict` redoes it from the newer
state, so no edit or result is ever dropped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from typing import Any, Literal, TypeVar

import anyio.to_thread
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.db.models import TokenEditRow, TokenVersionRow
from copy_that.service.db.session import SessionFactory
from copy_that.service.documents import Document, iter_tokens, split_modes
from copy_that.service.edits import (
    Edit,
    SkippedEdit,
    apply_edit,
    edit_from_payload,
    edit_to_payload,
    replay_edits,
)
from copy_that.service.errors import ConflictError
from copy_that.service.repository import tokens as repo
from copy_that.tokens import dtcg
from copy_that.tokens.merge import merge_token_sets
from copy_that.tokens.model import TokenSet
from copy_that.tokens.resolver import to_any_document

__all__ = [
    "VersionKind",
    "add_edit_version",
    "build_document",
    "empty_document",
    "rebuild_version",
    "remove_edit_version",
    "retry_on_conflict",
]

T = TypeVar("T")
VersionKind = Literal["extraction", "edit", "images"]
# Concurrent changes to one project are rare; a handful of retries resolves any realistic race.
_MAX_ATTEMPTS = 5


def empty_document() -> Document:
    """The document of a project with nothing extracted yet."""
    return dtcg.to_document(TokenSet())


def build_document(
    results: Sequence[Document], edits: Sequence[tuple[int, Edit]]
) -> tuple[Document, list[SkippedEdit]]:
    """Merge per-image documents and replay edits over the merge (pure; CPU-bound).

    Parameters
    ----------
    results : sequence of dict
        The newest document of every image (token or resolver document), in upload order.
    edits : sequence of (seq, Edit)
        The project's edits in order.

    Returns
    -------
    (dict, list of SkippedEdit)
        The design system's document (a resolver document when it has modes, e.g. the dark
        theme of a light and a dark screenshot) and the edits that no longer apply.
    """
    if results:
        merged = merge_token_sets([dtcg.from_document(doc) for doc in results])
        base = to_any_document(merged)
    else:
        base = empty_document()
    return replay_edits(base, edits)


def _token_count(document: Document) -> int:
    return sum(1 for _ in iter_tokens(split_modes(document)[0]))


def _decoded(rows: Sequence[TokenEditRow]) -> list[tuple[int, Edit]]:
    return [(row.seq, edit_from_payload(row.op, row.payload)) for row in rows]


async def rebuild_version(
    session: AsyncSession,
    *,
    project_id: str,
    kind: VersionKind,
    job_id: str | None,
    created_by: str | None,
) -> TokenVersionRow:
    """Write a new version from the newest results and every edit (the caller commits)."""
    # Read first: if anything writes a version after this point, our number is taken and the
    # insert fails, so a result or edit committed meanwhile is never silently left out.
    await repo.lock_project(session, project_id=project_id)
    base_number = await repo.latest_version_number(session, project_id=project_id)
    results = await repo.latest_results(session, project_id=project_id)
    edits = _decoded(await repo.list_edits(session, project_id=project_id))
    document, skipped = await anyio.to_thread.run_sync(
        build_document, [doc for _image, doc in results], edits
    )
    summary: dict[str, Any] = {
        "images": len(results),
        "tokens": _token_count(document),
        "edits": len(edits),
        "skipped_edits": [asdict(s) for s in skipped],
    }
    return await repo.create_version(
        session,
        project_id=project_id,
        number=base_number + 1,
        kind=kind,
        document=document,
        summary=summary,
        job_id=job_id,
        created_by=created_by,
    )


async def add_edit_version(
    session: AsyncSession, *, project_id: str, edit: Edit, created_by: str
) -> tuple[TokenEditRow, TokenVersionRow]:
    """Apply one edit to the current design system, store it and write the new version.

    Raises
    ------
    NotFoundError, ConflictError, DTCGValidationError, AliasError
        The edit does not apply to the current tokens; nothing is stored.
    """
    await repo.lock_project(session, project_id=project_id)
    latest = await repo.latest_version(session, project_id=project_id)
    base = latest.document if latest is not None else empty_document()
    document = await anyio.to_thread.run_sync(apply_edit, base, edit)
    op, payload = edit_to_payload(edit)
    row = await repo.add_edit(
        session, project_id=project_id, op=op, payload=payload, created_by=created_by
    )
    previous = latest.summary if latest is not None else {}
    edits = len(await repo.list_edits(session, project_id=project_id))
    summary: dict[str, Any] = {
        "images": previous.get("images", 0),
        "tokens": _token_count(document),
        "edits": edits,
        "skipped_edits": previous.get("skipped_edits", []),
        "edit": {"seq": row.seq, "op": op, "path": payload["path"]},
    }
    version = await repo.create_version(
        session,
        project_id=project_id,
        number=(latest.number if latest is not None else 0) + 1,
        kind="edit",
        document=document,
        summary=summary,
        job_id=None,
        created_by=created_by,
    )
    return row, version


async def remove_edit_version(
    session: AsyncSession, *, project_id: str, edit_id: str, created_by: str
) -> TokenVersionRow:
    """Undo an edit: remove it and rebuild the design system without it."""
    await repo.lock_project(session, project_id=project_id)
    await repo.delete_edit(session, project_id=project_id, edit_id=edit_id)
    return await rebuild_version(
        session, project_id=project_id, kind="edit", job_id=None, created_by=created_by
    )


async def retry_on_conflict(
    session_factory: SessionFactory, work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run `work` in a fresh session and commit, retrying when a concurrent change won a number.

    Raises
    ------
    ConflictError
        The project kept changing under every attempt.
    """
    for _attempt in range(_MAX_ATTEMPTS):
        async with session_factory() as session:
            try:
                result = await work(session)
                await session.commit()
            except IntegrityError:
                await session.rollback()
                continue
            return result
    raise ConflictError("the project changed concurrently several times; try again")
