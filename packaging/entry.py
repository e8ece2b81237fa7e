"""Entry script of the frozen app: the same as the ``configurator`` command."""

import sys

from configurator.launcher import main

if __name__ == "__main__":
    sys.exit(main())
