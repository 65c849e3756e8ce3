"""What a copy of the SQLite files would reveal: no NIR, e-mail, name or phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosque.store.store import Store

NIR = "1800175999001"
EMAIL = "jean.lefevre@exemple.fr"
SECRETS_IN_CLEAR = (NIR, "1 80 01 75 999 001", EMAIL, "Lefèvre-Dupont", "0612345678", "Motdepasse1")


def files_of(database: Path) -> list[Path]:
    return [p for p in (database, Path(f"{database}-wal")) if p.exists()]


def found_in(paths: list[Path], values: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        for value in values:
            for encoding in ("utf-8", "utf-16-le"):
                if value.encode(encoding) in data:
                    found.append(f"{value!r} ({encoding}) in {path.name}")
    return found


def test_no_personal_data_in_clear_in_the_database_files(
    sqlite_store: Store,
    sqlite_file: Path,
    fill_person: Callable[..., None],
) -> None:
    fill_person(sqlite_store, nir=NIR, email=EMAIL, phone="0612345678")
    # Before a checkpoint the rows are in the write-ahead log; after, in the main file.
    assert Path(f"{sqlite_file}-wal").stat().st_size > 0
    assert found_in(files_of(sqlite_file), SECRETS_IN_CLEAR) == []
    sqlite_store.checkpoint()
    assert found_in(files_of(sqlite_file), SECRETS_IN_CLEAR) == []
    # …and the search itself works: the data is there, readable through the store.
    with sqlite_store.unit() as repos:
        account = repos.retraite.find_by_nir(NIR)
    assert account is not None and account.email == EMAIL
    assert found_in([sqlite_file], ("retraite-creer-espace",)) != []
