import sys

from macros.ingest.cli import main

sys.exit(main())
