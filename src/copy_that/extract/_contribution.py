"""What one extractor adds to a token set: its tokens, its group notes and any per-mode values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from copy_that.tokens.model import GroupInfo, Token, TokenPath, TokenValue

__all__ = ["Contribution"]


@dataclass(frozen=True)
class Contribution:
    """Tokens and group info produced by one extractor for one image.

    Parameters
    ----------
    tokens : tuple of Token
        The extractor's tokens, paths unique within its own top-level group(s).
    groups : tuple of GroupInfo
        Descriptions of its groups; an empty group states its `GroupInfo.reason`.
    modes : mapping
        Per-mode overrides (``{"dark": {path: value}}``), rarely used by single-image extractors.
    """

    tokens: tuple[Token, ...] = ()
    groups: tuple[GroupInfo, ...] = ()
    modes: Mapping[str, Mapping[TokenPath, TokenValue]] = field(default_factory=dict)
