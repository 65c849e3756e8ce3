"""The procedures' titles and summaries, for the home screen's first paint: read from the
procedure files without the full check, which :func:`kiosque.procedures.loader.load_catalogue`
does right after (with the schema and the references, and a clear error)."""

from __future__ import annotations

from pathlib import Path

from kiosque import resources


def procedure_titles(root: Path | None = None) -> dict[str, tuple[str, str]]:
    """Procedure id → (title, one-line summary). A file that cannot be read here is left
    out: the full load reports it, naming the file and the entry."""
    import yaml

    base = root if root is not None else resources.root()
    titles: dict[str, tuple[str, str]] = {}
    for file in sorted((base / "procedures").glob("*.yaml")):
        try:
            data = resources.load_yaml(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        title, summary = data.get("title"), data.get("summary")
        if isinstance(title, str) and isinstance(summary, str):
            titles[file.stem] = (title, summary)
    return titles
