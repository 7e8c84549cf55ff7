"""The Prefect ingest flow on both bundled samples: a first run extracts them, a second
run skips them because their bytes and the pipeline version are unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from thaidoc.flows import ingest


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_flow_ingests_both_samples_then_skips_them(tmp_path: Path, samples_dir: Path) -> None:
    plans = sorted(str(p) for p in samples_dir.glob("dga_*.pdf"))
    assert len(plans) == 2
    out = tmp_path / "out"

    first = ingest(plans, out_dir=str(out))
    assert [s["status"] for s in first] == ["ok", "ok"]

    projects = pd.read_csv(out / "dataset" / "projects.csv", encoding="utf-8-sig")
    # 20 projects in the FY2567 plan, 17 in the FY2564 report.
    assert projects.groupby("fiscal_year")["project_no"].nunique().to_dict() == {2564: 17, 2567: 20}

    second = ingest(plans, out_dir=str(out))
    assert [s["status"] for s in second] == ["cached", "cached"]
    assert [s["doc_id"] for s in second] == [s["doc_id"] for s in first]
