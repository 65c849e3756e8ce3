"""Helpers shared by the document tests: persona careers, PDF text, PNG pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from kiosque import resources
from kiosque.connectors.base import CareerLine

PAUL_NIR = "1800175999001"
RESUME_URL = "https://www.lassuranceretraite.fr/espace-personnel/reprise?code=K7P4Q9XM"
HOSTILE = ("<b>", "&", "</para>", "\u202e", "A" * 200, "😀")


def persona(persona_id: str) -> dict[str, Any]:
    data = yaml.safe_load(resources.path("personas.yaml").read_text(encoding="utf-8"))
    return next(p for p in data["personas"] if p["id"] == persona_id)


def career(persona_id: str) -> tuple[CareerLine, ...]:
    rows = persona(persona_id)["retraite"]["carriere"]
    return tuple(
        CareerLine(year, scheme, nature, employer, income, quarters, float(points))
        for year, scheme, nature, employer, income, quarters, points in rows
    )


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    """All the text, whitespace (line breaks, no-break spaces) made single spaces."""
    return " ".join(" ".join(pdf_pages(path)).split())


def no_space(value: str) -> str:
    return "".join(value.split())


def png_pages(pdf: Path, out_dir: Path, dpi: int) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed")
    prefix = out_dir / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, timeout=60
    )
    pages = sorted(out_dir.glob(f"{pdf.stem}*.png"))
    assert pages, f"pdftoppm wrote no page for {pdf.name}"
    return pages
