"""Build a minimal ICC v2 RGB matrix/TRC profile (e.g. Display P3) for decoding tests.

No ICC files ship with the test machine, so the tests write their own: header, tag table, and
the desc/wtpt/rXYZ/gXYZ/bXYZ/rTRC/gTRC/bTRC tags (ICC.1:2001-04).
"""

from __future__ import annotations

import struct

import numpy as np

_D50 = np.array([0.9642, 1.0, 0.8249])
_BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: np.ndarray) -> bytes:
    return b"XYZ " + b"\0" * 4 + b"".join(_s15f16(v) for v in xyz)


def _curve_tag() -> bytes:
    codes = np.arange(1024) / 1023
    linear = np.where(codes <= 0.04045, codes / 12.92, ((codes + 0.055) / 1.055) ** 2.4)
    values = np.round(linear * 65535).astype(">u2").tobytes()
    return b"curv" + b"\0" * 4 + struct.pack(">I", 1024) + values


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    body = b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_text)) + ascii_text
    # Unicode and ScriptCode parts left empty (allowed by ICC v2).
    return body + b"\0" * 8 + b"\0" * 3 + b"\0" * 67


def rgb_profile(description: str, primaries_xy: list[tuple[float, float]]) -> bytes:
    """ICC profile bytes for an RGB space with D65 white, the given primaries and the sRGB curve."""
    white_d65 = np.array([0.3127 / 0.3290, 1.0, (1 - 0.3127 - 0.3290) / 0.3290])
    xyz_primaries = np.array([[x / y, 1.0, (1 - x - y) / y] for x, y in primaries_xy]).T
    scale = np.linalg.solve(xyz_primaries, white_d65)
    rgb_to_xyz = xyz_primaries * scale
    cone_src = _BRADFORD @ white_d65
    cone_dst = _BRADFORD @ _D50
    adapt = np.linalg.inv(_BRADFORD) @ np.diag(cone_dst / cone_src) @ _BRADFORD
    colorants = adapt @ rgb_to_xyz
    tags = [
        (b"desc", _desc_tag(description)),
        (b"wtpt", _xyz_tag(_D50)),
        (b"rXYZ", _xyz_tag(colorants[:, 0])),
        (b"gXYZ", _xyz_tag(colorants[:, 1])),
        (b"bXYZ", _xyz_tag(colorants[:, 2])),
        (b"rTRC", _curve_tag()),
        (b"gTRC", _curve_tag()),
        (b"bTRC", _curve_tag()),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    data = b""
    for signature, body in tags:
        padded = body + b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += padded
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + bytes([2, 0x10, 0, 0])
        + b"mntr"
        + b"RGB "
        + b"XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + b"".join(_s15f16(v) for v in _D50)
        + b"\0" * 48
    )
    assert len(header) == 128, len(header)
    return header + table + data


DISPLAY_P3 = rgb_profile("Display P3", [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)])
