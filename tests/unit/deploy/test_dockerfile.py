"""Tests for deploy/Dockerfile and the wheel it installs.

The image must run from an installed wheel alone: the runtime stage copies only the virtual
environment (no source tree, no PYTHONPATH), and the wheel must hold every module and data file the
package uses, with every third-party import provided by the locked dependencies.
"""

from __future__ import annotations

import ast
import http.server
import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
VENV_PATH = "/opt/venv"
GUNICORN_CONF_IN_VENV = "/opt/venv/etc/copy-that/gunicorn.conf.py"


@dataclass(frozen=True)
class _Instruction:
    keyword: str
    args: str


@dataclass(frozen=True)
class _Stage:
    base: str
    name: str
    instructions: tuple[_Instruction, ...]

    def all(self, keyword: str) -> list[str]:
        return [i.args for i in self.instructions if i.keyword == keyword]


def _parse_dockerfile(text: str) -> list[_Stage]:
    """Split a Dockerfile into stages of (KEYWORD, arguments), joining continued lines."""
    logical: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # comment lines inside a continued instruction are dropped by Docker too
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "Dockerfile ends inside a continued line"
    stages: list[_Stage] = []
    preamble: list[_Instruction] = []
    for entry in logical:
        keyword, _, args = entry.partition(" ")
        instruction = _Instruction(keyword.upper(), args.strip())
        if instruction.keyword == "FROM":
            parts = instruction.args.split()
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else ""
            stages.append(_Stage(parts[0], name, ()))
        elif stages:
            last = stages[-1]
            stages[-1] = _Stage(last.base, last.name, (*last.instructions, instruction))
        else:
            preamble.append(instruction)
    assert all(i.keyword == "ARG" for i in preamble), "only ARG may precede the first FROM"
    return stages


@pytest.fixture(scope="module")
def stages() -> list[_Stage]:
    return _parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runtime(stages: list[_Stage]) -> _Stage:
    return stages[-1]


@pytest.fixture(scope="module")
def builder(stages: list[_Stage]) -> _Stage:
    (stage,) = [s for s in stages if s.name == "builder"]
    return stage


# --- the parser itself ---------------------------------------------------------------------------


def test_parser_joins_continuations_and_names_stages() -> None:
    text = "ARG X=1\n# c\nFROM a AS one\nRUN a \\\n  # inside\n  b\nFROM b\nUSER 1\n"
    parsed = _parse_dockerfile(text)
    assert [(s.base, s.name) for s in parsed] == [("a", "one"), ("b", "")]
    assert parsed[0].all("RUN") == ["a b"]
    assert parsed[1].all("USER") == ["1"]


# --- stages --------------------------------------------------------------------------------------


def test_two_stages_builder_then_runtime(stages: list[_Stage]) -> None:
    assert [s.name for s in stages] == ["builder", "runtime"]
    assert stages[0].base == stages[1].base  # same Python, so the venv's interpreter path holds


def test_runtime_copies_only_the_virtual_environment(runtime: _Stage) -> None:
    assert runtime.all("ADD") == []
    assert runtime.all("COPY") == [f"--from=builder {VENV_PATH} {VENV_PATH}"]


def test_no_pythonpath_anywhere(stages: list[_Stage]) -> None:
    for stage in stages:
        for instruction in stage.instructions:
            assert "PYTHONPATH" not in instruction.args, instruction


def test_runtime_installs_and_mounts_nothing_from_the_checkout(runtime: _Stage) -> None:
    for command in runtime.all("RUN"):
        assert "pip" not in command
        assert "--mount" not in command
        assert "src" not in command.split()


def test_builder_installs_wheel_via_the_tested_script(builder: _Stage) -> None:
    runs = builder.all("RUN")
    assert any(run.endswith(f"deploy/build-venv.sh deps {VENV_PATH}") for run in runs)
    assert any(run.endswith(f"deploy/build-venv.sh app {VENV_PATH}") for run in runs)
    script = (DEPLOY / "build-venv.sh").read_text(encoding="utf-8")
    # The wheel, never an editable or path install of the checkout.
    assert "wheel --no-deps" in script
    assert "install -e" not in script
    assert "--require-hashes" in script
    assert '"$venv/etc/copy-that/gunicorn.conf.py"' in script


@pytest.mark.parametrize("script", ["build-venv.sh", "lock.sh"])
def test_scripts_are_executable(script: str) -> None:
    # The builder RUNs deploy/build-venv.sh directly; git keeps the mode bit.
    assert os.access(DEPLOY / script, os.X_OK)


