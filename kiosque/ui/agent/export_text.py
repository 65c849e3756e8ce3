"""A person's export as French text to read with them on screen (the file saved is the
JSON itself): labels from ``agent.export``, dates in Paris time, yes/no in words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from kiosque.documents.fmt import date_short, paris_time
from kiosque.procedures.model import Catalogue
from kiosque.texts import catalogue, t

E = "agent.export."
SECTIONS = ("retraite", "caf", "franceconnect", "messages", "sessions", "recus")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INDENT = "    "


def label(key: str, procedures: Catalogue | None = None) -> str:
    """The French label of a stored field, of a form field (the catalogue's wording), of
    a ``procedure/step`` (their titles); anything else as it is."""
    full = E + "cles." + key
    if full in catalogue():
        return t(full)
    if procedures is None:
        return key
    procedure_id, _, step_id = key.partition("/")
    procedure = procedures.procedures.get(procedure_id)
    if procedure is not None and procedure.has_step(step_id):
        return f"{procedure.title} — {procedure.step(step_id).title}"
    for procedure in procedures.procedures.values():
        for step in procedure.steps:
            if step.has_field(key):
                return step.field(key).label
    return key


def value_text(value: object) -> str:
    if value is None or value == "":
        return t(E + "vide")
    if isinstance(value, bool):
        return t(E + ("oui" if value else "non"))
    if isinstance(value, str):
        if _DATETIME.match(value):
            try:
                moment = paris_time(datetime.fromisoformat(value))
            except ValueError:
                return value
            return t(
                E + "date_heure", date=date_short(moment.date()), heure=moment.strftime("%H:%M")
            )
        if _DATE.fullmatch(value):
            return date_short(date.fromisoformat(value))
        known = E + "valeurs." + value
        return t(known) if known in catalogue() else value
    return str(value)


def _lines(value: Any, depth: int, out: list[str], procedures: Catalogue | None) -> None:
    pad = INDENT * depth
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = label(str(key), procedures)
            if isinstance(item, Mapping | list | tuple) and item:
                out.append(f"{pad}{name} :")
                _lines(item, depth + 1, out, procedures)
            else:
                empty = isinstance(item, Mapping | list | tuple)
                out.append(f"{pad}{name} : {t(E + 'vide') if empty else value_text(item)}")
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, Mapping | list | tuple):
                out.append(f"{pad}–")
                _lines(item, depth + 1, out, procedures)
            else:
                out.append(f"{pad}– {value_text(item)}")
    else:
        out.append(pad + value_text(value))


def readable(export: Mapping[str, Any], procedures: Catalogue | None = None) -> str:
    """The export as indented « label : value » lines, one block per account or row."""
    out: list[str] = []
    for section in SECTIONS:
        for number, item in enumerate(export.get(section, ()), start=1):
            if out:
                out.append("")
            out.append(t(E + "element", section=t(E + f"sections.{section}"), n=number))
            _lines(item, 1, out, procedures)
    return "\n".join(out) if out else t(E + "aucun")
