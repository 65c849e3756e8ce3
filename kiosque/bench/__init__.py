"""``kiosque bench``: what the citizen feels (start, every tap, every print) and what keeps a
terminal up for weeks, measured side by side in one run and checked against targets.

One module per figure family, each returning :class:`~kiosque.bench.report.Figure` rows:
:mod:`.start` (launch → first paint, in child processes), :mod:`.steps` (tap → next page
painted, in the real window), :mod:`.keystroke`, :mod:`.documents`, :mod:`.argon`,
:mod:`.scale` (1,000,000 rows, filled by :mod:`.fill`) and :mod:`.soak`. Nothing here is
imported by the kiosk, except :mod:`.probe` when ``KIOSQUE_BENCH_FIRST_PAINT`` is set.
"""
