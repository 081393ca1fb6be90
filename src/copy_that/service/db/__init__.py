"""Persistence: SQLAlchemy models, the async session factory and Alembic migrations."""

from copy_that.service.db.models import Base
from copy_that.service.db.session import SessionFactory, create_engine, create_session_factory

__all__ = ["Base", "SessionFactory", "create_engine", "create_session_factory"]
