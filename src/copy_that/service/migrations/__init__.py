"""Alembic migration scripts of the service schema (run through `copy_that.service.db.migrate`)."""

__all__: list[str] = []
