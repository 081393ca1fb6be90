"""Offline text recognition of line crops with RapidOCR's PP-OCR recogniser (optional extra).

Only the recognition network runs: Copy That finds the lines itself, so the detector and the
angle classifier are skipped. The ONNX models ship inside the ``rapidocr-onnxruntime`` wheel;
nothing is downloaded. Without the ``ocr`` extra, `recognise` reports that it is unavailable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["OCR_INSTALL_HINT", "ocr_available", "recognise"]

#: What to tell a user whose install lacks the recogniser.
OCR_INSTALL_HINT = "text recognition needs the ocr extra: pip install 'copy-that[ocr]'"
# Results below this recogniser score are dropped (PP-OCR's own default threshold is 0.5).
_MIN_SCORE = 0.5


def ocr_available() -> bool:
    """Whether the recogniser can be loaded in this environment."""
    return _recogniser() is not None


def recognise(crops: Sequence[NDArray[np.uint8]]) -> list[tuple[str, float] | None]:
    """Read one line of text from each crop.

    Parameters
    ----------
    crops : sequence of ndarray of shape (H, W, 3), dtype uint8
        sRGB crops around single text lines.

    Returns
    -------
    list of (str, float) or None
        Text and recogniser score (0–1) per crop; None for crops read with a score under 0.5
        or when the recogniser is unavailable.
    """
    engine = _recogniser()
    if engine is None:
        return [None] * len(crops)
    results: list[tuple[str, float] | None] = []
    for crop in crops:
        # PP-OCR was trained on BGR input (OpenCV's order).
        output = engine([np.ascontiguousarray(crop[:, :, ::-1])])
        text, score = _first(output)
        results.append((text, score) if text.strip() and score >= _MIN_SCORE else None)
    return results


def _first(output: Any) -> tuple[str, float]:
    """The (text, score) of the first crop in RapidOCR's recogniser output."""
    items = output[0] if isinstance(output, tuple) else output
    text, score = items[0]
    return str(text).strip(), float(score)


@functools.lru_cache(maxsize=1)
def _recogniser() -> Callable[[list[NDArray[np.uint8]]], Any] | None:
    try:
        import rapidocr_onnxruntime
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        from rapidocr_onnxruntime.utils import read_yaml
    except ImportError:
        return None
    # Only the recognition network, configured as the package configures it: loading the
    # detector and the angle classifier too (as `RapidOCR()` does) costs ~50 ms for nothing.
    package = Path(rapidocr_onnxruntime.__file__).parent
    config: dict[str, Any] = dict(read_yaml(package / "config.yaml")["Rec"])
    config["model_path"] = str(package / config["model_path"])
    # One thread: the recogniser reads a handful of short crops, where a thread pool costs more
    # CPU time spinning than it saves (and onnxruntime pins its pool threads to other cores,
    # escaping the caller's CPU affinity).
    config["intra_op_num_threads"] = 1
    config["inter_op_num_threads"] = 1
    recogniser: Callable[[list[NDArray[np.uint8]]], Any] = TextRecognizer(config)
    return recogniser
