"""Tests for deploy/compose.yaml: the one-machine stack is wired the way production is."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from copy_that.service.config import Settings
from copy_that.service.secret_files import FILE_SUFFIX

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "deploy" / "compose.yaml"
APP_SERVICES = ("migrate", "api", "worker")
# Settings that are secrets: they may only arrive as mounted files.
SECRET_SETTINGS = {"SECRET_KEY", "DATABASE_URL"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _gunicorn_variables() -> set[str]:
    """The variables deploy/gunicorn.conf.py documents (``NAME`` at the start of a line)."""
    text = (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    return set(re.findall(r"^``([A-Z_]+)``$", text, flags=re.MULTILINE))


def test_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "redis", "migrate", "api", "worker"}


def test_app_services_share_one_image_built_from_the_dockerfile(compose: dict[str, Any]) -> None:
    services = compose["services"]
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1
    for name in APP_SERVICES:
        build = services[name]["build"]
        assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == (
            ROOT / "deploy" / "Dockerfile"
        )


def test_commands(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "command" not in services["api"]  # the image's gunicorn CMD
    assert services["migrate"]["command"] == ["copy-that", "db", "upgrade"]
    assert services["worker"]["command"] == ["copy-that", "worker"]


@pytest.mark.parametrize("args", [["db", "upgrade"], ["worker"]])
def test_commands_exist_in_the_cli(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "copy_that", *args, "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_migration_gates_the_app(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"


def test_only_the_api_is_published(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["api"]["ports"] == ["8080:8080"]
    for name in ("postgres", "redis", "migrate", "worker"):
        assert "ports" not in services[name]


def test_databases_have_health_checks(compose: dict[str, Any]) -> None:
    for name in ("postgres", "redis"):
        assert compose["services"][name]["healthcheck"]["test"][0] == "CMD"


def test_non_http_roles_turn_off_the_http_health_check(compose: dict[str, Any]) -> None:
    for name in ("migrate", "worker"):
        assert compose["services"][name]["healthcheck"] == {"disable": True}
    assert "healthcheck" not in compose["services"]["api"]  # the image's HEALTHCHECK applies


def test_every_variable_is_a_setting_the_app_reads(compose: dict[str, Any]) -> None:
    fields = {name.upper() for name in Settings.model_fields}
    known = fields | {name + FILE_SUFFIX for name in fields} | _gunicorn_variables()
    for name in APP_SERVICES:
        unknown = set(compose["services"][name]["environment"]) - known
        assert not unknown, f"{name} sets variables nothing reads: {sorted(unknown)}"


def test_app_runs_in_production_mode(compose: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        assert compose["services"][name]["environment"]["ENVIRONMENT"] == "production"


def test_secrets_arrive_as_mounted_files_only(compose: dict[str, Any]) -> None:
    declared = set(compose["secrets"])
    for name, service in compose["services"].items():
        environment = service.get("environment", {})
        mounted = set(service.get("secrets", []))
        assert mounted <= declared
        assert not SECRET_SETTINGS & set(environment), f"{name} has a secret in plain env"
        assert "POSTGRES_PASSWORD" not in environment
        for variable, value in environment.items():
            if variable.endswith(FILE_SUFFIX):
                secret = value.removeprefix("/run/secrets/")
                assert value == f"/run/secrets/{secret}"
                assert secret in mounted, f"{name}: {variable} names an unmounted secret"
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        for setting in SECRET_SETTINGS:
            assert setting + FILE_SUFFIX in environment
    for secret in compose["secrets"].values():
        assert secret["file"].startswith("./secrets/")  # git-ignored folder


def test_app_containers_are_locked_down(compose: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
        assert "user" not in service  # the image's non-root USER applies


def test_app_data_volume_is_the_image_data_dir(compose: dict[str, Any]) -> None:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    for name in ("api", "worker"):
        service = compose["services"][name]
        data_dir = service["environment"]["DATA_DIR"]
        assert f"{service['volumes'][0].split(':')[0]}:{data_dir}" in service["volumes"]
        assert f"--home-dir {data_dir}" in dockerfile  # exists and belongs to the app user


@pytest.mark.parametrize("name", APP_SERVICES)
def test_environment_makes_valid_production_settings(
    compose: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The service's environment, with its secret files in place, passes the production checks."""
    for variable in os.environ:
        if variable.upper().removesuffix(FILE_SUFFIX).lower() in Settings.model_fields:
            monkeypatch.delenv(variable)
    contents = {
        "secret_key": "s" * 48,
        "database_url": "postgresql://copy_that:pw@postgres:5432/copy_that",
    }
    monkeypatch.chdir(tmp_path)  # no stray .env file
    for variable, value in compose["services"][name]["environment"].items():
        if variable.endswith(FILE_SUFFIX):
            secret = value.removeprefix("/run/secrets/")
            path = tmp_path / secret
            path.write_text(contents[secret] + "\n")
            value = str(path)
        monkeypatch.setenv(variable, value)
    settings = Settings()
    assert settings.environment == "production"
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == contents["secret_key"]
    assert settings.effective_database_url.startswith("postgresql+asyncpg://copy_that:pw@postgres")
    assert settings.celery_broker_url == "redis://redis:6379/0"
