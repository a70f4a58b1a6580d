"""`python -m steppe_names ...`: the same as the `steppe-names` command."""

import sys

from steppe_names.cli import main

sys.exit(main())
