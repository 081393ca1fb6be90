"""The HTTP service: FastAPI app factory, settings, persistence, jobs and storage."""

__all__: list[str] = []
