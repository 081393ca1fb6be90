"""User edits of a project's tokens as replayable operations over DTCG documents.

Edits are stored as an ordered list and applied on top of every new extraction result, so a
rename or a corrected value survives re-extraction. Four operations:

- ``rename``: move a token to a new path; every alias to it follows;
- ``set_value``: replace a token's ``$value`` (and optionally its ``$type``);
- ``set_role``: make ``path`` an alias of ``target`` (``color.primary → color.palette.blue``);
- ``delete``: remove a token (refused while aliases still point at it).

Every applied edit leaves a valid document (`validate_document` checks DTCG 2025.10 and that
every alias resolves). During replay an edit that no longer applies (its token vanished from the
new extraction) is skipped and reported, never silently dropped.

Edits change the base (default mode) values. Other modes (a dark theme) follow them: a renamed
token keeps its mode values under the new path and aliases in them are rewritten, a deleted
token loses them too, a role re-pointed by ``set_role`` follows its new target in every mode,
and ``set_value`` keeps a mode's value unless the token's ``$type`` changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from copy_that.errors import AliasError
from copy_that.service.documents import (
    Document,
    alias_text,
    deep_copy,
    find_node,
    iter_tokens,
    parse_path,
    remove_node,
    set_node,
    split_modes,
    token_type,
    transform_strings,
)
from copy_that.service.errors import ConflictError, NotFoundError
from copy_that.tokens import dtcg
from copy_that.tokens.model import TokenPath

__all__ = [
    "Delete",
    "Edit",
    "EditOp",
    "Rename",
    "SetRole",
    "SetValue",
    "SkippedEdit",
    "apply_edit",
    "edit_from_payload",
    "edit_to_payload",
    "replay_edits",
    "validate_document",
]

EditOp: TypeAlias = Literal["rename", "set_value", "set_role", "delete"]


@dataclass(frozen=True)
class Rename:
    """Move the token at `path` to `to`; aliases pointing at it are rewritten."""

    path: TokenPath
    to: TokenPath


@dataclass(frozen=True)
class SetValue:
    """Replace the ``$value`` of the token at `path`; `type` replaces ``$type`` when given."""

    path: TokenPath
    value: Any
    type: str | None = None


@dataclass(frozen=True)
class SetRole:
    """Make `path` an alias of `target` (created, or replacing the token already there)."""

    path: TokenPath
    target: TokenPath


@dataclass(frozen=True)
class Delete:
    """Remove the token at `path`."""

    path: TokenPath


Edit: TypeAlias = Rename | SetValue | SetRole | Delete


@dataclass(frozen=True)
class SkippedEdit:
    """An edit that could not be replayed over a new extraction, and why."""

    seq: int
    op: EditOp
    reason: str


def edit_from_payload(op: str, payload: dict[str, Any]) -> Edit:
    """Rebuild an edit from its stored form (see `edit_to_payload`).

    Raises
    ------
    ValueError
        Unknown op or a malformed path.
    """
    path = parse_path(str(payload["path"]))
    if op == "rename":
        return Rename(path=path, to=parse_path(str(payload["to"])))
    if op == "set_value":
        kind = payload.get("type")
        return SetValue(path=path, value=payload["value"], type=None if kind is None else str(kind))
    if op == "set_role":
        return SetRole(path=path, target=parse_path(str(payload["target"])))
    if op == "delete":
        return Delete(path=path)
    raise ValueError(f"unknown edit op {op!r}; use rename, set_value, set_role or delete")


def edit_to_payload(edit: Edit) -> tuple[EditOp, dict[str, Any]]:
    """The ``(op, payload)`` stored for `edit` (paths dotted)."""
    path = ".".join(edit.path)
    if isinstance(edit, Rename):
        return "rename", {"path": path, "to": ".".join(edit.to)}
    if isinstance(edit, SetValue):
        payload: dict[str, Any] = {"path": path, "value": edit.value}
        if edit.type is not None:
            payload["type"] = edit.type
        return "set_value", payload
    if isinstance(edit, SetRole):
        return "set_role", {"path": path, "target": ".".join(edit.target)}
    return "delete", {"path": path}


def _require_token(document: Document, path: TokenPath) -> dict[str, Any]:
    node = find_node(document, path)
    if node is None or "$value" not in node:
        raise NotFoundError("token", ".".join(path))
    return node


def _aliases_to(documents: Iterable[Document], path: TokenPath) -> list[str]:
    needle = alias_text(path)
    found: list[str] = []
    for document in documents:
        for token_path, node, _kind in iter_tokens(document):

            def spot(text: str, _path: TokenPath = token_path) -> str:
                if text == needle:
                    found.append(".".join(_path))
                return text

            transform_strings(node["$value"], spot)
    return found


def _rename(base: Document, modes: dict[str, Document], edit: Rename) -> None:
    node = _require_token(base, edit.path)
    if edit.to == edit.path:
        return
    if find_node(base, edit.to) is not None:
        raise ConflictError(f"{'.'.join(edit.to)} already exists; rename or delete it first")
    kind = token_type(base, edit.path)
    moved = dict(node)
    if kind is not None:
        moved["$type"] = kind  # the new place may not inherit the same group $type
    remove_node(base, edit.path)
    try:
        set_node(base, edit.to, moved)
    except ValueError as exc:
        raise ConflictError(str(exc)) from None
    for override in modes.values():
        # Overrides name only tokens of the base, so where the base took the path they can.
        value = remove_node(override, edit.path)
        if value is not None:
            set_node(override, edit.to, value)
    old, new = alias_text(edit.path), alias_text(edit.to)
    for document in (base, *modes.values()):
        for _path, token, _kind in list(iter_tokens(document)):
            token["$value"] = transform_strings(token["$value"], lambda s: new if s == old else s)


def _set_value(base: Document, modes: dict[str, Document], edit: SetValue) -> None:
    node = _require_token(base, edit.path)
    node["$value"] = edit.value
    if edit.type is None:
        return
    node["$type"] = edit.type
    for override in modes.values():
        value = find_node(override, edit.path)
        if value is not None and value.get("$type") != edit.type:
            remove_node(override, edit.path)  # a value of the old type cannot stay


def _set_role(base: Document, modes: dict[str, Document], edit: SetRole) -> None:
    _require_token(base, edit.target)
    kind = token_type(base, edit.target)
    existing = find_node(base, edit.path)
    if existing is not None and "$value" not in existing:
        raise ConflictError(f"{'.'.join(edit.path)} is a group; a role must be a token path")
    node = dict(existing or {})
    node["$value"] = alias_text(edit.target)
    if kind is not None:
        node["$type"] = kind
    try:
        set_node(base, edit.path, node)
    except ValueError as exc:
        raise ConflictError(str(exc)) from None
    for override in modes.values():
        remove_node(override, edit.path)  # the role follows its target in every mode


def _delete(base: Document, modes: dict[str, Document], edit: Delete) -> None:
    _require_token(base, edit.path)
    documents = (base, *modes.values())
    users = [p for p in _aliases_to(documents, edit.path) if p != ".".join(edit.path)]
    if users:
        raise AliasError(
            f"{'.'.join(edit.path)} is referenced by {', '.join(users[:5])}; delete or re-point "
            "those first",
            alias=alias_text(edit.path),
        )
    for document in documents:
        remove_node(document, edit.path)


def validate_document(document: Document) -> None:
    """Check a document is valid DTCG 2025.10 whose aliases all resolve to tokens of their type.

    Raises
    ------
    DTCGValidationError
        The document breaks the format, or an alias dangles or cycles (with a JSON pointer).
    """
    dtcg.validate_document(document)


def apply_edit(document: Document, edit: Edit) -> Document:
    """Apply one edit to a copy of `document` and validate the result.

    Parameters
    ----------
    document : dict
        A DTCG token document, or a resolver document with modes (left unchanged).
    edit : Edit
        The operation.

    Returns
    -------
    dict
        The edited document; a plain token document once no mode overrides anything.

    Raises
    ------
    NotFoundError
        The token the edit names does not exist.
    ConflictError
        The new path is taken, or lies under a token.
    AliasError
        A deleted token is still referenced.
    DTCGValidationError
        The result would not be a valid document.
    ValueError
        `document` is a resolver document of a shape the service does not write.
    """
    result = deep_copy(document)
    base, modes = split_modes(result)
    if isinstance(edit, Rename):
        _rename(base, modes, edit)
    elif isinstance(edit, SetValue):
        _set_value(base, modes, edit)
    elif isinstance(edit, SetRole):
        _set_role(base, modes, edit)
    else:
        _delete(base, modes, edit)
    if modes and not any(modes.values()):
        result = base
    validate_document(result)
    return result


def replay_edits(
    document: Document, edits: Sequence[tuple[int, Edit]]
) -> tuple[Document, list[SkippedEdit]]:
    """Apply edits in order over a fresh extraction result, skipping those that no longer apply.

    Parameters
    ----------
    document : dict
        The merged extraction result (left unchanged).
    edits : sequence of (seq, Edit)
        The project's edits in ``seq`` order.

    Returns
    -------
    (dict, list of SkippedEdit)
        The edited document and the edits that were skipped, with the reason.
    """
    current = document
    skipped: list[SkippedEdit] = []
    for seq, edit in edits:
        try:
            current = apply_edit(current, edit)
        except (NotFoundError, ConflictError, ValueError) as exc:
            # DTCGValidationError and AliasError are ValueErrors too.
            skipped.append(SkippedEdit(seq=seq, op=edit_to_payload(edit)[0], reason=str(exc)))
    return current, skipped
