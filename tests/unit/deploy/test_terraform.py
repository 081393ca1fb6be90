"""Tests for deploy/terraform: it parses, checkov finds nothing, it wires the app as designed."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import hcl2
import pytest

from copy_that.service.config import Settings
from copy_that.service.secret_files import FILE_SUFFIX

ROOT = Path(__file__).resolve().parents[3]
TERRAFORM = ROOT / "deploy" / "terraform"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
# Variables read by something other than Settings: the CLI's worker command and asyncpg (libpq's
# TLS file variables).
_OTHER_READERS = {"WORKER_CONCURRENCY", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY"}
# Justifications shorter than this are not justifications.
_MIN_JUSTIFICATION_CHARS = 30


def _plain(value: Any) -> Any:
    """python-hcl2 output without its quoting: '"x"' → 'x', block markers and comments dropped."""
    if isinstance(value, dict):
        return {
            _plain(k): _plain(v)
            for k, v in value.items()
            if k not in {"__is_block__", "__comments__"}
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    files = sorted(TERRAFORM.glob("*.tf"))
    assert files
    parsed = {}
    for path in files:
        with path.open(encoding="utf-8") as handle:
            parsed[path.name] = _plain(hcl2.load(handle))
    return parsed


@pytest.fixture(scope="module")
def resources(documents: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for document in documents.values():
        for block in document.get("resource", []):
            for kind, named in block.items():
                for name, body in named.items():
                    assert name not in merged.setdefault(kind, {}), f"{kind}.{name} twice"
                    merged[kind][name] = body
    return merged


@pytest.fixture(scope="module")
def locals_(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for document in documents.values():
        for block in document.get("locals", []):
            assert not set(block) & set(merged), "a local is defined twice"
            merged.update(block)
    return merged


def _locals_in_role(text: str) -> list[str]:
    return re.findall(r"local\.(\w+)", text)


# --- parsing and conventions --------------------------------------------------------------------


def test_every_file_parses_and_holds_something(documents: dict[str, dict[str, Any]]) -> None:
    for name, document in documents.items():
        assert document, f"{name} is empty"


def test_variables_have_descriptions_and_types(documents: dict[str, dict[str, Any]]) -> None:
    variables = [v for d in documents.values() for block in d.get("variable", []) for v in [block]]
    assert variables
    for block in variables:
        for name, body in block.items():
            assert len(body.get("description", "")) > 10, f"variable {name} lacks a description"
            assert "type" in body, f"variable {name} lacks a type"


def test_outputs_have_descriptions(documents: dict[str, dict[str, Any]]) -> None:
    outputs = [o for d in documents.values() for o in d.get("output", [])]
    assert {name for block in outputs for name in block} >= {
        "api_url",
        "image_repository",
        "migrate_job",
    }
    for block in outputs:
        for name, body in block.items():
            assert len(body.get("description", "")) > 10, f"output {name} lacks a description"


def test_versions_are_bounded(documents: dict[str, dict[str, Any]]) -> None:
    (terraform,) = documents["versions.tf"]["terraform"]
    assert terraform["required_version"].startswith(">=")
    for provider in terraform["required_providers"][0].values():
        assert "<" in provider["version"], f"{provider['source']} has no upper bound"


def test_image_must_be_pinned_by_digest(documents: dict[str, dict[str, Any]]) -> None:
    (image,) = [b["image"] for b in documents["variables.tf"]["variable"] if "image" in b]
    (validation,) = image["validation"]
    assert "@sha256:" in validation["condition"]


# --- Cloud Run -----------------------------------------------------------------------------------


def _container(body: dict[str, Any]) -> dict[str, Any]:
    template = body["template"][0]
    if "template" in template:  # a job: execution template → task template
        template = template["template"][0]
    (container,) = template["containers"]
    return dict(container)


def _roles(locals_: dict[str, Any]) -> dict[str, dict[str, Any]]:
    roles: dict[str, dict[str, Any]] = locals_["roles"]
    return roles


def _role_secrets(locals_: dict[str, Any], role: str) -> list[str]:
    secrets = _roles(locals_)[role]["secrets"]
    database = locals_["database_secrets"]
    if secrets == "${local.database_secrets}":
        return list(database)
    extra = re.search(r"concat\(local\.database_secrets, \[(.*)\]\)", secrets)
    assert extra, f"unexpected secrets expression for {role}: {secrets}"
    return [*database, *re.findall(r'"([^"]+)"', extra.group(1))]


def _service_settings(resources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The per-service settings the one ``google_cloud_run_v2_service.app`` iterates over."""
    settings: dict[str, dict[str, Any]] = resources["google_cloud_run_v2_service"]["app"][
        "for_each"
    ]
    return settings


