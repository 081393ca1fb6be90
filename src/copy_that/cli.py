"""The ``copy-that`` command line: a thin shell over the library.

Exit codes (also listed in ``copy-that --help``):

====  ==========================================================
0     success
1     unexpected internal error (run with --verbose for a traceback)
2     usage error: bad option or argument
3     unreadable input image (corrupt, unsupported, over the limits)
4     invalid token document (not DTCG 2025.10, broken aliases)
5     export failed (unknown format, unwritable output)
6     the service extras are not installed
====  ==========================================================
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from copy_that import __version__
from copy_that.errors import (
    CopyThatError,
    ExportError,
    ImageError,
    OptionsError,
    TokenError,
)
from copy_that.tokens.model import TokenSet

if TYPE_CHECKING:
    from copy_that.analysis import Layout
    from copy_that.imaging import Image
    from copy_that.pipeline import LayoutResults

__all__ = ["EXIT_CODES", "app", "main"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_TOKENS = 4
EXIT_EXPORT = 5
EXIT_MISSING_EXTRA = 6

#: Exit code per error kind, most specific first.
EXIT_CODES: tuple[tuple[type[CopyThatError], int], ...] = (
    (ImageError, EXIT_INPUT),
    (OptionsError, EXIT_USAGE),
    (TokenError, EXIT_TOKENS),
    (ExportError, EXIT_EXPORT),
)

_HELP = """Measure a design system from images and write it as W3C Design Tokens (DTCG 2025.10).

