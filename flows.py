"""Run the thaidoc ingest flow (Prefect) on PDFs, or serve it on an inbox folder.

    python flows.py samples/ [more.pdf ...] [--out outputs] [--workers N | --dask-address A]
    python flows.py serve --inbox inbox/ [--out outputs] [--every 3600]

The flows are ``thaidoc.flows.ingest`` (``thaidoc ingest`` runs the same thing) and
``thaidoc.flows.watch_inbox``, served as the deployment 'thaidoc-inbox': every ``--every``
seconds it ingests the new or changed PDFs of the inbox and refreshes the dataset.
Without PREFECT_API_URL set, Prefect starts a temporary local server for the run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thaidoc.cli import print_report
from thaidoc.flows import run_ingest, serve_inbox

DEFAULT_INTERVAL_S = 3600


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="PDF files, or folders whose *.pdf are taken")
    parser.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    parser.add_argument("--workers", type=int, default=1, help="local Dask worker processes")
    parser.add_argument("--dask-address", help="an existing Dask cluster, tcp://host:8786")
    args = parser.parse_args(argv)
    statuses = run_ingest(
        args.paths, out_dir=args.out, workers=args.workers, dask_address=args.dask_address
    )
    return 0 if print_report(statuses, Path(args.out)) else 1


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="flows.py serve", description="Serve the inbox-watching deployment (blocks)."
    )
    parser.add_argument("--inbox", required=True, type=Path, help="folder to watch for PDFs")
    parser.add_argument("--out", default=Path("outputs"), type=Path, help="output folder")
    parser.add_argument(
        "--every", default=DEFAULT_INTERVAL_S, type=int, help="seconds between runs"
    )
    args = parser.parse_args(argv)
    serve_inbox(args.inbox, args.out, args.every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
