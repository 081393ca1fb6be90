"""Every exporter's output, consumed by the real tool of its platform (node tools from npm).

The tools come from the repository's package.json, installed by ``scripts/ci-setup.sh``
(``npm ci``). Without them these tests fail and say so; they never skip.
Not compiled here (no compiler on this machine): Dart, Swift and Kotlin, which the unit tests
parse with tree-sitter grammars instead.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.unit.exporters.fixtures import FIXTURES

from copy_that.exporters import ExportOptions, default_registry
from copy_that.tokens.model import TokenSet

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
OPTIONS = ExportOptions()


def _tool(relative: str) -> Path:
    path = NODE_MODULES / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: run `bash scripts/ci-setup.sh` (npm ci) first")
    return path


def _node(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["node", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def _write(files: dict[str, str], directory: Path) -> None:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _files(name: str, tokens: TokenSet, directory: Path) -> dict[str, str]:
    files = default_registry().get(name).render_files(tokens, OPTIONS)
    _write(files, directory)
    return files


_SD_BUILD = """
import StyleDictionary from {sd};
{extra_import}
const sd = new StyleDictionary({{
  source: {source},
  include: {include},
  preprocessors: {preprocessors},
  log: {{ warnings: "error", verbosity: "verbose" }},
  expand: {{ include: ["typography"] }},
  platforms: {{
    css: {{
      transformGroup: {group}, buildPath: "out/",
      files: [{{
        destination: "vars.css", format: "css/variables", options: {{ outputReferences: true }},
      }}],
    }},
    json: {{
      transformGroup: "js", buildPath: "out/",
      files: [{{ destination: "flat.json", format: "json/flat" }}],
    }},
  }},
}});
await sd.buildAllPlatforms();
"""


def _style_dictionary(
    directory: Path, source: list[str], *, include: list[str] | None = None, studio: bool = False
) -> dict[str, Any]:
    sd = _tool("style-dictionary/package.json").parent / "lib/StyleDictionary.js"
    extra = ""
    if studio:
        transforms = _tool("@tokens-studio/sd-transforms/package.json").parent
        extra = f"import {{ register }} from {json.dumps(str(transforms / 'dist/index.js'))};\n"
        extra += "register(StyleDictionary);"
    script = _SD_BUILD.format(
        sd=json.dumps(str(sd)),
        extra_import=extra,
        source=json.dumps(source),
        include=json.dumps(include or []),
        preprocessors='["tokens-studio"]' if studio else "[]",
        group='"tokens-studio"' if studio else '"css"',
    )
    (directory / "build.mjs").write_text(script, encoding="utf-8")
    result = _node("build.mjs", cwd=directory)
    assert "warn" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr
    flat = json.loads((directory / "out/flat.json").read_text())
    assert isinstance(flat, dict)
    return flat


@pytest.mark.parametrize("fixture", FIXTURES)
def test_style_dictionary_builds_the_dtcg_document(fixture: str, tmp_path: Path) -> None:
    _files("dtcg", FIXTURES[fixture](), tmp_path)
    flat = _style_dictionary(tmp_path, ["tokens.json"])
    css = (tmp_path / "out/vars.css").read_text()
    if fixture == "dashboard":
        assert flat["ColorPrimary"] == "#2563eb"
        assert flat["Spacing4"] == "16px"
        assert "--color-primary: var(--color-palette-blue);" in css
        assert "--typography-body-font-size: 16px;" in css
    else:
        assert flat["ColorPaletteSea"] == "#2a6f9780"


def test_tokens_studio_sets_load_in_sd_transforms(tmp_path: Path) -> None:
    _files("tokens-studio", FIXTURES["dashboard"](), tmp_path)
    themes = {
        t["name"]: t["selectedTokenSets"]
        for t in json.loads((tmp_path / "$themes.json").read_text())
    }
    flats = {}
    for name, sets in themes.items():
        # Tokens Studio: "source" sets are only referenced, "enabled" sets are the theme's own
        # output; Style Dictionary's include/source mean the same.
        (tmp_path / name).mkdir()
        for set_name in sets:
            (tmp_path / name / f"{set_name}.json").write_text(
                (tmp_path / f"{set_name}.json").read_text()
            )
        include = [f"{s}.json" for s, state in sets.items() if state == "source"]
        source = [f"{s}.json" for s, state in sets.items() if state == "enabled"]
        flats[name] = _style_dictionary(tmp_path / name, source, include=include, studio=True)
    light, dark = flats["light"], flats["dark"]
    assert light["ColorBackground"] == "#f8fafc"
    assert dark["ColorBackground"] == "#0f172a"
    assert dark["ColorPaletteBlue"] == "#2563eb"  # referenced from the base set
    assert light["Spacing4"] == "16px"
    assert light["Shadow1"]["offsetY"] == "1px"  # sd-transforms read x/y as a box shadow
    assert light["Shadow1"]["color"] == "#0f172a1a"
    assert dark["Shadow2"][2] == light["Shadow2"][2] | {
        "color": "#334155"
    }  # follows the dark border


def test_sass_compiles_the_scss(tmp_path: Path) -> None:
    _files("scss", FIXTURES["dashboard"](), tmp_path)
    (tmp_path / "main.scss").write_text(
        '@use "sass:map";\n@use "tokens" as t;\n'
        '.card { background: t.$color-surface; padding: map.get(t.$tokens-spacing, "4");'
        " box-shadow: t.$shadow-1; font-size: map.get(t.$typography-body, font-size);"
        ' border-color: map.get(map.get(t.$tokens-modes, "dark"), "color-border"); }\n'
    )
    result = _node(_tool("sass/sass.js"), "--no-source-map", "main.scss", "out.css", cwd=tmp_path)
    assert result.stderr == "", result.stderr  # no deprecation or other warnings
    out = (tmp_path / "out.css").read_text()
    for text in (
        "background: #ffffff",
        "padding: 1rem",
        "box-shadow: 0px 1px 2px 0px rgba(15, 23, 42, 0.10",  # Sass writes #0f172a1a as rgba
        "font-size: 1rem",
        "border-color: #334155",
    ):
        assert text in out, out


def test_tailwind_v4_generates_the_utilities(tmp_path: Path) -> None:
    _files("tailwind", FIXTURES["dashboard"](), tmp_path)
    tailwind_css = _tool("tailwindcss/index.css")
    (tmp_path / "index.html").write_text(
        '<div class="bg-primary text-on-primary p-4 rounded-md shadow-1 font-sans text-body '
        'font-semibold border-border bg-blue-500"></div>'
    )
    (tmp_path / "input.css").write_text(
        f'@import "{tailwind_css}";\n@import "./tokens.css";\n@source "./index.html";\n'
    )
    _node(
        _tool("@tailwindcss/cli/dist/index.mjs"), "-i", "input.css", "-o", "out.css", cwd=tmp_path
    )
    out = (tmp_path / "out.css").read_text()
    expected = {
        ".bg-primary": "background-color: var(--color-primary)",
        ".p-4": "padding: var(--spacing-4)",
        ".rounded-md": "border-radius: var(--radius-md)",
        ".font-sans": "font-family: var(--font-sans)",
        ".text-body": "font-size: var(--text-body)",
        ".font-semibold": "font-weight: var(--font-weight-semibold)",
        ".bg-blue-500": "background-color: var(--color-blue-500)",
    }
    for selector, declaration in expected.items():
        block = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", out)
        assert block is not None, f"{selector} not generated"
        assert declaration in block.group(1), (selector, block.group(1))
    assert "--color-primary: var(--color-palette-blue);" in out
    assert "--color-background: var(--color-palette-slate-900);" in out  # dark override kept
    assert ".shadow-1" in out


def test_tailwind_v3_preset_generates_the_utilities(tmp_path: Path) -> None:
    files = _files("tailwind-v3", FIXTURES["dashboard"](), tmp_path)
    (name,) = files
    (tmp_path / "index.html").write_text(
        '<div class="bg-primary p-4 rounded-md shadow-1 text-body font-sans"></div>'
    )
    (tmp_path / "tailwind.config.js").write_text(
        f'module.exports = {{ presets: [require("./{name}")], content: ["./index.html"] }};\n'
    )
    (tmp_path / "input.css").write_text("@tailwind utilities;\n")
    _node(
        _tool("tailwindcss-v3/lib/cli.js"),
        "-c",
        "tailwind.config.js",
        "-i",
        "input.css",
        "-o",
        "out.css",
        cwd=tmp_path,
    )
    out = (tmp_path / "out.css").read_text()
    assert re.search(r"\.bg-primary\s*\{[^}]*rgb\(37 99 235", out), out
    assert re.search(r"\.p-4\s*\{\s*padding: 1rem", out), out
    assert re.search(r"\.rounded-md\s*\{\s*border-radius: 0\.5rem", out), out
    assert re.search(r"\.text-body\s*\{[^}]*font-size: 1rem;[^}]*line-height: 1\.5", out), out


_CONSUMER = """
import {{ tokens, themes, type ThemeName, type Tokens }} from "./{module}";

