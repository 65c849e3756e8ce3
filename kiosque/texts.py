"""Citizen-facing sentences, looked up by key from ``ressources/textes/<lang>/*.yaml``.

Code never holds a French sentence: it names a key, and optional ``{placeholders}``
filled by keyword. Keys are flat dotted strings (``regles.nir.longueur``); a key defined
twice across files is an error naming both files.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kiosque import resources

DEFAULT_LANGUAGE = "fr"


class TextCatalogueError(ValueError):
    """A text file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Message:
    """A sentence to show, by key, with its placeholder values (all strings)."""

    key: str
    params: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def of(cls, key: str, **params: object) -> Message:
        return cls(key, tuple(sorted((k, str(v)) for k, v in params.items())))

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        return catalogue(language).render(self.key, dict(self.params))

    def __str__(self) -> str:
        return self.text()


def placeholders(template: str) -> frozenset[str]:
    """Names of the ``{name}`` placeholders used in a template."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            names.add(name)
    return frozenset(names)


class Catalogue:
    """All texts of one language."""

    def __init__(self, texts: Mapping[str, str], origins: Mapping[str, Path]) -> None:
        self._texts = dict(texts)
        self._origins = dict(origins)

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def keys(self) -> list[str]:
        return sorted(self._texts)

    def raw(self, key: str) -> str:
        try:
            return self._texts[key]
        except KeyError:
            raise KeyError(f"unknown text key {key!r}") from None

    def origin(self, key: str) -> Path:
        return self._origins[key]

    def render(self, key: str, params: Mapping[str, str] | None = None) -> str:
        template = self.raw(key)
        values = dict(params or {})
        missing = placeholders(template) - values.keys()
        if missing:
            raise KeyError(f"text {key!r} needs {sorted(missing)}")
        return template.format(**values) if values or "{" in template else template

    def get(self, key: str, **params: object) -> str:
        return self.render(key, {k: str(v) for k, v in params.items()})


def _flatten(prefix: str, node: object, file: Path, out: dict[str, str]) -> None:
    if isinstance(node, str):
        out[prefix] = node
    elif isinstance(node, dict):
        for k, v in node.items():
            if not isinstance(k, str):
                raise TextCatalogueError(f"{file}: key {k!r} under {prefix!r} is not text")
            _flatten(f"{prefix}.{k}" if prefix else k, v, file, out)
    else:
        raise TextCatalogueError(f"{file}: entry {prefix!r} must be text, found {node!r}")


def load(directory: Path) -> Catalogue:
    texts: dict[str, str] = {}
    origins: dict[str, Path] = {}
    for file in sorted(directory.glob("*.yaml")):
        try:
            data = resources.load_yaml(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise TextCatalogueError(f"{file}: not valid YAML: {exc}") from None
        flat: dict[str, str] = {}
        _flatten("", data, file, flat)
        for key, value in flat.items():
            if key in texts:
                raise TextCatalogueError(
                    f"{file}: key {key!r} is already defined in {origins[key]}"
                )
            try:
                placeholders(value)
            except ValueError as exc:
                raise TextCatalogueError(f"{file}: entry {key!r}: {exc}") from None
            texts[key] = value
            origins[key] = file
    return Catalogue(texts, origins)


@lru_cache(maxsize=4)
def catalogue(language: str = DEFAULT_LANGUAGE) -> Catalogue:
    return load(resources.path("textes", language))


def t(key: str, **params: object) -> str:
    """The French text for ``key`` with its placeholders filled."""
    return catalogue().get(key, **params)
