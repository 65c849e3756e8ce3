"""JSON Schemas of the catalogue files (procedures, FAQ); see ressources/procedures/LISEZMOI.md."""

from __future__ import annotations

from typing import Any

ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
FIELD_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
TEXT = {"type": "string", "minLength": 1}
TARGET = {"type": "string", "pattern": "^([a-z0-9-]+:)?[a-z0-9-]*$", "minLength": 1}

FIELD_KINDS = [
    "text",
    "nir",
    "password",
    "email",
    "phone",
    "date",
    "postal_code",
    "code",
    "choice",
    "radio",
    "checkbox",
    "search",
    "results",
]

OPTION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "label"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "label": TEXT,
        "detail": {"type": "string"},
        "url": {"type": "string"},
    },
}

FIELD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "kind", "label"],
    "properties": {
        "id": FIELD_ID,
        "kind": {"enum": FIELD_KINDS},
        "label": TEXT,
        "help": {"type": "string"},
        "example": {"type": "string"},
        "default": {"type": "string"},
        "required": {"type": "boolean"},
        "rule": {"type": "string"},
        "sensitive": {"type": "boolean"},
        "secret": {"type": "boolean"},
        "no_paste": {"type": "boolean"},
        "options": {"type": "array", "items": OPTION},
        "options_from": {"type": "string"},
        "when": {
            "type": "object",
            "additionalProperties": False,
            "required": ["field", "in"],
            "properties": {
                "field": FIELD_ID,
                "in": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            },
        },
    },
}

ACTION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label"],
    "properties": {
        "label": TEXT,
        "primary": {"type": "boolean"},
        "validate": {
            "oneOf": [{"type": "boolean"}, {"type": "array", "items": FIELD_ID}],
        },
        "call": {"type": "string"},
        "goto": {
            "oneOf": [
                TARGET,
                {"type": "object", "additionalProperties": TARGET, "minProperties": 1},
            ]
        },
        "return_to": ID,
    },
}

NOTE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "text"],
    "properties": {
        "kind": {"enum": ["attention", "info", "conseil"]},
        "title": {"type": "string"},
        "text": TEXT,
    },
}

STEP: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title"],
    "properties": {
        "id": ID,
        "title": TEXT,
        "progress": TEXT,
        "page": ID,
        "official_url": {"type": "string"},
        "intro": {"type": "array", "items": TEXT},
        "notes": {"type": "array", "items": NOTE},
        "enter": {"type": "string"},
        "fields": {"type": "array", "items": FIELD},
        "faq": {"type": "array", "items": ID},
        "actions": {"type": "object", "additionalProperties": ACTION, "propertyNames": ID},
    },
}

PROCEDURE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "organism", "summary", "steps"],
    "properties": {
        "id": ID,
        "title": TEXT,
        "organism": {"enum": ["retraite", "caf", "franceconnect", "aide"]},
        "summary": TEXT,
        "official_url": {"type": "string"},
        "progress": {"type": "array", "items": TEXT},
        "steps": {"type": "array", "items": STEP, "minItems": 1},
    },
}

FAQ: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["entries"],
    "properties": {
        "entries": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "source", "question", "answer"],
                "properties": {
                    "id": ID,
                    "source": {"enum": ["retraite", "caf", "kiosque"]},
                    "question": TEXT,
                    "answer": {"type": "array", "items": TEXT, "minItems": 1},
                    "keywords": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
