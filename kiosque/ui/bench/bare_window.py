"""The yardstick of the start figure: a bare PySide6 window, shown full screen like the
kiosk and timed by the same probe.

Run it as a script (``python …/kiosque/bench/bare_window.py``): the probe is then imported
from this folder, without the ``kiosque`` package, so the yardstick stays bare.
"""

from __future__ import annotations

import importlib
import sys


def main() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    probe = "kiosque.ui.bench.probe" if __package__ else "probe"
    report_first_paint = importlib.import_module(probe).report_first_paint
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("bare")
    QVBoxLayout(window).addWidget(QLabel("Bonjour"))
    window.showFullScreen()
    report_first_paint(window)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