const primary: "#2563eb" = tokens.color.primary;
const darkPrimary: "#60a5fa" = themes.dark.color.primary;
const gap: string = tokens.spacing["4"];
const weight: number = tokens.typography.body.fontWeight;
const theme: ThemeName = "dark";
const style: {{ fontSize: string; lineHeight: number }} = themes[theme].typography.body;
function pick(t: Tokens): string {{ return t.color.background; }}
// @ts-expect-error: no such token
const missing = tokens.color.nope;
// @ts-expect-error: the values are read-only
tokens.color.primary = "#000000";
export const used = [primary, darkPrimary, gap, weight, style, pick(tokens), missing];
"""


def test_typescript_compiles_strict(tmp_path: Path) -> None:
    tokens = FIXTURES["dashboard"]()
    exporter = default_registry().get("ts")
    (tmp_path / "src").mkdir()
    (tmp_path / "src/tokens.ts").write_text(exporter.render(tokens, OPTIONS))
    (tmp_path / "src/use.ts").write_text(_CONSUMER.format(module="tokens"))
    _write(exporter.render_files(tokens, OPTIONS), tmp_path / "dist")
    (tmp_path / "use-dist.ts").write_text(_CONSUMER.format(module="dist/tokens.js"))
    tsc = _tool("typescript/bin/tsc")
    common = [
        "--strict",
        "--noEmit",
        "--target",
        "es2022",
        "--module",
        "esnext",
        "--moduleResolution",
        "bundler",
        "--skipLibCheck",
        "false",
    ]
    _node(tsc, *common, "src/tokens.ts", "src/use.ts", cwd=tmp_path)
    _node(tsc, *common, "use-dist.ts", cwd=tmp_path)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    run = _node(
        "--input-type=module",
        "-e",
        "import { themes } from './dist/tokens.js'; console.log(JSON.stringify(themes));",
        cwd=tmp_path,
    )
    themes = json.loads(run.stdout)
    assert themes["light"]["color"]["primary"] == "#2563eb"
    assert themes["dark"]["border"]["default"] == "1px solid #334155"
