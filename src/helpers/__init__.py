"""Analysis suite for the interim and year-end reports of a municipal welfare department.

One module per job: `finnish` (numbers and dates), `config` (paths, entity config),
`ingest` (raw exports), `schemas` (pandera models), `income_statement` (budget tables),
`audit` and `statement_audit` (recomputed printed values), `report` (the management report:
one module per section, rendered by Jinja templates), `runner` (papermill orchestration), `cli`
(argument parsing).
"""

__version__ = "0.1.0"
