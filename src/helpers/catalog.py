"""The catalog: every dataset of a period named once, with its file, stage, schema and meaning.

Stages read and write processed data only through this module. Asking for a dataset the
catalog does not know is an error (a typo must never read as "no data"); a dataset the
catalog knows but the period lacks reads as an empty frame ("ei tietoa" downstream). Every
write is validated against the dataset's schema and checked against the stage that owns it.

Raw tables are declared by their ``TableSpec`` (helpers.schemas): the catalog adopts each
one as a clean-stage dataset. Datasets computed by a stage are declared here, column by
column; data/raw/README.md's table of processed datasets is generated from these
declarations (``python -m helpers.catalog``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandas.api import types

from helpers.config import EntityConfig
from helpers.income_statement import MEASURES
from helpers.schemas import TABLES, TableSpec, processed_schema
from helpers.statement_conventions import ORIGINS

# The stages, in run order; each writes only its own datasets.
CLEAN_STAGE, INDICATOR_STAGE, FORECAST_STAGE, REPORT_STAGE = (
    "10_clean",
    "20_indicators",
    "30_forecast",
    "40_report",
)
STAGES = (CLEAN_STAGE, INDICATOR_STAGE, FORECAST_STAGE, REPORT_STAGE)

# Column kinds of computed datasets, checked by family (pandas has several string dtypes).
_KIND_CHECKS: dict[str, Callable[[pd.Series], bool]] = {
    "text": lambda s: types.is_string_dtype(s) or types.is_object_dtype(s),
    "float": types.is_float_dtype,
    "int": lambda s: types.is_integer_dtype(s),
    "number": lambda s: types.is_numeric_dtype(s) and not types.is_bool_dtype(s),
    "bool": types.is_bool_dtype,
    "date": types.is_datetime64_any_dtype,
}


class UnknownDatasetError(LookupError):
    """A dataset name the catalog does not declare (a typo, or a table never added to it).
    Not a KeyError on purpose: ``Mapping.get`` must not swallow it as "absent"."""


@dataclass(frozen=True)
class Column:
    """One column of a computed dataset: name, kind (see ``_KIND_CHECKS``) and meaning."""

    name: str
    kind: str
    doc: str = ""
    nullable: bool = True


@dataclass(frozen=True)
class Dataset:
    """A processed dataset: ``<processed>/<entity>/<period_end>/<name>.parquet``."""

    name: str
    stage: str
    description: str
    columns: tuple[Column, ...] = ()  # computed datasets; raw ones take theirs from ``raw``
    raw: TableSpec | None = None  # the raw file it is parsed from
    raw_stem: str = ""  # raw file stem when not described by a TableSpec (the statements)
    schema_factory: Callable[[EntityConfig], pa.DataFrameSchema] | None = None
    also_written: str = ""  # an extra file the stage writes beside the parquet

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"

    @property
    def raw_file_stem(self) -> str:
        return self.raw.stem if self.raw else self.raw_stem

    def schema(self, config: EntityConfig) -> pa.DataFrameSchema:
        if self.raw is not None:
            return processed_schema(self.raw)
        if self.schema_factory is not None:
            return self.schema_factory(config)
        return _columns_schema(self.columns)


def _columns_schema(columns: tuple[Column, ...]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(
                checks=pa.Check(_KIND_CHECKS[c.kind], element_wise=False, error=c.kind),
                nullable=c.nullable,
            )
            for c in columns
        },
        strict=True,
        ordered=True,
    )


DATASETS: dict[str, Dataset] = {}


def _declare(dataset: Dataset) -> Dataset:
    if dataset.name in DATASETS:
        raise ValueError(f"dataset '{dataset.name}' is declared twice")
    if dataset.stage not in STAGES:
        raise ValueError(f"dataset '{dataset.name}' names unknown stage '{dataset.stage}'")
    DATASETS[dataset.name] = dataset
    return dataset


def dataset(name: str) -> Dataset:
    """The declared dataset ``name``; ``UnknownDatasetError`` (listing the known) otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise UnknownDatasetError(f"unknown dataset '{name}' (the catalog has: {known})") from None


