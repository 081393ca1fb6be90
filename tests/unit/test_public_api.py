import importlib
import pkgutil

import pytest

import copy_that


def test_all_is_sorted_and_complete() -> None:
    assert copy_that.__all__ == sorted(copy_that.__all__)
    public = {
        name
        for name, value in vars(copy_that).items()
        if not name.startswith("_") and not getattr(value, "__name__", "").startswith("copy_that.")
    }
    assert public <= set(copy_that.__all__)
    for name in copy_that.__all__:
        assert hasattr(copy_that, name), name


def _modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(copy_that.__path__, prefix="copy_that.")
        if ".service" not in info.name
        and ".web" not in info.name
        and not info.name.endswith("__main__")
        and ".migrations" not in info.name
    ]


@pytest.mark.parametrize("name", _modules())
def test_every_module_declares_all(name: str) -> None:
    module = importlib.import_module(name)
    assert isinstance(getattr(module, "__all__", None), list), f"{name} has no __all__ list"
    for exported in module.__all__:
        assert hasattr(module, exported), f"{name}.__all__ names missing {exported}"
    assert module.__doc__, f"{name} has no docstring"
