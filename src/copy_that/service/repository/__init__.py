"""Keyword-only database functions, one module per resource; callers commit."""

__all__: list[str] = []
