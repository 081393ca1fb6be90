"""Copy That's own metadata in DTCG ``$extensions["com.copy-that"]``: encode and decode (checking).

On a token: ``confidence`` (0–1), ``evidence`` (boxes, points, share, count, detail) and
``source`` (image ids). On a group: ``reason`` (why it is empty). On the root: ``version``,
``images`` and ``timings_ms``. Keys inside the namespace use the model's field names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, cast

from copy_that._version import __version__
from copy_that.tokens._dtcg_values import Problems, encode_number, is_number, pointer_join
from copy_that.tokens.model import Evidence, GroupInfo, ImageInfo, JSONValue, Token, TokenSet

__all__ = [
    "NAMESPACE",
    "decode_group_meta",
    "decode_root_meta",
    "decode_token_meta",
    "encode_group_meta",
    "encode_root_meta",
    "encode_token_meta",
]

#: The vendor key of Copy That's ``$extensions`` entries.
NAMESPACE: Final = "com.copy-that"
_TOKEN_KEYS: Final = frozenset({"confidence", "evidence", "source"})
_GROUP_KEYS: Final = frozenset({"reason"})
_ROOT_KEYS: Final = frozenset({"version", "images", "timings_ms", "reason"})
_DPR_SOURCES: Final = ("option", "inferred", "default")


def _split(
    extensions: Mapping[str, JSONValue], reserved: frozenset[str], where: str
) -> dict[str, Any]:
    """The namespace entry of `extensions` as a fresh dict, refusing reserved keys in it."""
    own = extensions.get(NAMESPACE, {})
    if not isinstance(own, Mapping):
        raise ValueError(f"{where}: extensions[{NAMESPACE!r}] must be a mapping, got {own!r}")
    clash = sorted(reserved & own.keys())
    if clash:
        raise ValueError(
            f"{where}: extensions[{NAMESPACE!r}] must not set {clash}; use the model's fields"
        )
    return dict(own)


def _merge(extensions: Mapping[str, JSONValue], own: dict[str, Any]) -> dict[str, Any] | None:
    out = {k: v for k, v in extensions.items() if k != NAMESPACE}
    if own:
        out[NAMESPACE] = own
    return out or None


def _encode_evidence(evidence: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if evidence.boxes:
        out["boxes"] = [list(box) for box in evidence.boxes]
    if evidence.points:
        out["points"] = [list(point) for point in evidence.points]
    if evidence.share is not None:
        out["share"] = encode_number(evidence.share)
    if evidence.count is not None:
        out["count"] = evidence.count
    if evidence.detail:
        out["detail"] = dict(evidence.detail)
    return out


def encode_token_meta(token: Token) -> dict[str, Any] | None:
    """The token's ``$extensions``, with confidence/evidence/source in the namespace."""
    own = _split(token.extensions, _TOKEN_KEYS, token.name)
    if token.confidence is not None:
        own["confidence"] = encode_number(token.confidence)
    if token.evidence is not None:
        own["evidence"] = _encode_evidence(token.evidence)
        if token.evidence.image_ids:
            own["source"] = list(token.evidence.image_ids)
    return _merge(token.extensions, own)


def encode_group_meta(info: GroupInfo) -> dict[str, Any] | None:
    """The group's ``$extensions``, with the empty-group reason in the namespace."""
    where = ".".join(info.path) or "(root group)"
    own = _split(info.extensions, _GROUP_KEYS, where)
    if info.reason is not None:
        own["reason"] = info.reason
    return _merge(info.extensions, own)


def _encode_image(image: ImageInfo) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": image.id,
        "name": image.name,
        "width_px": image.width_px,
        "height_px": image.height_px,
        "dpr": encode_number(image.dpr),
        "dpr_source": image.dpr_source,
    }
    if image.dpr_confidence is not None:
        out["dpr_confidence"] = encode_number(image.dpr_confidence)
    return out


def encode_root_meta(tokens: TokenSet, root_reason: str | None) -> dict[str, Any]:
    """The root ``$extensions``: run metadata in the namespace plus other vendors' entries."""
    own = _split(tokens.extensions, _ROOT_KEYS, "TokenSet.extensions")
    own["version"] = __version__
    own["images"] = [_encode_image(image) for image in tokens.images]
    own["timings_ms"] = {k: encode_number(v) for k, v in tokens.timings_ms.items()}
    if root_reason is not None:
        own["reason"] = root_reason
    return _merge(tokens.extensions, own) or {}


