"""The DuckDB warehouse of the merged dataset: its tables with their keys, and first views.

``build_warehouse`` reads the folder's ``datapackage.json`` (columns, types, primary and
foreign keys) and its Parquet files, and writes one DuckDB file. It is built inside the
dataset folder while that folder is being written, so it is swapped in with the rest.

Views:

- ``budget_by_strategy_year``: the action plans' budgets summed per agency, fiscal year and
  strategy, with the number of projects and of budget lines still pending or unfunded.
- ``plan_targets_vs_results``: every project of an action plan with its targets, beside
  the results reported for the same project (same ``project_key``) in any performance
  report, whatever its year.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

WAREHOUSE_FILE = "warehouse.duckdb"

SQL_TYPES = {
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "string": "VARCHAR",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
}

VIEWS = {
    "budget_by_strategy_year": """
        SELECT d.agency, b.fiscal_year, p.strategy_no,
               count(DISTINCT b.project_no) AS projects,
               CAST(sum(b.amount_thb) AS BIGINT) AS amount_thb,
               count(*) FILTER (WHERE b.status = 'pending') AS pending_lines,
               count(*) FILTER (WHERE b.status = 'none') AS unfunded_lines
        FROM budgets AS b
        JOIN projects AS p USING (doc_id, project_no)
        JOIN documents AS d USING (doc_id)
        WHERE d.doc_type = 'action_plan'
        GROUP BY d.agency, b.fiscal_year, p.strategy_no
        ORDER BY d.agency, b.fiscal_year, p.strategy_no
    """,
    "plan_targets_vs_results": """
        WITH plan_projects AS (
            SELECT p.* FROM projects AS p JOIN documents AS d USING (doc_id)
            WHERE d.doc_type = 'action_plan'
        ),
        report_projects AS (
            SELECT p.* FROM projects AS p JOIN documents AS d USING (doc_id)
            WHERE d.doc_type = 'performance_report'
        ),
        project_targets AS (
            SELECT i.doc_id, TRY_CAST(i.owner_no AS BIGINT) AS project_no,
                   list({'indicator': i.name, 'value': t.value, 'unit': t.unit,
                         'text': t.text} ORDER BY i.indicator_id, t.kind, t.label) AS targets
            FROM indicators AS i JOIN targets AS t USING (doc_id, indicator_id)
            WHERE i.scope = 'project'
            GROUP BY i.doc_id, TRY_CAST(i.owner_no AS BIGINT)
        ),
        project_results AS (
            SELECT doc_id, project_no,
                   list({'value': value, 'unit': unit, 'text': text}
                        ORDER BY result_no) AS results
            FROM results WHERE project_no IS NOT NULL
            GROUP BY doc_id, project_no
        )
        SELECT plan.project_key,
               plan.fiscal_year AS plan_fiscal_year, plan.doc_id AS plan_doc_id,
               plan.project_no AS plan_project_no, plan.name AS plan_project_name,
               coalesce(pt.targets, []) AS targets,
               report.fiscal_year AS report_fiscal_year, report.doc_id AS report_doc_id,
               report.project_no AS report_project_no, report.name AS report_project_name,
               coalesce(pr.results, []) AS results
        FROM plan_projects AS plan
        LEFT JOIN project_targets AS pt
            ON pt.doc_id = plan.doc_id AND pt.project_no = plan.project_no
        LEFT JOIN report_projects AS report ON report.project_key = plan.project_key
        LEFT JOIN project_results AS pr
            ON pr.doc_id = report.doc_id AND pr.project_no = report.project_no
        ORDER BY plan.fiscal_year, plan.doc_id, plan.project_no,
                 report.fiscal_year, report.doc_id
    """,
}


def build_warehouse(dataset: Path, path: Path) -> None:
    """Write the DuckDB file ``path`` from ``dataset``'s datapackage.json and Parquet files."""
    package = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(path)) as con:
        for resource in package["resources"]:
            con.execute(create_table_sql(resource["name"], resource["schema"]))
            parquet = dataset / f"{resource['name']}.parquet"
            con.execute(insert_sql(resource["name"], resource["schema"]), [str(parquet)])
        for name, query in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {query}")


def create_table_sql(table: str, schema: dict[str, Any]) -> str:
    columns = [f"{field['name']} {SQL_TYPES[field['type']]}" for field in schema["fields"]]
    keys = [f"PRIMARY KEY ({', '.join(schema['primaryKey'])})"]
    keys += [
        f"FOREIGN KEY ({', '.join(fk['fields'])}) "
        f"REFERENCES {fk['reference']['resource']} ({', '.join(fk['reference']['fields'])})"
        for fk in schema["foreignKeys"]
    ]
    return f"CREATE TABLE {table} ({', '.join(columns + keys)})"


def insert_sql(table: str, schema: dict[str, Any]) -> str:
    """Parquet keeps dates and times as ISO text; the warehouse types them."""
    columns = [f"CAST({field['name']} AS {SQL_TYPES[field['type']]})" for field in schema["fields"]]
    return f"INSERT INTO {table} SELECT {', '.join(columns)} FROM read_parquet(?)"