def _ref(item: Dataset | str) -> Dataset:
    return item if isinstance(item, Dataset) else dataset(item)


def stage_outputs(stage: str) -> tuple[Dataset, ...]:
    return tuple(d for d in DATASETS.values() if d.stage == stage)


# --- The clean stage ----------------------------------------------------------------------


def _statement_schema(lines: Callable[[EntityConfig], list[str]]):
    def build(config: EntityConfig) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            {
                "unit": pa.Column(str, pa.Check.isin([u.label for u in config.units])),
                "line": pa.Column(str, pa.Check.isin(lines(config))),
                "measure": pa.Column(str, pa.Check.isin(list(MEASURES))),
                "year": pa.Column(int, pa.Check.in_range(2000, 2100)),
                "months": pa.Column(int, pa.Check.in_range(1, 12)),
                "amount": pa.Column(float, nullable=False),
                "header": pa.Column(str),
                "origin": pa.Column(str, pa.Check.isin(list(ORIGINS))),
                "amount_low": pa.Column(float, nullable=True),
                "amount_high": pa.Column(float, nullable=True),
            },
            unique=["unit", "line", "measure"],
            strict=True,
        )

    return build


def _audit_schema(_config: EntityConfig) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "file": pa.Column(str),
            "item": pa.Column(str),
            "check": pa.Column(str),
            "printed": pa.Column(float, nullable=True),  # blank for a suppressed survey figure
            "recomputed": pa.Column(float, nullable=True),
            "difference": pa.Column(float, nullable=True),
            "tolerance": pa.Column(float, pa.Check.ge(0)),
            "severity": pa.Column(str, pa.Check.isin(["ok", "info", "error"])),
            "note": pa.Column(str),
        },
        strict=True,
        ordered=True,
    )


INCOME_STATEMENT = _declare(
    Dataset(
        "income_statement",
        CLEAN_STAGE,
        "`unit` (as exported), `line`, `measure` (`tp` last year's full-year actual, "
        "`tot_prior` last year's actual to the same date, `ta` budget incl. changes, `tot` "
        "actual to date; a measure the export lacks has no rows), `year`, `months` (12 or the "
        "months to date), `amount` (euros, income positive and costs negative whatever the "
        "export's `sign_convention`; subtotals checked against their parts, see below), "
        "`header` (the column label the export printed, or the suite's own for a recomputed "
        "measure), `origin` (`printed`; `computed`: a subtotal or department sum the suite "
        "added or replaced, or TA = TOT + Jäljellä; `derived`: TA from TOT and a printed "
        "TOT-%), `amount_low` and `amount_high` (the range a derived amount's printed "
        "rounding allows; empty otherwise)",
        raw_stem="tuloslaskelma",
        schema_factory=_statement_schema(lambda config: list(config.line_names)),
    )
)
BUDGET_SUMMARY = _declare(
    Dataset(
        "budget_summary",
        CLEAN_STAGE,
        "as `income_statement`, lines TULOT, MENOT, NETTO",
        raw_stem="talousarvio_yhteenveto",
        schema_factory=_statement_schema(lambda config: list(config.summary_lines)),
    )
)
AUDIT = _declare(
    Dataset(
        "audit",
        CLEAN_STAGE,
        "`file`, `item`, `check`, `printed`, `recomputed`, `difference` (printed − "
        "recomputed; the three are blank for a survey figure of a group smaller than 5), "
        "`tolerance`, `severity` (`ok`, `info` within the rounding tolerance, `error`), `note`",
        raw_stem="*",
        schema_factory=_audit_schema,
        also_written="audit.csv",
    )
)
# Every raw table of the registry, under the name its spec gives it.
RAW_DATASETS = {
    spec.name: _declare(Dataset(spec.name, CLEAN_STAGE, spec.doc, raw=spec)) for spec in TABLES
}


