"""`python -m conflictcoder` runs the command line."""

from conflictcoder.interfaces.cli import main

raise SystemExit(main())
