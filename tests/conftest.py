"""Test configuration shared by the whole suite.

Qt must be told to render offscreen before anything imports it (without it pytest aborts
with status 134 on a machine with no display).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")
