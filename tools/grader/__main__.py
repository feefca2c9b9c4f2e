"""`python3 tools/grader ...` (what `tools/quokka grade` runs): see cli.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.cli import main  # noqa: E402

sys.exit(main())
