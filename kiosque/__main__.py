import sys

from kiosque.cli import main

sys.exit(main())
