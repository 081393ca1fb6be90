"""Fixtures of the exporter tests: the shared realistic token sets and default options."""

from __future__ import annotations

import pytest

from copy_that.exporters import ExportOptions
from copy_that.tokens.model import TokenSet

from .fixtures import dashboard, minimal


@pytest.fixture
def tokens() -> TokenSet:
    """The dashboard theme with a dark mode (see fixtures.py)."""
    return dashboard()


@pytest.fixture
def photo_tokens() -> TokenSet:
    """A photo-like result: two colours and an empty spacing group."""
    return minimal()


@pytest.fixture
def options() -> ExportOptions:
    return ExportOptions()