def test_builder_copies_what_the_wheel_build_reads(builder: _Stage) -> None:
    copied = {
        source for args in builder.all("COPY") for source in shlex.split(args)[:-1]
    }  # the last word is the destination
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {"pyproject.toml", "src/", project["readme"], *project["license-files"]}
    needed |= {"deploy/build-venv.sh", "deploy/requirements.lock", "deploy/gunicorn.conf.py"}
    assert needed <= copied


def test_dockerignore_lets_every_copied_path_through(builder: _Stage) -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def sent(path: str) -> bool:
        included = True
        for pattern in patterns:
            negated = pattern.startswith("!")
            body = pattern.removeprefix("!").rstrip("/")
            if fnmatch(path, body) or path.startswith(body + "/"):
                included = negated
        return included

    for args in builder.all("COPY"):
        for source in shlex.split(args)[:-1]:
            assert sent(source.rstrip("/")), f"{source} is excluded by .dockerignore"
    for private in (".git", ".venv", "tests/unit", "var", ".env", "deploy/secrets/x"):
        assert not sent(private), f"{private} would be sent to the builder"


# --- runtime settings ----------------------------------------------------------------------------


def test_runs_as_a_fixed_non_root_user(runtime: _Stage) -> None:
    users = runtime.all("USER")
    assert users, "runtime stage has no USER"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit()
    assert gid.isdigit()
    assert int(uid) > 0
    assert int(gid) > 0
    useradd = " ".join(runtime.all("RUN"))
    assert f"--uid {uid}" in useradd
    assert f"--gid {gid}" in useradd
    # Nothing after USER may switch back.
    keywords = [i.keyword for i in runtime.instructions]
    assert "RUN" not in keywords[keywords.index("USER") :]


def test_port_8080_by_default(runtime: _Stage) -> None:
    assert runtime.all("EXPOSE") == ["8080"]
    env = " ".join(runtime.all("ENV"))
    assert re.search(r"\bPORT=8080\b", env)
    assert f'PATH="{VENV_PATH}/bin:' in env


def test_default_command_is_gunicorn_with_the_shipped_config(runtime: _Stage) -> None:
    (cmd,) = runtime.all("CMD")
    assert json.loads(cmd) == ["gunicorn", "--config", GUNICORN_CONF_IN_VENV]


def test_oci_labels(runtime: _Stage) -> None:
    labels = " ".join(runtime.all("LABEL"))
    for key in ("title", "description", "version", "revision", "created", "source", "licenses"):
        assert f"org.opencontainers.image.{key}=" in labels
    license_id = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "license"
    ]
    assert f'org.opencontainers.image.licenses="{license_id}"' in labels


# --- the HEALTHCHECK, run for real ---------------------------------------------------------------


def _healthcheck(runtime: _Stage) -> tuple[dict[str, str], list[str]]:
    (args,) = runtime.all("HEALTHCHECK")
    options_text, _, command = args.partition(" CMD ")
    options = dict(option.removeprefix("--").split("=", 1) for option in options_text.split())
    return options, json.loads(command)


class _Handler(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/health" else 404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def probe_server() -> Iterator[tuple[int, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], handler
    server.shutdown()
    server.server_close()


def _run_probe(runtime: _Stage, port: int) -> int:
    _, command = _healthcheck(runtime)
    assert command[0] == "python"
    env = {**os.environ, "PORT": str(port)}
    return subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True).returncode


def test_healthcheck_passes_on_200(
    runtime: _Stage, probe_server: tuple[int, type[_Handler]]
) -> None:
    port, handler = probe_server
    handler.status = 200
    assert _run_probe(runtime, port) == 0


@pytest.mark.parametrize("status", [204, 404, 500, 503])
def test_healthcheck_fails_on_any_other_status(
    runtime: _Stage, probe_server: tuple[int, type[_Handler]], status: int
) -> None:
    port, handler = probe_server
    handler.status = status
    assert _run_probe(runtime, port) != 0


def test_healthcheck_fails_when_nothing_listens(
    runtime: _Stage, probe_server: tuple[int, type[_Handler]]
) -> None:
    port, _ = probe_server
    closed = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    free_port = closed.server_address[1]
    closed.server_close()
    assert free_port != port
    assert _run_probe(runtime, free_port) != 0


