"""Tests for deploy/requirements.lock: complete, hashed, and in step with pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[3]
LOCK = ROOT / "deploy" / "requirements.lock"
# The extras the production image carries (deploy/lock.sh passes the same ones).
IMAGE_EXTRAS = ("service", "ocr", "material", "gcs")
# Asked for by rapidocr-onnxruntime, left out on purpose: opencv-python-headless provides cv2.
LEFT_OUT = {"opencv-python"}
# The image's interpreter and platform, which the lock was resolved for.
_TARGET = {
    **default_environment(),
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


def _pins() -> dict[str, tuple[Version, list[str]]]:
    """Map canonical name → (pinned version, its hashes) from the lock."""
    pins: dict[str, tuple[Version, list[str]]] = {}
    current: str | None = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if head:
            current = canonicalize_name(head.group(1))
            assert current not in pins, f"{current} pinned twice"
            pins[current] = (Version(head.group(2)), [])
        elif current and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            pins[current][1].append(digest.group(1))
    return pins


def _image_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = list(project["dependencies"])
    for extra in IMAGE_EXTRAS:
        texts += project["optional-dependencies"][extra]
    return [Requirement(text) for text in texts]


def test_lock_pins_with_hashes() -> None:
    pins = _pins()
    assert len(pins) > 20
    unhashed = [name for name, (_, hashes) in pins.items() if not hashes]
    assert not unhashed, f"pins without hashes: {unhashed}"


def test_lock_satisfies_every_direct_requirement_of_the_image() -> None:
    pins = _pins()
    problems = []
    for requirement in _image_requirements():
        if requirement.marker is not None and not requirement.marker.evaluate(_TARGET):
            continue
        name = canonicalize_name(requirement.name)
        if name == "copy-that":
            continue  # the project itself, via a self-referencing extra
        if name not in pins:
            problems.append(f"{requirement}: not in the lock")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            problems.append(f"{requirement}: lock pins {pins[name][0]}")
    assert not problems, "regenerate with deploy/lock.sh:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_lock_leaves_out_opencv_with_gui(name: str) -> None:
    assert name not in _pins()
    assert "opencv-python-headless" in _pins()


def test_lock_script_uses_the_tested_extras() -> None:
    script = (ROOT / "deploy" / "lock.sh").read_text(encoding="utf-8")
    assert re.findall(r"--extra (\w+)", script) == list(IMAGE_EXTRAS)
    for name in LEFT_OUT:
        assert f"--no-emit-package {name}" in script
    assert "--generate-hashes" in script
    assert "--python-version 3.11" in script
