"""Material 3 colour scheme (light and dark) from the extracted colours, with HCT tonal palettes.

The seed is the extracted ``color.primary`` (else the colour token with the largest pixel share).
Tonal palettes (HCT, Material's colour utilities via ``materialyoucolor``) come from the
extracted roles where the image shows them, like Material Theme Builder's custom core colours:
primary ← ``primary``, secondary ← ``secondary``, tertiary ← ``accent``, neutral ← ``surface``
(else ``background``), error ← ``danger``; the rest derive from the seed (Fidelity variant,
which keeps the seed's chroma, 2021 spec, standard contrast). The JSON lists the core colours,
both schemes (every Material role as ``#rrggbb``), the tonal palettes (tones 0–100) and, per
extracted role, the Material role it maps onto with the CIEDE2000 distance between the measured
colour and the scheme's, so a designer sees where Material's tones moved a colour.
"""

from __future__ import annotations

import json
from typing import Any, Final

from materialyoucolor.dynamiccolor.color_spec import COLOR_NAMES
from materialyoucolor.dynamiccolor.dynamic_scheme import DynamicScheme
from materialyoucolor.dynamiccolor.material_dynamic_colors import MaterialDynamicColors
from materialyoucolor.dynamiccolor.variant import Variant
from materialyoucolor.hct.hct import Hct
from materialyoucolor.palettes.tonal_palette import TonalPalette

from copy_that._version import __version__
from copy_that.errors import ExportError
from copy_that.exporters._common import ExportOptions
from copy_that.exporters._native import role_tokens
from copy_that.imaging import delta_e_2000_srgb
from copy_that.tokens.model import Color, Token, TokenSet

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render"]

NAME = "material3"
EXTENSION = "material3.json"
MEDIA_TYPE = "application/json"
DESCRIPTION = "Material 3 light/dark scheme from HCT tonal palettes seeded by the extracted roles"

#: Tones Material Theme Builder lists for each palette.
_TONES: Final = (0, 5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 70, 80, 90, 95, 98, 99, 100)
#: Extracted role → (core palette it seeds, Material role it maps onto).
_ROLE_MAP: Final = {
    "primary": ("primary", "primary"),
    "on-primary": (None, "onPrimary"),
    "secondary": ("secondary", "secondary"),
    "accent": ("tertiary", "tertiary"),
    "background": (None, "background"),
    "surface": ("neutral", "surface"),
    "text": (None, "onSurface"),
    "text-muted": (None, "onSurfaceVariant"),
    "border": (None, "outline"),
    "danger": ("error", "error"),
}
#: 2021 is the spec Material Theme Builder exports; Fidelity keeps the seed's chroma.
_SPEC: Final = "2021"


def _argb(color: Color) -> int:
    r, g, b = color.srgb8
    return int(0xFF000000 | (r << 16) | (g << 8) | b)


def _hex(argb: int) -> str:
    return f"#{argb & 0xFFFFFF:06x}"


def _color_of(tokens: TokenSet, token: Token) -> Color:
    value = tokens.resolve(token.value)
    if not isinstance(value, Color):
        raise ExportError(f"{NAME}: {token.name} does not resolve to a colour")
    return value


def _seed(tokens: TokenSet, roles: dict[str, Token]) -> tuple[Token, str]:
    if "primary" in roles:
        return roles["primary"], "color.primary"
    colours = [t for t in tokens if t.type == "color"]
    if not colours:
        raise ExportError(f"{NAME}: the token set has no colour to seed a Material scheme")
    best = max(colours, key=lambda t: t.evidence.share if t.evidence and t.evidence.share else 0.0)
    return best, f"{best.name} (largest pixel share; the image shows no primary role)"


def _palettes(tokens: TokenSet, roles: dict[str, Token]) -> dict[str, TonalPalette]:
    out = {}
    for role, (core, _) in _ROLE_MAP.items():
        if core is not None and role in roles and core != "primary":
            out[core] = TonalPalette.from_int(_argb(_color_of(tokens, roles[role])))
    if "neutral" not in out and "background" in roles:
        out["neutral"] = TonalPalette.from_int(_argb(_color_of(tokens, roles["background"])))
    return out


def _scheme(seed: Color, palettes: dict[str, TonalPalette], dark: bool) -> DynamicScheme:
    return DynamicScheme(
        Hct.from_int(_argb(seed)),
        Variant.FIDELITY,
        0.0,
        dark,
        spec_version=_SPEC,
        secondary_palette=palettes.get("secondary"),
        tertiary_palette=palettes.get("tertiary"),
        neutral_palette=palettes.get("neutral"),
        error_palette=palettes.get("error"),
    )


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The scheme document (see the module docstring)."""
    roles = role_tokens(tokens)
    seed_token, seed_source = _seed(tokens, roles)
    seed = _color_of(tokens, seed_token)
    palettes = _palettes(tokens, roles)
    colors = MaterialDynamicColors(spec=_SPEC)
    schemes = {}
    for label, dark in (("light", False), ("dark", True)):
        scheme = _scheme(seed, palettes, dark)
        schemes[label] = (
            scheme,
            {
                name: _hex(getattr(colors, name).get_argb(scheme))
                for name in COLOR_NAMES
                if getattr(colors, name, None) is not None and not name.endswith("PaletteKeyColor")
            },
        )
    light_scheme = schemes["light"][0]
    palette_of = {
        "primary": light_scheme.primary_palette,
        "secondary": light_scheme.secondary_palette,
        "tertiary": light_scheme.tertiary_palette,
        "neutral": light_scheme.neutral_palette,
        "neutral-variant": light_scheme.neutral_variant_palette,
        "error": light_scheme.error_palette,
    }
    mapping: dict[str, Any] = {}
    for role, (_, m3_role) in _ROLE_MAP.items():
        if role not in roles:
            continue
        measured = _color_of(tokens, roles[role])
        entry: dict[str, Any] = {
            "token": roles[role].name,
            "measured": measured.hex,
            "material_role": m3_role,
        }
        for label in ("light", "dark"):
            value = schemes[label][1][m3_role]
            delta = float(delta_e_2000_srgb(measured.components, Color.from_hex(value).components))
            entry[label] = {"value": value, "delta_e_2000": round(delta, 2)}
        mapping[role] = entry
    doc = {
        "description": f"Material 3 scheme generated by Copy That {__version__}",
        "seed": seed.hex,
        "seed_source": seed_source,
        "variant": "fidelity",
        "spec": _SPEC,
        "coreColors": {
            "primary": seed.hex,
            **{name: _hex(p.key_color.to_int()) for name, p in palettes.items()},
        },
        "schemes": {label: values for label, (_, values) in schemes.items()},
        "palettes": {
            name: {str(tone): _hex(palette.tone(tone)) for tone in _TONES}
            for name, palette in palette_of.items()
        },
        "roles": mapping,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
