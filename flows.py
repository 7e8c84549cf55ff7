"""Run the thaidoc ingest flow (Prefect) on PDFs or folders of PDFs.

    python flows.py samples/ [more.pdf ...] [--out outputs]

The flow itself is ``thaidoc.flows.ingest``; ``thaidoc ingest`` runs the same thing.
Without PREFECT_API_URL set, Prefect starts a temporary local server for the run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thaidoc.cli import print_report
from thaidoc.flows import ingest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="PDF files, or folders whose *.pdf are taken")
    parser.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    args = parser.parse_args(argv)
    statuses = ingest(args.paths, out_dir=args.out)
    return 0 if print_report(statuses, Path(args.out)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
