import io
import json
from pathlib import Path
from typing import Any

import pytest
import tinycss2
from PIL import Image as PILImage
from typer.testing import CliRunner

from copy_that import __version__
from copy_that.cli import app
from copy_that.tokens import dtcg

runner = CliRunner()
EXAMPLE = Path(__file__).parents[2] / "examples" / "dashboard.png"


@pytest.fixture
def flat_ui(tmp_path: Path) -> Path:
    """A small 'UI': a light page with a blue button and dark text-like bars."""
    image = PILImage.new("RGB", (160, 100), (248, 250, 252))
    for x in range(20, 100):
        for y in range(30, 54):
            image.putpixel((x, y), (37, 99, 235))
    for x in range(20, 140):
        for y in range(70, 74):
            image.putpixel((x, y), (15, 23, 42))
    path = tmp_path / "ui.png"
    image.save(path)
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_extract_to_stdout_is_valid_dtcg(flat_ui: Path) -> None:
    result = runner.invoke(app, ["extract", str(flat_ui), "--only", "colors"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    dtcg.validate_document(document)
    hexes = {t.value.hex for t in dtcg.from_document(document).group("color", "palette")}  # type: ignore[union-attr]
    assert {"#2563eb", "#f8fafc"} <= hexes


def test_extract_to_file_prints_summary_and_exports_css(flat_ui: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    result = runner.invoke(app, ["extract", str(flat_ui), "-o", str(out), "--only", "colors"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    assert "Palette" in result.stdout
    dtcg.loads(out.read_text())
    css = runner.invoke(app, ["export", str(out), "--format", "css"])
    assert css.exit_code == 0, css.output
    rules = tinycss2.parse_stylesheet(css.stdout, skip_whitespace=True, skip_comments=True)
    assert not [r for r in rules if r.type == "error"]
    assert "#2563eb" in css.stdout


def test_extract_example_all_kinds(tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    result = runner.invoke(app, ["extract", str(EXAMPLE), "-o", str(out), "--no-ocr"])
    assert result.exit_code == 0, result.output
    tokens = dtcg.loads(out.read_text())
    assert tokens.group("color")
    assert tokens.images[0].name == "dashboard.png"


def test_extract_format_option_uses_the_registry(flat_ui: Path) -> None:
    result = runner.invoke(app, ["extract", str(flat_ui), "--only", "colors", "-f", "scss"])
    assert result.exit_code == 0, result.output
    assert "$" in result.stdout


def test_unreadable_image_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"definitely not a png")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 3
    assert "not an image" in result.stderr


def test_missing_image_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.png")])
    assert result.exit_code == 3


def test_image_over_pixel_limit_exits_3(flat_ui: Path) -> None:
    result = runner.invoke(app, ["extract", str(flat_ui), "--max-pixels", "100"])
    assert result.exit_code == 3
    assert "max-pixels" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--only", "colours"],
        ["--max-colors", "0"],
        ["--dpr", "0"],
        ["--dpr", "retina"],
    ],
)
def test_bad_options_exit_2(flat_ui: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["extract", str(flat_ui), *args])
    assert result.exit_code == 2, result.output


def test_unknown_format_exits_5_and_lists_formats(flat_ui: Path) -> None:
    result = runner.invoke(app, ["extract", str(flat_ui), "--only", "colors", "-f", "pdf"])
    assert result.exit_code == 5
    assert "css" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "JSON"),
        (b'{"color": {"x": {"$type": "color", "$value": "#12"}}}', "/color/x"),
        (b"\xff\xfe\x00", "UTF-8"),
    ],
)
def test_malformed_token_files_exit_4(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(content)
    for command in (["export", str(path)], ["validate", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 4, result.output
        assert message in result.stderr


def test_validate_accepts_our_output(flat_ui: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    runner.invoke(app, ["extract", str(flat_ui), "-o", str(out), "--only", "colors"])
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0
    assert "valid" in result.stdout


def test_export_multi_file_format_to_directory(flat_ui: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    runner.invoke(app, ["extract", str(flat_ui), "-o", str(out), "--only", "colors"])
    target = tmp_path / "studio"
    target.mkdir()
    result = runner.invoke(app, ["export", str(out), "-f", "tokens-studio", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(list(target.iterdir())) >= 2


def test_formats_lists_the_registry() -> None:
    result = runner.invoke(app, ["formats"])
    assert result.exit_code == 0
    for name in ("dtcg", "css", "tailwind", "swiftui"):
        assert name in result.stdout


def test_overlay_is_written(flat_ui: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.png"
    result = runner.invoke(
        app, ["extract", str(flat_ui), "-o", str(tmp_path / "t.json"), "--overlay", str(overlay)]
    )
    assert result.exit_code == 0, result.output
    with PILImage.open(io.BytesIO(overlay.read_bytes())) as drawn:
        assert drawn.size[0] >= 160


def test_overlay_reuses_the_runs_analysis(
    flat_ui: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copy_that.analysis as analysis_module
    import copy_that.pipeline as pipeline_module

    calls: list[str] = []
    real = pipeline_module.analyse

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("analyse")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_module, "analyse", counting)
    monkeypatch.setattr(analysis_module, "analyse", counting)
    overlay = tmp_path / "overlay.png"
    out = tmp_path / "t.json"
    result = runner.invoke(
        app, ["extract", str(flat_ui), "-o", str(out), "--overlay", str(overlay)]
    )
    assert result.exit_code == 0, result.output
    assert calls == ["analyse"]
    assert overlay.read_bytes().startswith(b"\x89PNG")


def test_overlay_of_a_colours_only_run_analyses_for_the_drawing(
    flat_ui: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "overlay.png"
    args = ["extract", str(flat_ui), "--only", "colors", "-o", str(tmp_path / "t.json")]
    result = runner.invoke(app, [*args, "--overlay", str(overlay)])
    assert result.exit_code == 0, result.output
    with PILImage.open(io.BytesIO(overlay.read_bytes())) as drawn:
        assert drawn.size[0] >= 160


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "copy_that", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert __version__ in result.stdout
