"""A deliberately broken copy of the FY2568 plan for the cross-checks: project ๗ is left
out (numbers jump from ๖ to ๘) and the KPI weights sum to 105."""

from __future__ import annotations

from ldo_action_plan_2568_tables import (  # type: ignore[import-not-found]
    STRATEGY_2,
    TOTAL_BAHT,
    kpi_levels_table,
    projects_table,
    year_targets_table,
)

TABLES = {
    "projects": projects_table([p for p in STRATEGY_2 if p[0] != "๗"], TOTAL_BAHT),
    "kpi_levels": kpi_levels_table(("๓๐", "๓๕", "๒๐", "๒๐")),
    "year_targets": year_targets_table(),
}
