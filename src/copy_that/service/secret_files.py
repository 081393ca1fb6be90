"""A pydantic-settings source that reads secrets from mounted files named by ``<NAME>_FILE``.

Secrets never travel as plain environment variables in production: Cloud Run mounts each Secret
Manager secret as a file, and Docker Compose mounts its ``secrets:`` under ``/run/secrets``. The
deployment then names the file, not the value: ``SECRET_KEY_FILE=/run/secrets/secret-key/value``
sets ``SECRET_KEY`` to that file's contents (one trailing newline removed, as ``echo`` adds).

Wire it into a settings class between the environment and the ``.env`` file::

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings,
                                   dotenv_settings, file_secret_settings):
        return (init_settings, env_settings, SecretFilesSource(settings_cls),
                dotenv_settings, file_secret_settings)

Setting both ``NAME`` and ``NAME_FILE`` is refused: one of them would be silently ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from copy_that.errors import OptionsError

__all__ = ["FILE_SUFFIX", "MAX_SECRET_FILE_BYTES", "SecretFilesSource"]

#: Suffix that turns a setting's variable name into the variable naming its file.
FILE_SUFFIX = "_FILE"
#: Largest secret file read: secrets are keys and URLs, and 64 KiB is far past any of them.
MAX_SECRET_FILE_BYTES = 64 * 1024


class SecretFilesSource(PydanticBaseSettingsSource):
    """Settings values read from the files that ``<FIELD>_FILE`` environment variables name.

    Parameters
    ----------
    settings_cls : type of BaseSettings
        The settings class whose fields are looked up (field ``secret_key`` ↔ ``SECRET_KEY_FILE``).
    environ : mapping of str to str or None
        Environment to read; None means `os.environ`.

    Raises
    ------
    OptionsError
        From `__call__`, when a named file cannot be read, is empty or over
        `MAX_SECRET_FILE_BYTES`, or a variable is set both directly and as a file.
    """

    def __init__(
        self, settings_cls: type[BaseSettings], *, environ: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(settings_cls)
        self._environ = os.environ if environ is None else environ

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Return the file's contents for one field, the field name, and False (not complex)."""
        return self._read(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        """Return every field whose ``<FIELD>_FILE`` variable is set, read from its file."""
        values: dict[str, Any] = {}
        for field_name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, field_name)
            if value is not None:
                values[key] = value
        return values

    def _read(self, field_name: str) -> str | None:
        name = field_name.upper()
        file_var = name + FILE_SUFFIX
        location = self._environ.get(file_var, "").strip()
        if not location:
            return None
        if self._environ.get(name):
            raise OptionsError(
                f"both {name} and {file_var} are set; keep only {file_var} (the mounted secret)",
                option=file_var,
            )
        path = Path(location)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_SECRET_FILE_BYTES + 1)
        except OSError as exc:
            raise OptionsError(
                f"{file_var}={location!r} cannot be read ({exc.strerror or exc}); mount the "
                f"secret there or correct the path",
                option=file_var,
            ) from None
        if len(raw) > MAX_SECRET_FILE_BYTES:
            raise OptionsError(
                f"{file_var}={location!r} is over {MAX_SECRET_FILE_BYTES} bytes; it is not a "
                "secret value — check the path",
                option=file_var,
            )
        try:
            text = raw.decode("utf-8").removesuffix("\n").removesuffix("\r")
        except UnicodeDecodeError:
            raise OptionsError(
                f"{file_var}={location!r} is not UTF-8 text; store the value as text",
                option=file_var,
            ) from None
        if not text:
            raise OptionsError(
                f"{file_var}={location!r} is empty; add a version with the value to the secret",
                option=file_var,
            )
        return text
