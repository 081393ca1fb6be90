"""Differences between two token documents: tokens added, removed and changed.

Only what a design system states is compared: ``$value``, effective ``$type`` and
``$description``. Evidence and confidence under ``$extensions`` change with every extraction and
are left out, so a diff shows design changes, not measurement noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from copy_that.service.documents import Document, iter_tokens

__all__ = ["TokenChange", "TokenDiff", "diff_documents"]


@dataclass(frozen=True)
class TokenChange:
    """One token's difference: `before` is None when added, `after` None when removed.

    Each side holds ``{"$type", "$value", "$description"}`` (description only when present).
    """

    path: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class TokenDiff:
    """All changes from one document to another, each list sorted by path."""

    added: tuple[TokenChange, ...]
    removed: tuple[TokenChange, ...]
    changed: tuple[TokenChange, ...]

    @property
    def unchanged(self) -> bool:
        """Whether the two documents state the same design system."""
        return not (self.added or self.removed or self.changed)


def _statements(document: Document) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path, node, kind in iter_tokens(document):
        stated: dict[str, Any] = {"$type": kind, "$value": node["$value"]}
        if "$description" in node:
            stated["$description"] = node["$description"]
        out[".".join(path)] = stated
    return out


def diff_documents(before: Document, after: Document) -> TokenDiff:
    """Compare two DTCG documents token by token.

    Parameters
    ----------
    before, after : dict
        DTCG 2025.10 documents.

    Returns
    -------
    TokenDiff
        Added, removed and changed tokens.
    """
    old, new = _statements(before), _statements(after)
    added = tuple(TokenChange(p, None, new[p]) for p in sorted(new.keys() - old.keys()))
    removed = tuple(TokenChange(p, old[p], None) for p in sorted(old.keys() - new.keys()))
    changed = tuple(
        TokenChange(p, old[p], new[p]) for p in sorted(old.keys() & new.keys()) if old[p] != new[p]
    )
    return TokenDiff(added=added, removed=removed, changed=changed)