def _raw(name: str) -> Dataset:
    return RAW_DATASETS[name]


POPULATION = _raw("population")
KEY_FIGURES = _raw("key_figures")
EXTERNAL_FUNDING = _raw("external_funding")
WELLBEING_INDEX = _raw("wellbeing_index")
OCCUPANCY = _raw("occupancy")
FREE_PLACES = _raw("free_places")
WELFARE_GROUP_MEETINGS = _raw("welfare_group_meetings")
SURVEYS = _raw("surveys")
VISITORS = _raw("visitors")
OTHER_METRICS = _raw("other_metrics")
GOALS = _raw("goals")
GOAL_REALISATIONS = _raw("goal_realisations")
ASSESSMENTS = _raw("assessments")
PROJECTS = _raw("projects")
INVESTMENTS = _raw("investments")
INVESTMENT_ITEMS = _raw("investment_items")
RISKS = _raw("risks")
FORECAST_ADJUSTMENTS = _raw("forecast_adjustments")
MONTHLY_ACTUALS = _raw("monthly_actuals")
MANAGEMENT_ESTIMATES = _raw("management_estimates")
NATIONAL_REFERENCES = _raw("national_references")
SERVICE_VOLUMES = _raw("service_volumes")
FUNCTION_NET_COSTS = _raw("function_net_costs")
UNIT_TEXTS = _raw("unit_texts")
ENVIRONMENT_CHANGES = _raw("environment_changes")


# --- The indicator stage ------------------------------------------------------------------


