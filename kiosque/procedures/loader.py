"""Load the catalogue from ``ressources/``: schema check, then every name checked.

Any mistake is a :class:`CatalogueError` whose message names the file and the entry, so
that whoever edits a procedure file knows where to look.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml

from kiosque import resources
from kiosque.procedures import schema
from kiosque.procedures.model import (
    DEFAULT_OUTCOME,
    NEXT,
    Action,
    Catalogue,
    Condition,
    FaqEntry,
    Field,
    Note,
    Option,
    Procedure,
    Step,
    Target,
)
from kiosque.procedures.registry import CALL_OUTCOMES, OPTION_SOURCES, PAGES, RULES


class CatalogueError(ValueError):
    """A procedure or FAQ file is wrong; the message says which file and which entry."""


def _read_yaml(file: Path) -> Any:
    try:
        return resources.load_yaml(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{file.name}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise CatalogueError(f"{file.name}: cannot be read: {exc}") from None


def _entry_path(data: Any, path: Iterable[Any]) -> str:
    """``steps[3] (identite).fields[1] (civilite)`` from a jsonschema path."""
    parts: list[str] = []
    node = data
    for key in path:
        if isinstance(key, int):
            label = f"[{key}]"
            try:
                node = node[key]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f" ({node['id']})"
            except (IndexError, KeyError, TypeError):
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            parts.append(str(key))
            try:
                node = node[key]
            except (KeyError, TypeError):
                node = None
    return ".".join(parts) or "(top)"


def _validate(file: Path, data: Any, file_schema: Mapping[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(file_schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = _entry_path(data, err.absolute_path)
        raise CatalogueError(f"{file.name}: {where}: {err.message}")


def _build_field(raw: Mapping[str, Any]) -> Field:
    when = raw.get("when")
    return Field(
        id=raw["id"],
        kind=raw["kind"],
        label=raw["label"],
        help=raw.get("help", ""),
        example=raw.get("example", ""),
        default=raw.get("default", ""),
        required=raw.get("required", True),
        rule=raw.get("rule"),
        sensitive=raw.get("sensitive", False),
        secret=raw.get("secret", False),
        no_paste=raw.get("no_paste", False),
        options=tuple(
            Option(o["id"], o["label"], o.get("detail", ""), o.get("url", ""))
            for o in raw.get("options", ())
        ),
        options_from=raw.get("options_from"),
        when=Condition(when["field"], tuple(when["in"])) if when else None,
    )


def _build_action(action_id: str, raw: Mapping[str, Any]) -> Action:
    goto_raw = raw.get("goto")
    if goto_raw is None:
        goto: dict[str, Target] = {}
    elif isinstance(goto_raw, str):
        goto = {DEFAULT_OUTCOME: Target.parse(goto_raw)}
    else:
        goto = {outcome: Target.parse(t) for outcome, t in goto_raw.items()}
    primary = raw.get("primary", action_id == NEXT)
    validate = raw.get("validate", primary)
    return Action(
        id=action_id,
        label=raw["label"],
        primary=primary,
        validate=tuple(validate) if isinstance(validate, list) else bool(validate),
        call=raw.get("call"),
        goto=MappingProxyType(goto),
        return_to=raw.get("return_to"),
    )


def _build_step(raw: Mapping[str, Any]) -> Step:
    return Step(
        id=raw["id"],
        title=raw["title"],
        intro=tuple(raw.get("intro", ())),
        notes=tuple(Note(n["kind"], n["text"], n.get("title", "")) for n in raw.get("notes", ())),
        fields=tuple(_build_field(f) for f in raw.get("fields", ())),
        faq=tuple(raw.get("faq", ())),
        actions=MappingProxyType(
            {aid: _build_action(aid, a) for aid, a in raw.get("actions", {}).items()}
        ),
        progress=raw.get("progress"),
        page=raw.get("page"),
        enter=raw.get("enter"),
        official_url=raw.get("official_url", ""),
    )


def load_procedure(file: Path) -> Procedure:
    data = _read_yaml(file)
    _validate(file, data, schema.PROCEDURE)
    if data["id"] != file.stem:
        raise CatalogueError(f"{file.name}: id: {data['id']!r} must match the file name")
    return Procedure(
        id=data["id"],
        title=data["title"],
        organism=data["organism"],
        summary=data["summary"],
        steps=tuple(_build_step(s) for s in data["steps"]),
        official_url=data.get("official_url", ""),
        progress=tuple(data.get("progress", ())),
    )


def load_faq(file: Path) -> dict[str, FaqEntry]:
    data = _read_yaml(file)
    _validate(file, data, schema.FAQ)
    entries: dict[str, FaqEntry] = {}
    for i, raw in enumerate(data["entries"]):
        if raw["id"] in entries:
            raise CatalogueError(f"{file.name}: entries[{i}] ({raw['id']}): id used twice")
        entries[raw["id"]] = FaqEntry(
            id=raw["id"],
            question=raw["question"],
            answer=tuple(raw["answer"]),
            source=raw["source"],
            keywords=tuple(raw.get("keywords", ())),
        )
    return entries


def _check_references(
    file: str, proc: Procedure, procedures: Mapping[str, Procedure], faq: Mapping[str, FaqEntry]
) -> None:
    seen: set[str] = set()
    for i, step in enumerate(proc.steps):
        where = f"{file}: steps[{i}] ({step.id})"
        if step.id in seen:
            raise CatalogueError(f"{where}: step id used twice")
        seen.add(step.id)
        if step.page is not None and step.page not in PAGES:
            raise CatalogueError(f"{where}.page: unknown page {step.page!r}")
        if step.enter is not None and step.enter not in CALL_OUTCOMES:
            raise CatalogueError(f"{where}.enter: unknown call {step.enter!r}")
        if step.progress is not None and step.progress not in proc.progress:
            raise CatalogueError(f"{where}.progress: {step.progress!r} is not in progress")
        for fid in step.faq:
            if fid not in faq:
                raise CatalogueError(f"{where}.faq: unknown FAQ entry {fid!r}")
        field_ids: set[str] = set()
        for j, fld in enumerate(step.fields):
            fwhere = f"{where}.fields[{j}] ({fld.id})"
            if fld.id in field_ids:
                raise CatalogueError(f"{fwhere}: field id used twice")
            field_ids.add(fld.id)
            if fld.rule is not None and fld.rule not in RULES:
                raise CatalogueError(f"{fwhere}.rule: unknown rule {fld.rule!r}")
            if fld.options_from is not None and fld.options_from not in OPTION_SOURCES:
                raise CatalogueError(f"{fwhere}.options_from: unknown source {fld.options_from!r}")
            if fld.kind in ("choice", "radio", "results") and not (fld.options or fld.options_from):
                raise CatalogueError(f"{fwhere}: a {fld.kind} field needs options")
            if fld.when is not None and not (
                fld.when.field in field_ids
                or any(s.has_field(fld.when.field) for s in proc.steps[:i])
            ):
                raise CatalogueError(
                    f"{fwhere}.when: {fld.when.field!r} must be an earlier field"
                    " of this step or of an earlier step"
                )
        primaries = [a.id for a in step.actions.values() if a.primary]
        if len(primaries) > 1:
            raise CatalogueError(f"{where}.actions: several main actions {primaries}")
        for aid, action in step.actions.items():
            awhere = f"{where}.actions.{aid}"
            if isinstance(action.validate, tuple):
                for fid in action.validate:
                    if fid not in field_ids:
                        raise CatalogueError(f"{awhere}.validate: unknown field {fid!r}")
            if action.call is not None:
                if action.call not in CALL_OUTCOMES:
                    raise CatalogueError(f"{awhere}.call: unknown call {action.call!r}")
                outcomes = CALL_OUTCOMES[action.call]
                for outcome in action.goto:
                    if outcome not in outcomes:
                        raise CatalogueError(
                            f"{awhere}.goto: {action.call} has no outcome {outcome!r}"
                            f" (it has {', '.join(outcomes)})"
                        )
            elif any(o != DEFAULT_OUTCOME for o in action.goto):
                raise CatalogueError(f"{awhere}.goto: outcomes need a call")
            for target in action.goto.values():
                _check_target(awhere + ".goto", proc, procedures, target)
            if action.return_to is not None:
                if not proc.has_step(action.return_to):
                    raise CatalogueError(f"{awhere}.return_to: unknown step {action.return_to!r}")
                if not any(t.procedure not in (None, proc.id) for t in action.goto.values()):
                    raise CatalogueError(f"{awhere}.return_to: only for another procedure")


def _check_target(
    where: str, proc: Procedure, procedures: Mapping[str, Procedure], target: Target
) -> None:
    owner = proc if target.procedure is None else procedures.get(target.procedure)
    if owner is None:
        raise CatalogueError(f"{where}: unknown procedure {target.procedure!r}")
    if target.step is not None and not owner.has_step(target.step):
        raise CatalogueError(f"{where}: {owner.id} has no step {target.step!r}")


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load and check every procedure file and the FAQ."""
    base = root if root is not None else resources.root()
    faq = load_faq(base / "aide" / "faq.yaml")
    files = sorted((base / "procedures").glob("*.yaml"))
    if not files:
        raise CatalogueError(f"{base / 'procedures'}: no procedure file")
    procedures: dict[str, Procedure] = {}
    origin: dict[str, str] = {}
    for file in files:
        proc = load_procedure(file)
        procedures[proc.id] = proc
        origin[proc.id] = file.name
    for pid, proc in procedures.items():
        _check_references(origin[pid], proc, procedures, faq)
    return Catalogue(MappingProxyType(procedures), MappingProxyType(faq))
