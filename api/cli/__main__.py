"""``python -m api.cli``: the ``notaledger`` command line."""

import sys

from api.cli.main import main

sys.exit(main())