def _cols(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_PER_CAPITA_COLUMNS = _cols(
    ("unit", "text"),
    ("basis", "text", "`TP yyyy`, `TA yyyy` or `Ennuste yyyy`"),
    ("net_cost", "float", "−toimintakate, euros"),
    ("population", "int", "latest known at the period end"),
    ("eur_per_resident", "float"),
)
BUDGET_REALISATION = _declare(
    Dataset(
        "budget_realisation",
        INDICATOR_STAGE,
        "Every unit × line against the budget and the pace of the year.",
        _cols(
            ("unit", "text"),
            ("line", "text"),
            ("budget", "float", "TA"),
            ("actual", "float", "TOT to date"),
            ("prior_year", "float", "TP"),
            ("remaining", "float", "TA − TOT"),
            ("realisation_pct", "float", "TOT-%"),
            ("prior_actual", "float", "last year's actual to the same date"),
            ("change_eur", "float", "TOT − last year's TOT, signed (costs negative)"),
            ("change_pct", "float", "change_eur ÷ |last year's TOT| × 100: same sign as euros"),
            ("elapsed_pct", "float", "share of the year elapsed"),
            ("pace_deviation_points", "float", "TOT-% − elapsed %"),
            ("ahead_of_pace", "bool"),
        ),
    )
)
PER_CAPITA = _declare(
    Dataset("per_capita", INDICATOR_STAGE, "Net cost per resident, TP and TA.", _PER_CAPITA_COLUMNS)
)
KEY_FIGURE_RECONCILIATION = _declare(
    Dataset(
        "key_figure_reconciliation",
        INDICATOR_STAGE,
        "Published €/asukas key figures against the recomputed ones.",
        _cols(
            ("unit", "text"),
            ("year", "int"),
            ("published_as", "text"),
            ("figures", "text"),
            ("published", "float"),
            ("basis", "text"),
            ("recomputed", "float"),
            ("difference", "float", "published − recomputed, €/asukas"),
            ("difference_eur", "float", "difference × population"),
            ("explanation", "text", "rounding, or the gap taken apart in Finnish words"),
        ),
    )
)
HYTE = _declare(
    Dataset(
        "hyte",
        INDICATOR_STAGE,
        "The HYTE coefficient (€/asukas only) against its target, the previous year and the "
        "municipalities' mean and range.",
        _cols(
            ("comparison", "text"),
            ("reference", "float"),
            ("value", "float", "€/asukas as reported"),
            ("difference", "float"),
            ("euro_effect", "float", "difference × population"),
            ("source", "text", "where the reference comes from"),
            ("value_eur", "float", "value × population"),
            ("population", "int"),
        ),
    )
)
SURVEY_SHARES = _declare(
    Dataset(
        "survey_shares",
        INDICATOR_STAGE,
        "Survey shares with 95 % Wilson intervals (widened to the print's rounding when only "
        "a percentage is printed); cells of fewer than 5 suppressed.",
        _cols(
            ("survey", "text"),
            ("measure", "text"),
            ("respondents", "int"),
            ("count", "number", "blank where suppressed (a group smaller than 5)"),
            ("count_derived", "bool"),
            ("share_pct", "float"),
            ("printed_pct", "float"),
            ("suppressed", "bool"),
            ("ci_low", "float", "95 % Wilson"),
            ("ci_high", "float", "95 % Wilson"),
            ("reference_type", "text"),
            ("reference_value", "float"),
            ("judgement", "text"),
            ("count_low", "number", "fewest respondents the printed figure allows"),
            ("count_high", "number", "most respondents the printed figure allows"),
            ("share_basis", "text", "`laskettu lukumäärästä` or `julkaistu pyöristetty osuus`"),
            ("complement_pct", "float", "the other answer group: 100 − share_pct"),
            ("complement_ci_low", "float"),
            ("complement_ci_high", "float"),
            ("complement_reference_value", "float", "100 − reference_value"),
            ("check_note", "text", "why the result must be checked (far from national level)"),
        ),
    )
)
GOAL_STATUSES = _declare(
    Dataset(
        "goal_statuses",
        INDICATOR_STAGE,
        "The `goals` columns plus `status`, the latest printed status (`Ei tietoa` when none "
        "is known yet).",
        tuple(Column(f.name, "text") for f in _raw("goals").raw.fields)
        + _cols(("source_file", "text"), ("source_row", "int"), ("status", "text")),
    )
)
RISK_MATRIX = _declare(
    Dataset(
        "risk_matrix",
        INDICATOR_STAGE,
        "Count of risks per significance × probability.",
        _cols(("significance", "int"), ("probability", "int"), ("risks", "int", "count")),
    )
)
OCCUPANCY_SUMMARY = _declare(
    Dataset(
        "occupancy_summary",
        INDICATOR_STAGE,
        "The period's occupancy rates summarised.",
        _cols(
            ("average_pct", "float", "mean of the monthly rates"),
            ("min_pct", "float"),
            ("max_pct", "float"),
            ("months", "int"),
        ),
    )
)
_PROJECT_TOTAL_COLUMNS = _cols(
    ("projects", "int"),
    ("total_funding", "float"),
    ("city_share_eur", "float"),
    ("external_eur", "float"),
)
PROJECT_DETAILS = _declare(
    Dataset(
        "project_details",
        INDICATOR_STAGE,
        "The `projects` columns plus the city's and the external share in euros, spending.",
        tuple(
            Column(f.name, "number" if f.kind == "number" else "text")
            for f in _raw("projects").raw.fields
        )
        + _cols(
            ("source_file", "text"),
            ("source_row", "int"),
            ("city_share_eur", "float"),
            ("external_eur", "float"),
            ("spending_pct", "float"),
            ("spent_eur", "float"),
            ("end_year", "int"),
            ("ends_this_year", "bool"),
        ),
    )
)
PROJECT_TOTALS_BY_FUNDER = _declare(
    Dataset(
        "project_totals_by_funder",
        INDICATOR_STAGE,
        "Project funding summed per funder.",
        _cols(("funder", "text")) + _PROJECT_TOTAL_COLUMNS,
    )
)
PROJECT_TOTALS_BY_GOAL = _declare(
    Dataset(
        "project_totals_by_goal",
        INDICATOR_STAGE,
        "Project funding summed per strategic goal.",
        _cols(("strategic_goal", "text")) + _PROJECT_TOTAL_COLUMNS,
    )
)

_UNIT_COST_COLUMNS = _cols(
    ("function", "text", "tehtävä, as in key_figure_units"),
    ("unit", "text"),
    ("basis", "text", "`TP yyyy`, `TA yyyy` or `Ennuste yyyy`"),
    ("year", "int"),
    ("unit_of_measure", "text", "€/oppilas, €/lapsi, …"),
    ("volume_name", "text"),
    ("net_cost", "float", "the function's net cost, euros"),
    ("split_share", "float", "the function's share of its unit's net cost"),
    ("split_rule", "text", "how the unit's net cost was split (Finnish)"),
    ("volume", "float"),
    ("volume_status", "text", "`julkaistu` or `johdettu julkaistuista tunnusluvuista`"),
    ("computed", "float", "net_cost ÷ volume"),
    ("computed_low", "float", "with the volume's high end"),
    ("computed_high", "float", "with the volume's low end"),
    ("published", "float"),
    ("published_as", "text", "Toteutuma, Ennuste or Tavoite"),
    ("difference", "float", "published − computed"),
    ("explanation", "text", "Finnish"),
)
UNIT_COST_VOLUMES = _declare(
    Dataset(
        "unit_cost_volumes",
        INDICATOR_STAGE,
        "The service volume behind every unit cost: given in `service_volumes`, or derived "
        "as €/asukas × asukasluku ÷ €/unit from the published key figures.",
        _cols(
            ("function", "text"),
            ("volume_name", "text", "oppilaat, lapset, …"),
            ("unit_of_measure", "text", "the unit cost it divides: €/oppilas, …"),
            ("year", "int"),
            ("volume", "float"),
            ("volume_low", "float", "lowest the printed figures' rounding allows"),
            ("volume_high", "float", "highest the printed figures' rounding allows"),
            ("status", "text", "`julkaistu` or `johdettu julkaistuista tunnusluvuista`"),
            ("derivation", "text", "the source, or the arithmetic with its figures"),
            ("per_resident", "float", "published €/asukas used"),
            ("per_unit", "float", "published €/unit used"),
            ("population", "float", "residents used"),
            ("population_date", "date"),
            ("statistical_date", "date", "from `service_volumes`"),
            ("definition", "text"),
            ("source", "text", "where the count is (or can be checked)"),
        ),
    )
)
FUNCTION_COSTS = _declare(
    Dataset(
        "function_costs",
        INDICATOR_STAGE,
        "Each function's (tehtävä's) part of its unit's net cost, TP and TA, with the rule.",
        _cols(
            ("unit", "text"),
            ("function", "text"),
            ("basis", "text"),
            ("year", "int"),
            ("unit_net_cost", "float", "−toimintakate of the unit"),
            ("share", "float"),
            ("net_cost", "float"),
            ("split_rule", "text", "Finnish"),
        ),
    )
)
UNIT_COSTS = _declare(
    Dataset(
        "unit_costs",
        INDICATOR_STAGE,
        "Unit costs (€/oppilas, €/lapsi, …) for TP and TA against the published figures.",
        _UNIT_COST_COLUMNS,
    )
)

# --- The forecast stage -------------------------------------------------------------------

FORECAST = _declare(
    Dataset(
        "forecast",
        FORECAST_STAGE,
        "Year-end forecast of every unit × line; subtotals and the department are sums of "
        "their parts for the point, every method and the interval.",
        _cols(
            ("unit", "text"),
            ("line", "text"),
            ("budget", "float"),
            ("actual", "float"),
            ("seasonal", "float", "multi-year seasonal profile"),
            ("profile", "float", "last year's profile"),
            ("run_rate", "float", "straight-line pace"),
            ("budget_pace", "float", "actual + budget × months left"),
            ("method", "text", "the chosen method, `budget` (ei kertymää), `actual` or `summa`"),
            ("reason", "text", "why, in Finnish"),
            ("flag", "text", "`ei kertymää` or empty"),
            ("method_forecast", "float", "the chosen method's value"),
            ("adjustment", "float", "known adjustments"),
            ("forecast", "float", "method_forecast + adjustment"),
            ("department_only", "float", "the part of a department row no service area carries"),
            ("interval_low", "float", "80 % forecast interval, always around the forecast"),
            ("interval_high", "float"),
            ("interval_name", "text", "`80 %:n ennusteväli`"),
            ("interval_basis", "text", "where the width comes from"),
            ("range_low", "float", "the interval under its old name"),
            ("range_high", "float"),
            ("deviation_eur", "float", "forecast − budget"),
            ("deviation_pct", "float"),
            ("deviation_label", "text", "`suotuisa`, `epäsuotuisa` or `talousarvion mukainen`"),
            ("pace_deviation", "float", "actual − budget × elapsed"),
            ("pace_label", "text"),
            ("interval_side", "text", "`suotuisa` / `epäsuotuisa`: the whole interval on one side"),
            ("outside_budget", "text", "the same as `above`, `below` or empty"),
        ),
    )
)
FORECAST_MANAGEMENT = _declare(
    Dataset(
        "forecast_management",
        FORECAST_STAGE,
        "Management's estimates (johdon_arviot) beside the model: every unit's net margin and "
        "each line management has an estimate for.",
        _cols(
            ("unit", "text"),
            ("line", "text"),
            ("budget", "float"),
            ("model_forecast", "float"),
            ("interval_low", "float"),
            ("interval_high", "float"),
            ("model_deviation", "float", "model − budget"),
            ("model_direction", "text", "within the threshold: `talousarvion mukainen`"),
            ("management_amount", "float", "euros, or empty"),
            ("management_direction", "text"),
            ("difference_eur", "float", "model − management"),
            ("threshold_eur", "float", "max(1 % of the budget, 10 000 €)"),
            ("in_interval", "bool", "management's euros inside the model's interval"),
            ("disagreement", "bool"),
            ("text", "text", "the assessment"),
            ("date", "date"),
        ),
    )
)
FORECAST_PER_CAPITA = _declare(
    Dataset(
        "forecast_per_capita",
        FORECAST_STAGE,
        "As `per_capita`, basis `Ennuste yyyy`.",
        _PER_CAPITA_COLUMNS,
    )
)
FORECAST_UNIT_COSTS = _declare(
    Dataset(
        "forecast_unit_costs",
        FORECAST_STAGE,
        "As `unit_costs`, basis `Ennuste yyyy` (the forecast against the published target).",
        _UNIT_COST_COLUMNS,
    )
)
FORECAST_BACKTEST = _declare(
    Dataset(
        "forecast_backtest",
        FORECAST_STAGE,
        "Backtest of the methods at the period's month (only with monthly history).",
        _cols(
            ("regime", "text", "`history` (monthly history) or `statement` (statement alone)"),
            ("method", "text", "a method, `default` or `default_unit_total`"),
            ("mape_pct", "float", "mean absolute percentage error"),
            ("mase", "float", "mean absolute error ÷ the mean yearly change"),
            ("coverage_pct", "float", "held-out years inside the 80 % interval"),
            ("cases", "int"),
            ("years", "int"),
        ),
    )
)


# --- Reading and writing ------------------------------------------------------------------


def read(folder: Path, item: Dataset | str) -> pd.DataFrame:
    """A dataset of a period, or an empty frame when the period has none."""
    path = Path(folder) / _ref(item).file_name
    return pd.read_parquet(path, engine="pyarrow") if path.is_file() else pd.DataFrame()


def read_all(folder: Path) -> Tables:
    """Every dataset the period has, by name, behind the catalog's name check."""
    folder = Path(folder)
    return Tables(
        {d.name: read(folder, d) for d in DATASETS.values() if (folder / d.file_name).is_file()}
    )


def validate(item: Dataset | str, frame: pd.DataFrame, config: EntityConfig) -> pd.DataFrame:
    """Check one output against its dataset's schema."""
    return _ref(item).schema(config).validate(frame)


def _owned(name: str, stage: str) -> Dataset:
    ds = dataset(name)
    if ds.stage != stage:
        raise ValueError(f"stage {stage} may not write '{name}' (it belongs to {ds.stage})")
    return ds


def validate_stage(tables: Mapping[str, pd.DataFrame], config: EntityConfig, *, stage: str) -> None:
    """Check that every table is a dataset of ``stage`` and matches its schema."""
    for name, frame in tables.items():
        validate(_owned(name, stage), frame, config)


def write_frames(folder: Path, tables: Mapping[str, pd.DataFrame], *, stage: str) -> list[Path]:
    """Write validated outputs of ``stage``: each to a temporary file renamed into place, so a
    reader never sees half a file. Returns the written paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in sorted(tables.items()):
        path = folder / _owned(name, stage).file_name
        partial = path.with_name(f".{path.name}.partial")
        frame.to_parquet(partial, index=False, engine="pyarrow")
        os.replace(partial, path)
        written.append(path)
    return written


def write_stage(
    folder: Path, tables: Mapping[str, pd.DataFrame], config: EntityConfig, *, stage: str
) -> list[Path]:
    """Validate every output of a stage first, then write them all."""
    validate_stage(tables, config, stage=stage)
    return write_frames(folder, tables, stage=stage)


class Tables(Mapping[str, pd.DataFrame]):
    """A period's datasets by name; an undeclared name is an error, an absent one is empty."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]) -> None:
        for name in frames:
            dataset(name)
        self._frames = dict(frames)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._frames.get(dataset(name).name, pd.DataFrame())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dataset(name).name in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def get(self, name: str, default=None) -> pd.DataFrame:
        """Like ``tables[name]``: an absent dataset is an empty frame, a typo an error."""
        return self[name]


# --- Documentation ------------------------------------------------------------------------


def readme_table() -> str:
    """The "Processed tables" table of data/raw/README.md, generated from the declarations."""
    rows = ["| table | stage | raw file | columns |", "|---|---|---|---|"]
    for ds in DATASETS.values():
        if ds.raw is not None:
            columns = ", ".join(
                [f"`{f.name}` ({f.label})" for f in ds.raw.fields]
                + [f"`{name}` ({doc})" for name, _kind, doc in ds.raw.added]
            )
        elif ds.columns:
            columns = ", ".join(
                f"`{c.name}`" + (f" ({c.doc})" if c.doc else "") for c in ds.columns
            )
            columns = f"{ds.description} {columns}"
        else:
            columns = ds.description
        name = f"`{ds.name}`" + (f" (also `{ds.also_written}`)" if ds.also_written else "")
        raw = (
            f"`{ds.raw_file_stem}`"
            if ds.raw_file_stem not in ("", "*")
            else ("all" if ds.raw_file_stem == "*" else "–")
        )
        rows.append(f"| {name} | {ds.stage} | {raw} | {columns} |")
    return "\n".join(rows) + "\n"


README_BEGIN = "<!-- catalog:begin (generated by `python -m helpers.catalog`; do not edit) -->"
README_END = "<!-- catalog:end -->"


def rewrite_readme(path: Path) -> bool:
    """Replace the generated block of ``path``; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    updated = f"{head}{README_BEGIN}\n{readme_table()}{README_END}{tail}"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from helpers.config import PROJECT_ROOT

    changed = rewrite_readme(PROJECT_ROOT / "data" / "raw" / "README.md")
    print("data/raw/README.md", "updated" if changed else "already up to date")
