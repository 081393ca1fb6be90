"""Alias resolution over a `TokenSet`, with cycle detection."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING

from copy_that.errors import AliasError
from copy_that.tokens.model import Alias, Border, Shadow, ShadowLayer, Typography

if TYPE_CHECKING:
    from copy_that.tokens.model import TokenSet, TokenValue

__all__ = ["resolve_value"]


def _lookup(tokens: TokenSet, alias: Alias, mode: str | None) -> TokenValue:
    if mode is not None:
        overrides = tokens.modes.get(mode, {})
        if alias.path in overrides:
            return overrides[alias.path]
    token = tokens.get(alias.path)
    if token is None:
        raise AliasError(f"alias {alias} points at no token", alias=str(alias))
    return token.value


def resolve_value(
    tokens: TokenSet, value: TokenValue, *, mode: str | None = None, _chain: tuple[Alias, ...] = ()
) -> TokenValue:
    """Resolve `value` against `tokens`; see `TokenSet.resolve`."""
    if isinstance(value, Alias):
        if value in _chain:
            cycle = " → ".join(str(a) for a in (*_chain, value))
            raise AliasError(f"alias cycle: {cycle}", alias=str(value))
        target = _lookup(tokens, value, mode)
        return resolve_value(tokens, target, mode=mode, _chain=(*_chain, value))
    if isinstance(value, Shadow):
        return Shadow(
            tuple(
                _resolve_members(tokens, layer, mode, _chain)  # type: ignore[misc]
                for layer in value.layers
            )
        )
    if isinstance(value, Border | Typography | ShadowLayer):
        return _resolve_members(tokens, value, mode, _chain)
    return value


def _resolve_members(
    tokens: TokenSet,
    value: Border | Typography | ShadowLayer,
    mode: str | None,
    chain: tuple[Alias, ...],
) -> Border | Typography | ShadowLayer:
    changes = {
        f.name: resolve_value(tokens, getattr(value, f.name), mode=mode, _chain=chain)
        for f in fields(value)
        if isinstance(getattr(value, f.name), Alias)
    }
    return replace(value, **changes) if changes else value
