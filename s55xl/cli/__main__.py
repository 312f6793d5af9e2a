"""``python -m s55xl.cli …`` runs the command line."""

from s55xl.cli.main import main

main()