def test_healthcheck_gives_up_before_docker_does(runtime: _Stage) -> None:
    options, command = _healthcheck(runtime)
    (timeout_s,) = re.findall(r"timeout=(\d+(?:\.\d+)?)", " ".join(command))
    assert float(timeout_s) < float(options["timeout"].removesuffix("s"))


# --- the wheel -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The project's wheel, built the way deploy/build-venv.sh builds it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--wheel-dir", str(out), ROOT],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("copy_that-*.whl")
    return zipfile.ZipFile(path)


def _imports(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[str, str | None]]:
    """Yield (module, imported name or None) for every import not behind a guard."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in {"ImportError", "ModuleNotFoundError"}
            for h in node.handlers
        ):
            guarded.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                anchor = parts if is_package else parts[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield base, alias.name


def _wheel_modules(wheel: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """Map dotted module name → (archive path, is package) for every .py in the wheel."""
    modules: dict[str, tuple[str, bool]] = {}
    for name in wheel.namelist():
        path = PurePosixPath(name)
        if path.suffix != ".py" or ".dist-info" in name:
            continue
        is_package = path.name == "__init__.py"
        parts = path.parent.parts if is_package else (*path.parent.parts, path.stem)
        modules[".".join(parts)] = (name, is_package)
    return modules


def test_wheel_holds_every_module_the_package_imports(wheel: zipfile.ZipFile) -> None:
    modules = _wheel_modules(wheel)
    assert "copy_that" in modules
    # Folders of modules import as namespace packages even without an __init__.py.
    namespaces = {name.rpartition(".")[0] for name in modules}
    missing: list[str] = []
    for module, (name, is_package) in modules.items():
        tree = ast.parse(wheel.read(name), filename=name)
        for target, imported in _imports(tree, module, is_package):
            if target.split(".")[0] != "copy_that":
                continue
            prefixes = [".".join(target.split(".")[:i]) for i in range(1, target.count(".") + 2)]
            absent = [p for p in prefixes if p not in modules and p not in namespaces]
            missing += [f"{module}: {p}" for p in absent]
            if not absent and imported is not None and imported != "*":
                # `from copy_that.x import y`: y is a submodule or a name defined in x.
                submodule = f"{target}.{imported}"
                defined = target in modules and _defines(wheel, modules[target][0], imported)
                if submodule not in modules and submodule not in namespaces and not defined:
                    missing.append(f"{module}: {submodule}")
    assert not missing, "imported but not in the wheel:\n" + "\n".join(sorted(set(missing)))


def _defines(wheel: zipfile.ZipFile, archive_name: str, name: str) -> bool:
    tree = ast.parse(wheel.read(archive_name))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == name:
                return True
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            # Names bound by the targets, unpacking included (`A, B = 0, 1`).
            bound = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            if name in bound:
                return True
        elif isinstance(node, ast.Import | ast.ImportFrom) and any(
            (alias.asname or alias.name.split(".")[0]) == name for alias in node.names
        ):
            return True
    return False


def _locked_distributions() -> set[str]:
    names = set()
    for line in (DEPLOY / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", line)
        if match:
            names.add(canonicalize_name(match.group(1)))
    return names


def test_every_third_party_import_is_locked(wheel: zipfile.ZipFile) -> None:
    providers = importlib.metadata.packages_distributions()
    locked = _locked_distributions()
    unlocked: list[str] = []
    for module, (name, is_package) in _wheel_modules(wheel).items():
        tree = ast.parse(wheel.read(name), filename=name)
        for target, _ in _imports(tree, module, is_package):
            top = target.split(".")[0]
            if top in sys.stdlib_module_names or top == "copy_that" or top == "__future__":
                continue
            dists = {canonicalize_name(d) for d in providers.get(top, [])}
            if not dists & locked:
                unlocked.append(f"{module}: import {top} (from {sorted(dists) or 'nothing'})")
    assert not unlocked, "imported but not in deploy/requirements.lock:\n" + "\n".join(unlocked)


def test_wheel_holds_every_tracked_package_file(wheel: zipfile.ZipFile) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "src/copy_that"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert tracked, "git sees no package files"
    in_wheel = set(wheel.namelist())
    absent = [f for f in tracked if f.removeprefix("src/") not in in_wheel]
    assert not absent, f"tracked package files missing from the wheel: {absent}"


def test_wheel_ships_no_tests_or_deploy_files(wheel: zipfile.ZipFile) -> None:
    for name in wheel.namelist():
        top = name.split("/")[0]
        assert top == "copy_that" or top.endswith(".dist-info"), name
