"""Parsers the golden tests run on exporter output before comparing it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import sass
import tinycss2
from tree_sitter import Node, Parser
from tree_sitter_language_pack import get_parser

__all__ = [
    "assert_parses",
    "parse_css",
    "parse_json",
    "parse_scss",
    "parse_xml",
    "tree_sitter_errors",
]


def parse_css(_: str, text: str) -> list[Any]:
    """Parse a stylesheet with tinycss2; fail on any parse error, also inside blocks."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            assert node.type != "error", (
                f"CSS parse error: {node.message} at line {node.source_line}"
            )
            if node.type in ("qualified-rule", "at-rule") and node.content is not None:
                inner = tinycss2.parse_blocks_contents(
                    node.content, skip_comments=True, skip_whitespace=True
                )
                walk(inner)

    walk(rules)
    return rules


def parse_scss(_: str, text: str) -> str:
    """Compile with libsass (the variables alone give empty CSS; compile errors raise)."""
    return str(sass.compile(string=text))


def parse_json(_: str, text: str) -> Any:
    return json.loads(text)


def parse_xml(_: str, text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


@cache
def _parser(language: str) -> Parser:
    return get_parser(language)  # type: ignore[arg-type]


def tree_sitter_errors(language: str, text: str) -> list[str]:
    """``line: snippet`` for every ERROR or MISSING node tree-sitter finds in `text`."""
    tree = _parser(language).parse(text.encode("utf-8"))
    found: list[str] = []

    def walk(node: Node) -> None:
        if node.type == "ERROR" or node.is_missing:
            line = node.start_point[0] + 1
            snippet = text.splitlines()[line - 1].strip() if text else ""
            found.append(f"{line}: {snippet}")
            return
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    return found


def assert_parses(language: str, text: str) -> None:
    errors = tree_sitter_errors(language, text)
    assert not errors, f"{language} syntax errors:\n" + "\n".join(errors[:10])
