"""PyInstaller runtime hook: in the windowed ``kiosque.exe`` Windows gives the program no
standard streams (``sys.stdout`` is None), so a stray ``print`` or ``--help`` would crash
it. They go nowhere instead; ``kiosque-cli.exe`` keeps its console and prints."""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
