"""What must never be found in clear in a kiosk database or log: the test NIRs, e-mails,
phones, passwords and secret answers of the personas and of the recorded journeys."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCANNED_SUFFIXES = (".db", ".db-wal", ".db-shm", ".log", ".sqlite")
SECRET_FIELDS = {
    "nir",
    "identifiant",
    "email",
    "email_confirmation",
    "telephone",
    "mot_de_passe",
    "mot_de_passe_confirmation",
    "reponse_secrete",
    "numero_fiscal",
    "code_pin",
}


def _variants(value: str) -> set[str]:
    compact = "".join(value.split())
    out = {value, compact}
    if "@" in value:
        out.add(value.lower())
    # Short digit strings (PIN codes) occur by chance in binary pages: not searchable.
    return {v for v in out if len(v) >= (7 if v.isdigit() else 5)}


@lru_cache(maxsize=1)
def sensitive_values() -> frozenset[str]:
    values: set[str] = set()
    personas = yaml.safe_load((ROOT / "ressources" / "personas.yaml").read_text("utf-8"))
    for p in personas["personas"]:
        for key in ("nir", "email", "telephone"):
            if p.get(key):
                values |= _variants(str(p[key]))
        retraite = p.get("retraite") or {}
        for key in ("mot_de_passe", "reponse_secrete"):
            if retraite.get(key):
                values |= _variants(str(retraite[key]))
        if p.get("caf"):
            values |= _variants(str(p["caf"]["mot_de_passe"]))
        for account in p.get("franceconnect", ()):
            for key in ("mot_de_passe", "code_pin"):
                if account.get(key):
                    values |= _variants(str(account[key]))
    for journey in (ROOT / "tests" / "journeys").glob("*.json"):
        if journey.name == "expected.json":
            continue
        for action in json.loads(journey.read_text("utf-8"))["actions"]:
            for field_id, value in action.get("answers", {}).items():
                if field_id in SECRET_FIELDS and isinstance(value, str):
                    values |= _variants(value)
    return frozenset(values)


def scan_for_plaintext(root: Path) -> list[str]:
    """``file: value (encoding)`` for every sensitive value found in a scanned file."""
    found = []
    needles = [
        (value, encoding, value.encode(encoding))
        for value in sorted(sensitive_values())
        for encoding in ("utf-8", "utf-16-le")
    ]
    for path in sorted(root.rglob("*")):
        if not path.is_file() or not path.name.endswith(SCANNED_SUFFIXES):
            continue
        data = path.read_bytes()
        for value, encoding, needle in needles:
            if needle in data:
                found.append(f"{path.relative_to(root)}: {value!r} ({encoding})")
    return found
