"""Tests for copy_that.service.secret_files: secrets read from files named by <NAME>_FILE."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from copy_that.errors import OptionsError
from copy_that.service.secret_files import MAX_SECRET_FILE_BYTES, SecretFilesSource


class _Settings(BaseSettings):
    """A settings class wired the way the service's `Settings` is meant to be."""

    model_config = SettingsConfigDict(extra="ignore")

    secret_key: SecretStr | None = None
    database_url: str | None = None
    job_workers: int = 1

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, SecretFilesSource(settings_cls), dotenv_settings)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET_KEY", "DATABASE_URL", "JOB_WORKERS"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name + "_FILE", raising=False)


def _secret(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_values_come_from_the_named_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(_secret(tmp_path, "key", b"k" * 48 + b"\n")))
    monkeypatch.setenv(
        "DATABASE_URL_FILE", str(_secret(tmp_path, "db", b"postgresql://u:p%40ss@db/app\r\n"))
    )
    monkeypatch.setenv("JOB_WORKERS_FILE", str(_secret(tmp_path, "n", b"4")))
    settings = _Settings()
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == "k" * 48  # one trailing newline removed
    assert settings.database_url == "postgresql://u:p%40ss@db/app"
    assert settings.job_workers == 4  # validated and converted like any other source


def test_only_one_trailing_newline_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(_secret(tmp_path, "key", b" spaced \n\n")))
    settings = _Settings()
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == " spaced \n"


def test_unset_file_variables_leave_defaults() -> None:
    assert _Settings().database_url is None


def test_init_arguments_win_over_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL_FILE", str(_secret(tmp_path, "db", b"postgresql://file")))
    assert _Settings(database_url="postgresql://init").database_url == "postgresql://init"


def test_environ_mapping_can_be_injected(tmp_path: Path) -> None:
    source = SecretFilesSource(
        _Settings, environ={"DATABASE_URL_FILE": str(_secret(tmp_path, "db", b"sqlite:///x"))}
    )
    assert source() == {"database_url": "sqlite:///x"}


def test_both_value_and_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://env")
    monkeypatch.setenv("DATABASE_URL_FILE", str(_secret(tmp_path, "db", b"postgresql://file")))
    with pytest.raises(OptionsError, match="both DATABASE_URL and DATABASE_URL_FILE") as caught:
        _Settings()
    assert caught.value.option == "DATABASE_URL_FILE"


def test_missing_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(OptionsError, match=r"SECRET_KEY_FILE=.*cannot be read") as caught:
        _Settings()
    assert caught.value.option == "SECRET_KEY_FILE"


def test_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path))
    with pytest.raises(OptionsError, match="cannot be read"):
        _Settings()


@pytest.mark.parametrize("content", [b"", b"\n"])
def test_empty_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(_secret(tmp_path, "key", content)))
    with pytest.raises(OptionsError, match="is empty"):
        _Settings()


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = _secret(tmp_path, "big", b"x" * (MAX_SECRET_FILE_BYTES + 1))
    monkeypatch.setenv("SECRET_KEY_FILE", str(big))
    with pytest.raises(OptionsError, match="over 65536 bytes"):
        _Settings()


def test_file_at_the_size_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "SECRET_KEY_FILE", str(_secret(tmp_path, "key", b"x" * MAX_SECRET_FILE_BYTES))
    )
    settings = _Settings()
    assert settings.secret_key is not None
    assert len(settings.secret_key.get_secret_value()) == MAX_SECRET_FILE_BYTES


def test_binary_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(_secret(tmp_path, "key", b"\xff\xfe\x00")))
    with pytest.raises(OptionsError, match="not UTF-8"):
        _Settings()
