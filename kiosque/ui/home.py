"""The home screen: one large tile per procedure, « Reprendre une démarche » and
« J'ai un problème »."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QScrollArea, QVBoxLayout, QWidget

from kiosque.texts import t
from kiosque.ui.fields import WrapButton, wrapped

if TYPE_CHECKING:
    from kiosque.procedures.model import Catalogue

# The order of the tiles (the help procedure has its own tile below).
TILES = (
    "retraite-creer-espace",
    "retraite-releve-carriere",
    "retraite-connexion",
    "caf-connexion",
    "franceconnect",
)
HELP = "aide"

# procedure id → (title, one-line summary): all the home screen needs of the catalogue
HomeTiles = dict[str, tuple[str, str]]


def home_tiles(catalogue: Catalogue) -> HomeTiles:
    return {p.id: (p.title, p.summary) for p in catalogue.procedures.values()}


class Tile(WrapButton):
    """A large button: the procedure's title and its one-line summary, both wrapping."""

    def __init__(self, title: str, detail: str) -> None:
        super().__init__((title, "tileTitle"), (detail, "tileDetail"))
        self.setObjectName("tile")
        self.setAccessibleName(title)
        self.setAccessibleDescription(detail)


class HomeScreen(QWidget):
    procedure_chosen = Signal(str)
    resume_chosen = Signal()

    def __init__(self, tiles: HomeTiles, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        scroll.setWidget(content)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(12)
        title = wrapped(t("interface.accueil.titre"), "homeTitle")
        layout.addWidget(title)
        layout.addWidget(wrapped(t("interface.accueil.sous_titre")))
        grid = QGridLayout()
        grid.setSpacing(14)
        self.tiles: dict[str, Tile] = {}
        for index, procedure_id in enumerate(TILES):
            if procedure_id not in tiles:  # a broken file: the catalogue's load says which
                continue
            name, summary = tiles[procedure_id]
            tile = Tile(name, summary)
            tile.clicked.connect(lambda _c=False, p=procedure_id: self.procedure_chosen.emit(p))
            grid.addWidget(tile, index // 2, index % 2)
            self.tiles[procedure_id] = tile
        resume = Tile(t("interface.accueil.reprendre"), t("interface.accueil.reprendre_detail"))
        resume.clicked.connect(self.resume_chosen)
        grid.addWidget(resume, len(TILES) // 2, len(TILES) % 2)
        self.tiles["reprendre"] = resume
        help_tile = Tile(t("interface.accueil.probleme"), t("interface.accueil.probleme_detail"))
        help_tile.clicked.connect(lambda: self.procedure_chosen.emit(HELP))
        grid.addWidget(help_tile, len(TILES) // 2 + 1, 0, 1, 2)
        self.tiles[HELP] = help_tile
        layout.addLayout(grid)
        layout.addStretch(1)

    def set_ready(self, ready: bool) -> None:
        for tile in self.tiles.values():
            tile.setEnabled(ready)
