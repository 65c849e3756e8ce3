"""The parts of ``kiosque bench`` that drive the real Qt window."""
