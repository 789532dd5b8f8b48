"""``python -m site_builder``: the same command line as ``lotse``."""

import sys

from .cli import main

sys.exit(main())
