"""Exporters: the token set as code for each platform, chosen by format name from a registry."""

from copy_that.exporters._common import ExportOptions
from copy_that.exporters._registry import BUILTINS, Exporter, Registry, default_registry, export

__all__ = ["BUILTINS", "ExportOptions", "Exporter", "Registry", "default_registry", "export"]
