import sys

from briefsite.cli import main

sys.exit(main())
