"""``python -m normgraph`` runs the command line."""

from .cli import main

main()
