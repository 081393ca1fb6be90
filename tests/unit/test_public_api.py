import importlib
import pkgutil
import subprocess
import sys

import pytest

import copy_that


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert copy_that.__all__ == sorted(copy_that.__all__)
    for name in copy_that.__all__:
        assert getattr(copy_that, name) is not None, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        copy_that.nope  # noqa: B018


def test_importing_the_package_does_not_load_the_vision_stack() -> None:
    code = "import copy_that, sys; print('cv2' in sys.modules, 'scipy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def _modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(copy_that.__path__, prefix="copy_that.")
        if not info.name.endswith("__main__") and ".migrations" not in info.name
    ]


@pytest.mark.parametrize("name", _modules())
def test_every_module_declares_all_and_a_docstring(name: str) -> None:
    module = importlib.import_module(name)
    assert isinstance(getattr(module, "__all__", None), list), f"{name} has no __all__ list"
    for exported in module.__all__:
        assert hasattr(module, exported), f"{name}.__all__ names missing {exported}"
    assert module.__doc__, f"{name} has no docstring"
