"""Entry point of the frozen bundle: ``kiosque.exe`` (the kiosk, no console window) and
``kiosque-cli.exe`` (the same program with a console, for ``self-test`` and the other
sub-commands) both run this."""

import sys

from kiosque.cli import main

if __name__ == "__main__":
    sys.exit(main())