# --- decoding -------------------------------------------------------------------------------


def _own(raw: dict[str, Any], pointer: str, problems: Problems) -> tuple[dict[str, Any], str]:
    own = raw.get(NAMESPACE, {})
    own_pointer = pointer_join(pointer, NAMESPACE)
    if not isinstance(own, dict):
        problems.append((own_pointer, f"{NAMESPACE} extensions must be an object"))
        return {}, own_pointer
    return own, own_pointer


def _rest(raw: dict[str, Any], own: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    out = {k: v for k, v in raw.items() if k != NAMESPACE}
    kept = {k: v for k, v in own.items() if k not in reserved}
    if kept:
        out[NAMESPACE] = kept
    return out


def _int_tuple(raw: object, size: int) -> tuple[int, ...] | None:
    ints = isinstance(raw, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in raw
    )
    if ints and len(raw) == size:  # type: ignore[arg-type]
        return tuple(raw)  # type: ignore[arg-type]
    return None


def _decode_evidence(
    raw: object, source: object, pointer: str, problems: Problems
) -> Evidence | None:
    if not isinstance(raw, dict):
        problems.append((pointer, f"evidence must be an object, got {raw!r}"))
        return None
    bad = len(problems)
    for key in sorted(raw.keys() - {"boxes", "points", "share", "count", "detail"}):
        problems.append((pointer_join(pointer, key), f"unknown evidence property {key!r}"))
    boxes = (
        [_int_tuple(b, 4) for b in raw.get("boxes", [])]
        if isinstance(raw.get("boxes", []), list)
        else [None]
    )
    if any(b is None for b in boxes):
        problems.append(
            (pointer_join(pointer, "boxes"), "boxes must be a list of [x, y, w, h] integers")
        )
    points = (
        [_int_tuple(p, 2) for p in raw.get("points", [])]
        if isinstance(raw.get("points", []), list)
        else [None]
    )
    if any(p is None for p in points):
        problems.append(
            (pointer_join(pointer, "points"), "points must be a list of [x, y] integers")
        )
    share = raw.get("share")
    if share is not None and not (is_number(share) and 0.0 <= share <= 1.0):
        problems.append(
            (pointer_join(pointer, "share"), f"share must be a number in 0–1, got {share!r}")
        )
    count = raw.get("count")
    if count is not None and not (
        isinstance(count, int) and not isinstance(count, bool) and count >= 0
    ):
        problems.append(
            (pointer_join(pointer, "count"), f"count must be a non-negative integer, got {count!r}")
        )
    detail = raw.get("detail", {})
    if not isinstance(detail, dict):
        problems.append((pointer_join(pointer, "detail"), "detail must be an object"))
    ids = source if source is not None else []
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        problems.append(
            (
                pointer_join(pointer.rsplit("/", 1)[0], "source"),
                "source must be a list of image ids",
            )
        )
    if len(problems) > bad:
        return None
    return Evidence(
        boxes=cast(tuple[tuple[int, int, int, int], ...], tuple(boxes)),
        points=cast(tuple[tuple[int, int], ...], tuple(points)),
        share=None if share is None else float(share),
        count=count,
        image_ids=tuple(cast(list[str], ids)),
        detail=detail,
    )


def decode_token_meta(
    raw: object, pointer: str, problems: Problems
) -> tuple[float | None, Evidence | None, dict[str, Any]]:
    """``(confidence, evidence, other extensions)`` from a token's ``$extensions`` at `pointer`."""
    if raw is None:
        return None, None, {}
    if not isinstance(raw, dict):
        problems.append((pointer, "$extensions must be an object"))
        return None, None, {}
    own, own_pointer = _own(raw, pointer, problems)
    confidence = own.get("confidence")
    if confidence is not None and not (is_number(confidence) and 0.0 <= confidence <= 1.0):
        problems.append(
            (
                pointer_join(own_pointer, "confidence"),
                f"confidence must be a number in 0–1, got {confidence!r}",
            )
        )
        confidence = None
    evidence = None
    if "evidence" in own:
        evidence = _decode_evidence(
            own["evidence"], own.get("source"), pointer_join(own_pointer, "evidence"), problems
        )
    elif "source" in own:
        problems.append(
            (pointer_join(own_pointer, "source"), "source is written only beside evidence")
        )
    conf = None if confidence is None else float(confidence)
    return conf, evidence, _rest(raw, own, _TOKEN_KEYS)


def decode_group_meta(
    raw: object, pointer: str, problems: Problems
) -> tuple[str | None, dict[str, Any]]:
    """``(reason, other extensions)`` from a group's ``$extensions`` at `pointer`."""
    if raw is None:
        return None, {}
    if not isinstance(raw, dict):
        problems.append((pointer, "$extensions must be an object"))
        return None, {}
    own, own_pointer = _own(raw, pointer, problems)
    reason = own.get("reason")
    if reason is not None and not isinstance(reason, str):
        problems.append((pointer_join(own_pointer, "reason"), "reason must be a string"))
        reason = None
    return reason, _rest(raw, own, _GROUP_KEYS)


def _decode_image(raw: object, pointer: str, problems: Problems) -> ImageInfo | None:
    keys = {"id", "name", "width_px", "height_px", "dpr", "dpr_source", "dpr_confidence"}
    if not isinstance(raw, dict) or not {"id", "width_px", "height_px"} <= raw.keys():
        problems.append((pointer, "an image needs at least id, width_px and height_px"))
        return None
    bad = len(problems)
    for key in sorted(raw.keys() - keys):
        problems.append((pointer_join(pointer, key), f"unknown image property {key!r}"))
    if not isinstance(raw["id"], str) or not (
        raw.get("name") is None or isinstance(raw["name"], str)
    ):
        problems.append((pointer, "image id must be a string and name a string or null"))
    for key in ("width_px", "height_px"):
        v = raw[key]
        if not (isinstance(v, int) and not isinstance(v, bool) and v > 0):
            problems.append((pointer_join(pointer, key), f"{key} must be a positive integer"))
    dpr = raw.get("dpr", 1.0)
    if not (is_number(dpr) and dpr > 0):
        problems.append((pointer_join(pointer, "dpr"), "dpr must be a positive number"))
    dpr_source = raw.get("dpr_source", "default")
    if dpr_source not in _DPR_SOURCES:
        problems.append(
            (pointer_join(pointer, "dpr_source"), f"dpr_source must be one of {_DPR_SOURCES}")
        )
    conf = raw.get("dpr_confidence")
    if conf is not None and not (is_number(conf) and 0.0 <= conf <= 1.0):
        problems.append((pointer_join(pointer, "dpr_confidence"), "dpr_confidence must be in 0–1"))
    if len(problems) > bad:
        return None
    return ImageInfo(
        id=raw["id"],
        name=raw.get("name"),
        width_px=raw["width_px"],
        height_px=raw["height_px"],
        dpr=float(dpr),
        dpr_source=dpr_source,
        dpr_confidence=None if conf is None else float(conf),
    )


def decode_root_meta(
    raw: object, pointer: str, problems: Problems
) -> tuple[tuple[ImageInfo, ...], dict[str, float], str | None, dict[str, Any]]:
    """``(images, timings_ms, root reason, other extensions)`` from the root ``$extensions``."""
    if raw is None:
        return (), {}, None, {}
    if not isinstance(raw, dict):
        problems.append((pointer, "$extensions must be an object"))
        return (), {}, None, {}
    own, own_pointer = _own(raw, pointer, problems)
    version = own.get("version")
    if version is not None and not isinstance(version, str):
        problems.append((pointer_join(own_pointer, "version"), "version must be a string"))
    images_raw = own.get("images", [])
    images: list[ImageInfo] = []
    if not isinstance(images_raw, list):
        problems.append((pointer_join(own_pointer, "images"), "images must be a list"))
    else:
        for i, item in enumerate(images_raw):
            image = _decode_image(item, pointer_join(own_pointer, "images", i), problems)
            if image is not None:
                images.append(image)
    timings_raw = own.get("timings_ms", {})
    timings: dict[str, float] = {}
    if not isinstance(timings_raw, dict):
        problems.append((pointer_join(own_pointer, "timings_ms"), "timings_ms must be an object"))
    else:
        for key, value in timings_raw.items():
            if not (is_number(value) and value >= 0):
                problems.append(
                    (
                        pointer_join(own_pointer, "timings_ms", key),
                        "a timing is a non-negative number",
                    )
                )
            else:
                timings[key] = float(value)
    reason = own.get("reason")
    if reason is not None and not isinstance(reason, str):
        problems.append((pointer_join(own_pointer, "reason"), "reason must be a string"))
        reason = None
    return tuple(images), timings, reason, _rest(raw, own, _ROOT_KEYS)
