"""Link colours inside composite tokens (borders, shadows) to the palette by alias.

Extractors measure composite tokens with raw colours; a design system refers to its palette
instead. A member colour is replaced by ``{color.palette.<name>}`` when a palette colour is
within a just-noticeable difference of it and has the same alpha.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from copy_that.imaging import delta_e_2000_srgb
from copy_that.tokens.model import Alias, Border, Color, Shadow, Token, TokenSet

__all__ = ["MAX_LINK_DELTA_E", "link_colors"]

#: Largest CIEDE2000 between a member colour and a palette colour for them to be linked; 1.0 is
#: about one just-noticeable difference.
MAX_LINK_DELTA_E = 1.0
# Alphas closer than one 8-bit step are the same alpha.
_ALPHA_TOLERANCE = 1.0 / 255.0
_PALETTE = ("color", "palette")


class _Palette:
    def __init__(self, tokens: TokenSet) -> None:
        entries = [
            (t.path, t.value)
            for t in tokens.group(*_PALETTE)
            if isinstance(t.value, Color) and len(t.path) == 3
        ]
        self._entries = entries
        self._srgb = np.array([c.components for _, c in entries], dtype=np.float64).reshape(-1, 3)

    def alias_for(self, color: Color) -> Color | Alias:
        if not self._entries:
            return color
        distances = delta_e_2000_srgb(np.array(color.components), self._srgb)
        order = np.argsort(distances, kind="stable")
        for index in order:
            if distances[index] > MAX_LINK_DELTA_E:
                break
            path, candidate = self._entries[int(index)]
            if abs(candidate.alpha - color.alpha) <= _ALPHA_TOLERANCE:
                return Alias(path)
        return color


def _link_token(token: Token, palette: _Palette) -> Token:
    value = token.value
    if isinstance(value, Border) and isinstance(value.color, Color):
        return replace(token, value=replace(value, color=palette.alias_for(value.color)))
    if isinstance(value, Shadow):
        layers = tuple(
            replace(layer, color=palette.alias_for(layer.color))
            if isinstance(layer.color, Color)
            else layer
            for layer in value.layers
        )
        return replace(token, value=Shadow(layers))
    return token


def link_colors(tokens: TokenSet) -> TokenSet:
    """Replace raw colours in border and shadow tokens by aliases to matching palette colours.

    Parameters
    ----------
    tokens : TokenSet
        A token set whose palette lives under ``color.palette``.

    Returns
    -------
    TokenSet
        The same set with linked members; colours with no palette match stay as they are.
    """
    palette = _Palette(tokens)
    return tokens.with_tokens(_link_token(t, palette) for t in tokens.tokens)