def test_one_image_three_roles(resources: dict[str, dict[str, Any]]) -> None:
    assert set(resources["google_cloud_run_v2_service"]) == {"app"}
    app = resources["google_cloud_run_v2_service"]["app"]
    job = resources["google_cloud_run_v2_job"]["migrate"]
    services = _service_settings(resources)
    assert set(services) == {"api", "worker"}
    for body in (app, job):
        (precondition,) = body["lifecycle"][0]["precondition"]
        assert precondition["condition"] == "${var.image != null}"
        assert _container(body)["image"] == "${var.image}"
    container = _container(app)
    assert (container["command"], container["args"]) == (
        "${each.value.command}",
        "${each.value.args}",
    )
    assert services["api"]["command"] is None  # the image's gunicorn CMD
    assert (services["worker"]["command"], services["worker"]["args"]) == (
        ["copy-that"],
        ["worker"],
    )
    assert (_container(job)["command"], _container(job)["args"]) == (
        ["copy-that"],
        ["db", "upgrade"],
    )


def test_probes_use_ready_to_start_and_health_to_live(
    resources: dict[str, dict[str, Any]],
) -> None:
    container = _container(resources["google_cloud_run_v2_service"]["app"])
    assert container["startup_probe"][0]["http_get"][0]["path"] == "/ready"
    assert container["liveness_probe"][0]["http_get"][0]["path"] == "/health"
    assert container["ports"][0]["container_port"] == 8080


def test_worker_is_private_and_always_on(resources: dict[str, dict[str, Any]]) -> None:
    services = _service_settings(resources)
    assert services["worker"]["ingress"] == "INGRESS_TRAFFIC_INTERNAL_ONLY"
    assert services["worker"]["cpu_idle"] is False
    assert services["api"]["ingress"] == "INGRESS_TRAFFIC_ALL"
    app = resources["google_cloud_run_v2_service"]["app"]
    assert app["ingress"] == "${each.value.ingress}"
    assert _container(app)["resources"][0]["cpu_idle"] == "${each.value.cpu_idle}"
    invokers = resources["google_cloud_run_v2_service_iam_member"]
    assert [body["name"] for body in invokers.values()] == [
        '${google_cloud_run_v2_service.app["api"].name}'
    ]


def test_migration_is_not_retried_blindly(resources: dict[str, dict[str, Any]]) -> None:
    task = resources["google_cloud_run_v2_job"]["migrate"]["template"][0]["template"][0]
    assert task["max_retries"] == 0


def test_no_secret_reaches_the_environment(documents: dict[str, dict[str, Any]]) -> None:
    text = (TERRAFORM / "run.tf").read_text(encoding="utf-8")
    assert "value_source" not in text  # Cloud Run's secret-as-env-var form
    assert "secret_key_ref" not in text
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        assert not re.search(rf"\b{name}\s*=", text), f"{name} set as a plain variable"


