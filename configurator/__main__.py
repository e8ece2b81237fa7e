"""``python -m configurator`` does what the ``configurator`` command does."""

import sys

from configurator.launcher import main

sys.exit(main())
