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
    tokens: TokenSet,
    value: TokenValue,
    *,
    mode: str | None = None,
    _within: frozenset[TokenPath] = frozenset(),
) -> TokenValue:
    """Resolve `value` against `tokens`; see `TokenSet.resolve`.

    Alias chains are followed by `follow_alias`; ``_within`` holds the composite tokens whose
    members are being resolved, so a member pointing back into one of them is reported as a cycle.
    """
    overrides = tokens.modes.get(mode, {}) if mode is not None else {}

    def lookup(path: TokenPath) -> TokenValue | None:
        if path in overrides:
            return overrides[path]
        token = tokens.get(path)
        return None if token is None else token.value

    def follow(alias: Alias) -> TokenValue:
        path, target = follow_alias(alias, lookup)
        if path in _within:
            raise AliasError(
                f"alias cycle through the members of {{{'.'.join(path)}}}", alias=str(alias)
            )
        return resolve_value(tokens, target, mode=mode, _within=_within | {path})

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