def test_every_mounted_secret_has_a_reader(locals_: dict[str, Any]) -> None:
    secret_values = set(locals_["secret_values"])
    variables = locals_["secret_variables"]
    assert set(variables) == secret_values
    named_in_url = {s for s, names in variables.items() if not names}
    assert named_in_url == {"redis-ca"}
    assert "/secrets/redis-ca/value" in (TERRAFORM / "secrets.tf").read_text(encoding="utf-8")
    mounted = {s for role in _roles(locals_) for s in _role_secrets(locals_, role)}
    assert mounted == secret_values


def test_every_variable_is_one_the_app_reads(locals_: dict[str, Any]) -> None:
    fields = {name.upper() for name in Settings.model_fields}
    conf = (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    gunicorn = set(re.findall(r"^``([A-Z_]+)``$", conf, flags=re.MULTILINE))
    known = fields | {f + FILE_SUFFIX for f in fields} | gunicorn | _OTHER_READERS
    names = {n for env in locals_["plain_env"].values() for n in env}
    names |= {n for group in locals_["secret_variables"].values() for n in group}
    assert not names - known, f"variables nothing reads: {sorted(names - known)}"
    for role, env in locals_["plain_env"].items():
        assert env["ENVIRONMENT"] == "production", role


def test_roles_get_only_their_own_secrets(locals_: dict[str, Any]) -> None:
    assert "redis-url" not in _role_secrets(locals_, "migrate")
    assert _roles(locals_)["migrate"]["bucket_role"] is None
    assert _roles(locals_)["worker"]["bucket_role"] == "roles/storage.objectViewer"


def test_no_project_wide_grants(resources: dict[str, dict[str, Any]]) -> None:
    for kind in ("google_project_iam_member", "google_project_iam_binding"):
        assert kind not in resources, f"{kind} grants a role on the whole project"
    for body in resources["google_secret_manager_secret_iam_member"].values():
        assert body["role"] == "roles/secretmanager.secretAccessor"


def test_databases_are_private(resources: dict[str, dict[str, Any]]) -> None:
    sql = resources["google_sql_database_instance"]["main"]["settings"][0]["ip_configuration"][0]
    assert sql["ipv4_enabled"] is False
    assert sql["ssl_mode"] == "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    redis = resources["google_redis_instance"]["main"]
    assert redis["auth_enabled"] is True
    assert redis["transit_encryption_mode"] == "SERVER_AUTHENTICATION"


# --- checkov -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checkov_report() -> list[dict[str, Any]]:
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV} is missing; run scripts/ci-setup.sh to install checkov")
    result = subprocess.run(
        [
            str(CHECKOV),
            "--directory",
            "deploy",
            "--file",
            ".github/workflows/deploy.yml",
            "--output",
            "json",
            "--skip-download",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT / ".venv-checkov")},
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    report = json.loads(result.stdout)
    return report if isinstance(report, list) else [report]


def test_checkov_scans_terraform_dockerfile_and_workflow(
    checkov_report: list[dict[str, Any]],
) -> None:
    scanned = {part["check_type"] for part in checkov_report}
    assert {"terraform", "dockerfile", "github_actions"} <= scanned
    terraform = next(p for p in checkov_report if p["check_type"] == "terraform")
    assert terraform["summary"]["passed"] > 40


def test_checkov_finds_no_failed_checks(checkov_report: list[dict[str, Any]]) -> None:
    failed = [
        f"{part['check_type']}: {check['check_id']} {check['resource']} ({check['file_path']})"
        for part in checkov_report
        for check in part["results"]["failed_checks"]
    ]
    assert not failed, "checkov failures:\n" + "\n".join(failed)


def test_every_checkov_skip_is_justified_inline(checkov_report: list[dict[str, Any]]) -> None:
    for part in checkov_report:
        for check in part["results"]["skipped_checks"]:
            reason = (check.get("check_result") or {}).get("suppress_comment", "")
            assert len(reason.strip()) >= _MIN_JUSTIFICATION_CHARS, (
                f"{check['check_id']} on {check['resource']} is skipped without a reason"
            )