Exit codes: 0 ok · 1 internal error · 2 usage · 3 unreadable image · 4 invalid tokens ·
5 export failed · 6 service extras missing.
"""

app = typer.Typer(
    name="copy-that",
    help=_HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database migrations for the service.", no_args_is_help=True)
app.add_typer(db_app, name="db")

_stderr = Console(stderr=True)
_state = {"verbose": False}


def _fail(error: CopyThatError) -> NoReturn:
    code = next((c for kind, c in EXIT_CODES if isinstance(error, kind)), EXIT_INTERNAL)
    if _state["verbose"]:
        _stderr.print_exception()
    _stderr.print(f"[bold red]error:[/] {error}", highlight=False)
    raise typer.Exit(code=code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copy-that {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show tracebacks for errors.")
    ] = False,
) -> None:
    _state["verbose"] = verbose


def _parse_dpr(text: str) -> float | None:
    if text.strip().lower() == "auto":
        return None
    try:
        return float(text)
    except ValueError:
        raise typer.BadParameter(f"expected 'auto' or a number like 2, got {text!r}") from None


def _parse_kinds(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    return frozenset(k.strip() for k in text.split(",") if k.strip())


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}") from None


@app.command()
def extract(
    images: Annotated[
        list[Path], typer.Argument(help="Screenshots, mock-ups or renders (PNG, JPEG, WebP…).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write here; prints a summary instead of the document."
        ),
    ] = None,
    format_name: Annotated[
        str, typer.Option("--format", "-f", help="Output format (see `copy-that formats`).")
    ] = "dtcg",
    max_colors: Annotated[
        int, typer.Option("--max-colors", help="Most palette colours to report (1–64).")
    ] = 16,
    dpr: Annotated[
        str,
        typer.Option(
            "--dpr", help="Device pixel ratio (CSS px = image px / dpr), or 'auto' to infer it."
        ),
    ] = "auto",
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Comma-separated kinds: colors, spacing, radii, shadows, borders, typography.",
        ),
    ] = None,
    ocr: Annotated[
        bool, typer.Option("--ocr/--no-ocr", help="Recognise text for typography evidence.")
    ] = True,
    max_pixels: Annotated[
        int, typer.Option("--max-pixels", help="Refuse images with more pixels than this.")
    ] = 40_000_000,
    overlay: Annotated[
        Path | None,
        typer.Option("--overlay", help="Also write a PNG with the measured layout drawn on it."),
    ] = None,
) -> None:
    """Extract design tokens from one or more images (several images make one system)."""
    from copy_that.exporters import export
    from copy_that.imaging import LoadOptions, load_image
    from copy_that.pipeline import ALL_KINDS, ExtractOptions
    from copy_that.pipeline import extract as run_extract

    try:
        kinds = _parse_kinds(only)
        options = ExtractOptions(
            kinds=frozenset(kinds) if kinds is not None else frozenset(ALL_KINDS),  # type: ignore[arg-type]
            max_colors=max_colors,
            dpr=_parse_dpr(dpr),
            ocr=ocr,
            load=LoadOptions(max_pixels=max_pixels),
        )
        drawn: list[bytes] = []

        def draw_first(image: Image, layout: Layout, results: LayoutResults) -> None:
            # The overlay shows the first image, measured by the run itself (no second analysis).
            if not drawn:
                drawn.append(_overlay_png(image, layout, results))

        # Paths, not decoded images: the pipeline decodes them itself and times the decode stage.
        tokens = run_extract(
            list(images), options=options, on_layout=draw_first if overlay is not None else None
        )
        text = export(tokens, format_name)
        _write(text, output)
        if overlay is not None:
            _write_overlay(
                drawn[0]
                if drawn
                else _overlay_png(load_image(images[0], options=options.load), dpr=options.dpr),
                overlay,
            )
    except CopyThatError as error:
        _fail(error)
    if output is not None:
        from copy_that._summary import print_summary

        print_summary(tokens, Console(), output=output)


def _overlay_png(
    image: Image,
    layout: Layout | None = None,
    results: LayoutResults | None = None,
    *,
    dpr: float | None = None,
) -> bytes:
    """The overlay of `image`; analysed here only when the run had no layout kind (colours)."""
    from copy_that.analysis import analyse
    from copy_that.overlay import render_overlay
    from copy_that.pipeline import LayoutResults

    if layout is None:
        layout = analyse(image, dpr=dpr, text_lines=False)
    found = results or LayoutResults()
    return render_overlay(
        image,
        layout,
        spacing=found.spacing,
        radii=found.radii,
        shadows=found.shadows,
        borders=found.borders,
    )


def _write_overlay(png: bytes, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None


@app.command("export")
def export_command(
    tokens_file: Annotated[Path, typer.Argument(help="A DTCG 2025.10 token document (JSON).")],
    format_name: Annotated[
        str, typer.Option("--format", "-f", help="Output format (see `copy-that formats`).")
    ] = "css",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="A file, or a directory for multi-file formats; default stdout."
        ),
    ] = None,
) -> None:
    """Turn a token document into code for a platform."""
    from copy_that.exporters import ExportOptions, default_registry

    try:
        tokens = _read_tokens(tokens_file)
        exporter = default_registry().get(format_name)
        files = exporter.render_files(tokens, ExportOptions())
        if output is None or (len(files) == 1 and not output.is_dir()):
            _write(next(iter(files.values())), output)
        else:
            for name, content in files.items():
                _write(content, output / name)
            _stderr.print(f"wrote {len(files)} files to {output}")
    except CopyThatError as error:
        _fail(error)


@app.command()
def formats() -> None:
    """List the export formats."""
    from copy_that.exporters import default_registry

    table = Table("name", "extension", "media type", "description", box=None)
    for row in default_registry().rows():
        table.add_row(*row)
    Console().print(table)


@app.command()
def validate(
    tokens_file: Annotated[Path, typer.Argument(help="A token document to check.")],
) -> None:
    """Check that a token document is valid DTCG 2025.10 with resolvable aliases."""
    try:
        tokens = _read_tokens(tokens_file)
    except CopyThatError as error:
        _fail(error)
    Console().print(Text(f"valid: {len(tokens)} tokens", style="green"))


def _read_tokens(path: Path) -> TokenSet:
    from copy_that.tokens import dtcg

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TokenError(f"no such file: {path}") from None
    except OSError as exc:
        raise TokenError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise TokenError(f"{path} is not UTF-8 text; token documents are JSON") from None
    return dtcg.loads(text)


def _service_missing(exc: ImportError) -> NoReturn:
    _stderr.print(
        f"[bold red]error:[/] the service is not installed ({exc.name} missing); "
        "run: pip install 'copy-that[service]'"
    )
    raise typer.Exit(code=EXIT_MISSING_EXTRA)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.", envvar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", envvar="PORT")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development).")] = False,
) -> None:
    """Run the HTTP API and web app on the embedded defaults (SQLite, local files)."""
    try:
        from copy_that.service.run import serve as run_serve
    except ImportError as exc:
        _service_missing(exc)
    run_serve(host=host, port=port, reload=reload)


@app.command()
def worker(
    concurrency: Annotated[
        int, typer.Option(help="Worker processes.", envvar="WORKER_CONCURRENCY")
    ] = 1,
) -> None:
    """Run a Celery extraction worker (needs CELERY_BROKER_URL)."""
    try:
        from copy_that.service.jobs import run_worker
    except ImportError as exc:
        _service_missing(exc)
    run_worker(concurrency=concurrency)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations up to a revision (default: the newest)."""
    try:
        from copy_that.service.db.migrate import upgrade
    except ImportError as exc:
        _service_missing(exc)
    upgrade(revision)


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
) -> None:
    """Revert migrations down to a revision."""
    try:
        from copy_that.service.db.migrate import downgrade
    except ImportError as exc:
        _service_missing(exc)
    downgrade(revision)


def main() -> None:
    """Console-script entry point."""
    app()
