"""Differences between two token documents: tokens added, removed and changed.

Only what a design system states is compared: ``$value``, effective ``$type``,
``$description`` and the values of other modes (``modes``, e.g. ``{"dark": "{color.palette.ink}"}``,
for documents with modes). Evidence and confidence under ``$extensions`` change with every
extraction and are left out, so a diff shows design changes, not measurement noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from copy_that.service.documents import Document, iter_tokens, split_modes

__all__ = ["TokenChange", "TokenDiff", "diff_documents"]


@dataclass(frozen=True)
class TokenChange:
    """One token's difference: `before` is None when added, `after` None when removed.

    Each side holds ``{"$type", "$value", "$description", "modes"}`` (description only when
    present; ``modes`` maps each mode that overrides the token to its value there).
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
    base, modes = split_modes(document)
    out: dict[str, dict[str, Any]] = {}
    for path, node, kind in iter_tokens(base):
        stated: dict[str, Any] = {"$type": kind, "$value": node["$value"]}
        if "$description" in node:
            stated["$description"] = node["$description"]
        out[".".join(path)] = stated
    for mode, override in modes.items():
        for path, node, _kind in iter_tokens(override):
            out[".".join(path)].setdefault("modes", {})[mode] = node["$value"]
    return out


def diff_documents(before: Document, after: Document) -> TokenDiff:
    """Compare two DTCG documents token by token.

    Parameters
    ----------
    before, after : dict
        DTCG 2025.10 token documents, or resolver documents with modes.

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
