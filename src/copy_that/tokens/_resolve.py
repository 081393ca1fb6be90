"""Alias traversal over token values: rewrite or resolve every alias, composites included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from copy_that.errors import AliasError
from copy_that.tokens.model import Alias, Border, Shadow, ShadowLayer, Typography

if TYPE_CHECKING:
    from copy_that.tokens.model import TokenPath, TokenSet, TokenValue

__all__ = ["follow_alias", "map_aliases", "resolve_value"]


def _map_fields(value: Any, fn: Callable[[Alias], Any]) -> Any:
    changes = {
        f.name: fn(member)
        for f in fields(value)
        if isinstance(member := getattr(value, f.name), Alias)
    }
    return replace(value, **changes) if changes else value


def map_aliases(value: TokenValue, fn: Callable[[Alias], Any]) -> TokenValue:
    """Apply `fn` to `value` if it is an alias, else to every alias member of a composite.

    Parameters
    ----------
    value : TokenValue
        A plain value, an alias, or a composite (`Border`, `Typography`, `Shadow`).
    fn : callable
        Maps an `Alias` to its replacement (another alias, or a concrete value).

    Returns
    -------
    TokenValue
        A new value with the replacements; values without aliases are returned unchanged.
    """
    if isinstance(value, Alias):
        result: TokenValue = fn(value)
        return result
    if isinstance(value, Shadow):
        layers: tuple[ShadowLayer, ...] = tuple(_map_fields(layer, fn) for layer in value.layers)
        return Shadow(layers)
    if isinstance(value, Border | Typography):
        mapped: TokenValue = _map_fields(value, fn)
        return mapped
    return value


def resolve_value(
    tokens: TokenSet, value: TokenValue, *, mode: str | None = None, _chain: tuple[Alias, ...] = ()
) -> TokenValue:
    """Resolve `value` against `tokens`; see `TokenSet.resolve`."""

    def follow(alias: Alias) -> TokenValue:
        if alias in _chain:
            cycle = " → ".join(str(a) for a in (*_chain, alias))
            raise AliasError(f"alias cycle: {cycle}", alias=str(alias))
        overrides = tokens.modes.get(mode, {}) if mode is not None else {}
        if alias.path in overrides:
            target = overrides[alias.path]
        else:
            token = tokens.get(alias.path)
            if token is None:
                raise AliasError(f"alias {alias} points at no token", alias=str(alias))
            target = token.value
        return resolve_value(tokens, target, mode=mode, _chain=(*_chain, alias))

    return map_aliases(value, follow)


def follow_alias(
    alias: Alias, lookup: Callable[[TokenPath], TokenValue | None]
) -> tuple[TokenPath, TokenValue]:
    """Follow a chain of whole-value aliases to the first token whose value is not an alias.

    Parameters
    ----------
    alias : Alias
        Where to start.
    lookup : callable
        Maps a token path to its value, or None when no token lives there (a plain mapping's
        ``.get`` will do).

    Returns
    -------
    (path, value)
        The path of the last token in the chain and its non-alias value; composite members are
        left as they are.

    Raises
    ------
    AliasError
        A link of the chain points at no token, or the chain comes back on itself.
    """
    chain: list[Alias] = []
    current = alias
    while True:
        if current in chain:
            cycle = " → ".join(str(a) for a in (*chain, current))
            raise AliasError(f"alias cycle: {cycle}", alias=str(alias))
        chain.append(current)
        target = lookup(current.path)
        if target is None:
            via = f" (reached from {alias})" if current != alias else ""
            raise AliasError(
                f"alias {current} points at no token{via}; check the name or add the token",
                alias=str(current),
            )
        if not isinstance(target, Alias):
            return current.path, target
        current = target
