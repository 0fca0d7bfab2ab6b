import sys

from briefsite.cli import command

sys.exit(command())
