"""Database: the declarative base, engines and sessions, and Alembic migrations."""

from eoffice.db.base import Base
from eoffice.db.session import make_engine, make_session_factory

__all__ = ["Base", "make_engine", "make_session_factory"]
