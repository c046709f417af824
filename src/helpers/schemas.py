"""Raw table specifications and the pandera schemas built from them.

Each raw file is described once, by a ``TableSpec``: its printed column labels, the English
column names of its processed table, value kinds, required cells, allowed values and keys.
From that one description come the parser, the pandera schema of the parsed raw table, the
pandera schema of the processed table and the documentation check in the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from helpers.errors import InputDataError
from helpers.finnish import format_date

# Value kinds of a raw column (BOOLEAN only for columns the clean stage adds).
TEXT, NUMBER, INTEGER, DATE, MONTH = "text", "number", "integer", "date", "month"
BOOLEAN = "boolean"
# Where the file lives: data/raw/<entity>/, data/raw/<entity>/<period_end>/ or data/raw/.
ENTITY, PERIOD, NATIONAL = "entity", "period", "national"

GOAL_STATUSES = ("Toteutuu", "Toteutuu osittain", "Ei toteudu", "Ei tietoa")
# The chapters of an interim report's running text per unit, in the order they are printed.
TEXT_CHAPTERS = (
    "Kuvaus toiminnasta",
    "Toimintaympäristö ja sen muutokset",
    "Toiminnan painopistealueet",
)


@dataclass(frozen=True)
class Field:
    """One printed column. ``label`` may hold ``{year}``, ``{prev}`` and ``{month}``, filled in
    from the period, so that a file of another period is rejected by its headers."""

    label: str
    name: str
    kind: str = TEXT
    required: bool = True
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    doc: str = ""
    unit: str | None = None  # sign a number may end with (€, %); default from the label

    def printed_label(self, period_end: dt.date) -> str:
        return self.label.format(
            year=period_end.year, prev=period_end.year - 1, month=period_end.month
        )


@dataclass(frozen=True)
class TableSpec:
    name: str  # processed table name (parquet file stem)
    stem: str  # raw file stem
    scope: str  # ENTITY or PERIOD
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    as_of: str | None = None  # date field: rows after the period end are not yet known
    total_label: tuple[str, str] | None = None  # (field, label) of a printed total row
    doc: str = ""
    # Columns the clean stage adds after reading (name, kind, meaning), e.g. the
    # disclosure-control flag.
    added: tuple[tuple[str, str, str], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def dtype_of(kind: str):
    return {
        TEXT: pd.StringDtype(),
        NUMBER: pd.Float64Dtype(),
        INTEGER: pd.Int64Dtype(),
        DATE: "datetime64[ns]",
        MONTH: "datetime64[ns]",
        BOOLEAN: pd.BooleanDtype(),
    }[kind]


def _checks(field: Field) -> list[pa.Check]:
    checks = []
    if field.allowed:
        checks.append(pa.Check.isin(list(field.allowed)))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum))
    return checks


def processed_schema(spec: TableSpec, with_added: bool = True) -> pa.DataFrameSchema:
    """Schema of the processed (parsed, renamed) table, with its provenance columns and, unless
    ``with_added`` is false (the table as read, before the clean stage), the added columns."""
    columns = {
        f.name: pa.Column(dtype_of(f.kind), checks=_checks(f), nullable=not f.required)
        for f in spec.fields
    }
    columns["source_file"] = pa.Column(pd.StringDtype())
    columns["source_row"] = pa.Column(pd.Int64Dtype(), pa.Check.ge(1))
    for name, kind, _doc in spec.added if with_added else ():
        columns[name] = pa.Column(dtype_of(kind), nullable=False)
    return pa.DataFrameSchema(
        columns, unique=list(spec.key) or None, strict=True, ordered=True, coerce=False
    )


def validate(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    file: str,
    labels: dict,
    row_column: str = "source_row",
) -> None:
    """Validate with pandera; the first failure becomes an ``InputDataError`` naming the
    file, the row (from ``row_column``) and the printed column label.

    A check built with ``error="..."`` reports that text followed by the value; a duplicate
    key is reported on its second occurrence with the row of the first.
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        duplicates = cases["check"].astype(str).str.contains("uniqueness")
        if duplicates.all():
            raise _duplicate_error(frame, list(schema.unique), file, labels, row_column) from None
        first = cases[~duplicates].iloc[0]
        column = first["column"] if isinstance(first["column"], str) else None
        index = first["index"]
        row = None
        if index is not None and not pd.isna(index) and int(index) in frame.index:
            row = int(frame.loc[int(index), row_column])
        check = str(first["check"])
        value = first["failure_case"]
        label = labels.get(column, column)
        if check == "not_nullable":
            reason = "value is missing"
        elif check.startswith("isin"):
            reason = f"value '{value}' is not allowed in '{label}'"
        elif "(" in check or check.startswith("dtype"):  # a built-in check such as ge(1)
            reason = f"value '{value}' fails the check {check}"
        else:  # a check with its own error text
            reason = f"{check} '{value}'"
        raise InputDataError(reason, file=file, row=row, column=label) from None


def _duplicate_error(
    frame: pd.DataFrame, key: list[str], file: str, labels: dict, row_column: str
) -> InputDataError:
    repeated = frame[frame.duplicated(subset=key, keep="first")].iloc[0]
    same = (frame[key] == repeated[key]).all(axis=1)
    first_row = int(frame.loc[same, row_column].iloc[0])

    def shown(value: object) -> str:
        if isinstance(value, pd.Timestamp):
            return format_date(value)
        return str(value)

    values = ", ".join(f"{labels.get(k, k)} '{shown(repeated[k])}'" for k in key)
    return InputDataError(
        f"duplicate row: {values} is already on row {first_row}",
        file=file,
        row=int(repeated[row_column]),
        column=labels.get(key[-1], key[-1]),
    )


def raw_statement_schema(
    units: list[str], lines: list[str], amounts: list[str]
) -> pa.DataFrameSchema:
    """The parsed income-statement export (printed column labels): known units and lines,
    one row per unit and line, every amount present."""
    columns = {
        "Yksikkö": pa.Column(str, pa.Check.isin(units, error="unknown unit")),
        "Rivi": pa.Column(str, pa.Check.isin(lines, error="unknown income-statement line")),
    }
    columns.update({label: pa.Column("Float64", nullable=False) for label in amounts})
    return pa.DataFrameSchema(columns, unique=["Yksikkö", "Rivi"], strict=False)


def _f(label, name, kind=TEXT, required=True, **kw) -> Field:
    return Field(label, name, kind, required, **kw)


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "population",
        "vaesto",
        ENTITY,
        (
            _f("Päivämäärä", "date", DATE, doc="date of the count (31.12.)"),
            _f("Asukasluku", "population", INTEGER, minimum=1, doc="residents"),
            _f("Lähde", "source", doc="statistical source"),
        ),
        key=("date",),
        as_of="date",
        doc="Population at year end (Statistics Finland), the denominator of €/asukas.",
    ),
    TableSpec(
        "key_figures",
        "tunnusluvut",
        ENTITY,
        (
            _f("Tunnusluku", "figure", doc="key figure as printed"),
            _f("Mittayksikkö", "unit_of_measure", doc="€/asukas, €/oppilas, %, …"),
            _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
            _f(
                "Arvon laji",
                "value_type",
                allowed=("Toteutuma", "Ennuste", "Tavoite"),
                doc="actual, forecast or target",
            ),
            _f("Arvo", "value", NUMBER),
        ),
        key=("figure", "unit_of_measure", "year"),
        doc="Tunnusluvut: key figures for three years as printed.",
    ),
    TableSpec(
        "external_funding",
        "ulkopuolinen_rahoitus",
        ENTITY,
        (
            _f("Palvelualue", "service_area", doc="as printed"),
            _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
            _f("Arvon laji", "value_type", allowed=("Toteutuma", "Ennuste", "Tavoite")),
            _f("Euroa", "amount", NUMBER, minimum=0, doc="euros", unit="€"),
        ),
        key=("service_area", "year"),
        doc="Ulkopuolinen rahoitus: external funding per service area and year (euros).",
    ),
    TableSpec(
        "wellbeing_index",
        "hyvinvointi_indeksi",
        ENTITY,
        (
            _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
            _f("Indeksi", "index", NUMBER, minimum=0, doc="2020 = 100"),
            _f("Huomautus", "note", required=False),
        ),
        key=("year",),
        doc="Heinola's wellbeing index series (2020 = 100).",
    ),
    TableSpec(
        "occupancy",
        "kayttoasteet",
        ENTITY,
        (
            _f("Kuukausi", "month", MONTH, doc="first day of the month"),
            _f("Käyttöaste %", "occupancy_pct", NUMBER, minimum=0, maximum=150),
        ),
        key=("month",),
        as_of="month",
        doc="Early-education occupancy rate by month (%).",
    ),
    TableSpec(
        "free_places",
        "vapaat_paikat",
        ENTITY,
        (
            _f("Päivämäärä", "date", DATE),
            _f(
                "Vapaat varhaiskasvatuspaikat %",
                "free_early_education_pct",
                NUMBER,
                minimum=0,
                maximum=100,
            ),
            _f("Vapaat esiopetuspaikat %", "free_pre_school_pct", NUMBER, minimum=0, maximum=100),
        ),
        key=("date",),
        as_of="date",
        doc="Free early-education and pre-school places, % of all places, by date.",
    ),
    TableSpec(
        "welfare_group_meetings",
        "opiskeluhuoltoryhmat",
        ENTITY,
        (
            _f("Alkupäivä", "start", DATE),
            _f("Loppupäivä", "end", DATE),
            _f("Kokoontumiset", "meetings", INTEGER, minimum=0),
        ),
        key=("start",),
        as_of="end",
        doc="Meetings of the communal student-welfare groups per period.",
    ),
    TableSpec(
        "surveys",
        "kyselyt",
        ENTITY,
        (
            _f("Kysely", "survey"),
            _f("Kohderyhmä", "target_group", required=False),
            _f("Ajankohta", "when", required=False),
            _f("Mittari", "measure"),
            _f("Vastaajia", "respondents", INTEGER, required=False, minimum=0),
            _f("Lukumäärä", "count", INTEGER, required=False, minimum=0),
            _f("Osuus %", "share_pct", NUMBER, required=False, minimum=0, maximum=100),
            _f("Arvo", "value", NUMBER, required=False),
            _f("Asteikko", "scale", required=False),
            _f("Vertailuarvo", "reference_value", NUMBER, required=False),
            _f("Vertailun laji", "reference_type", required=False),
            _f("Tarkkuus", "precision", required=False, allowed=("noin", "yli", "alle")),
        ),
        added=(
            (
                "suppressed",
                BOOLEAN,
                "true where `count`, `share_pct` and `value` are blanked: a group smaller than 5",
            ),
        ),
        doc="Survey results from the running text, one row per reported figure; figures of a "
        "group smaller than five are blanked and flagged ``suppressed`` by the clean stage.",
    ),
    TableSpec(
        "visitors",
        "kavijamaarat",
        ENTITY,
        (
            _f("Kohde", "venue"),
            _f("Alkupäivä", "start", DATE),
            _f("Loppupäivä", "end", DATE),
            _f("Kävijöitä", "visitors", INTEGER, minimum=0),
            _f("Tarkkuus", "precision", required=False, allowed=("noin", "yli", "alle")),
        ),
        key=("venue", "start"),
        as_of="end",
        doc="Visitor counts mentioned in goal realisations.",
    ),
    TableSpec(
        "other_metrics",
        "muut_mittarit",
        ENTITY,
        (
            _f("Mittari", "metric"),
            _f("Päivämäärä", "date", DATE, required=False, doc="empty for targets and facts"),
            _f("Arvo", "value", NUMBER),
            _f("Mittayksikkö", "unit_of_measure", required=False),
            _f("Lähde", "section", doc="report section the figure is printed in"),
        ),
        key=("metric", "date"),
        as_of="date",
        doc="Other numeric facts printed in the running text and goal tables.",
    ),
    TableSpec(
        "goals",
        "tavoitteet",
        ENTITY,
        (
            _f("Tunnus", "goal_id"),
            _f(
                "Taso",
                "level",
                allowed=("Strateginen mittari", "Valtuuston sitovuustaso", "Käyttösuunnitelma"),
            ),
            _f("Palvelualue", "unit_code", required=False),
            _f("Strateginen päämäärä", "strategic_goal"),
            _f("Tavoite", "goal", required=False),
            _f("Mittari ja tavoitetaso", "metric", required=False),
            _f("Vastuu", "responsible", required=False),
        ),
        key=("goal_id",),
        doc="Goals: strategic metrics, council-binding goals and operating-plan goals.",
    ),
    TableSpec(
        "goal_realisations",
        "tavoitteiden_toteuma",
        ENTITY,
        (
            _f("Tunnus", "goal_id"),
            _f("Päivämäärä", "date", DATE),
            _f("Toteuma", "realisation", required=False),
            _f("Tila", "status", required=False, allowed=GOAL_STATUSES),
        ),
        key=("goal_id", "date"),
        as_of="date",
        doc="Realisation text and status of each goal per reporting date.",
    ),
    TableSpec(
        "assessments",
        "arviot",
        PERIOD,
        (
            _f("Yksikkö", "unit"),
            _f("Aihe", "topic"),
            _f("Päivämäärä", "date", DATE),
            _f("Teksti", "text"),
        ),
        key=("unit", "topic", "text"),
        doc="Written assessments of budget realisation and investments for the period.",
    ),
    TableSpec(
        "projects",
        "hankkeet",
        PERIOD,
        (
            _f("Strateginen päämäärä", "strategic_goal", required=False),
            _f("Hankkeen nimi", "project"),
            _f("Toteutusaika", "duration", required=False),
            _f("Kokonaisrahoitus €", "total_funding", NUMBER, minimum=0),
            _f("Rahoittaja", "funder", required=False),
            _f(
                "Kaupungin rahoitusosuus %",
                "city_share_pct",
                NUMBER,
                required=False,
                minimum=0,
                maximum=100,
            ),
            _f(
                "Menojen toteuma %",
                "spending_printed",
                required=False,
                doc="as printed; may hold two figures such as '70,4 / 83,4'",
            ),
            _f("Tilannekatsaus", "status_text", required=False),
        ),
        key=("project", "duration"),
        total_label=("project", "Yhteensä"),
        doc="Projects (hankkeet) and their funding; the printed total row is audited.",
    ),
    TableSpec(
        "investments",
        "investoinnit",
        PERIOD,
        (
            _f("Yksikkö", "unit"),
            _f("Selite", "line", allowed=("Tulot", "Menot", "Netto")),
            _f("TP {prev}", "prior_year", NUMBER, unit="€"),
            _f("TA {year}", "budget", NUMBER, unit="€"),
            _f("Toteuma 1-{month}", "actual", NUMBER, unit="€"),
            _f("Poikkeama", "deviation_printed", NUMBER, required=False, unit="€"),
            _f("Toteuma %", "realisation_pct_printed", NUMBER, required=False),
        ),
        key=("unit", "line"),
        doc="Investments (irtain omaisuus); printed deviation and % are audited.",
    ),
    TableSpec(
        "investment_items",
        "investointikohteet",
        PERIOD,
        (
            _f("Palvelualue", "service_area", required=False),
            _f("Kohde", "item"),
            _f("Varattu €", "reserved", NUMBER, required=False, minimum=0),
            _f("Käytetty €", "spent", NUMBER, required=False, minimum=0),
            _f("Tila", "state", required=False),
        ),
        key=("item",),
        doc="Investment items named in the text with their reserved and spent euros.",
    ),
    TableSpec(
        "risks",
        "riskit",
        PERIOD,
        (
            _f("Riskiluokka", "risk_class"),
            _f("Tunnistettu riski", "risk"),
            _f("Todennäköisyys", "probability", INTEGER, minimum=1, maximum=5),
            _f("Merkittävyys", "significance", INTEGER, minimum=1, maximum=5),
            _f("Hallintakeino", "control", required=False),
            _f("Hallintakeinon toteutuminen", "control_realisation", required=False),
        ),
        key=("risk",),
        doc="Risks with probability and significance (1 = low).",
    ),
)
TABLES = (
    *TABLES,
    TableSpec(
        "forecast_adjustments",
        "ennusteen_oikaisut",
        PERIOD,
        (
            _f("Yksikkö", "unit", doc="unit label as in the income statement"),
            _f("Rivi", "line", doc="income-statement line"),
            _f(
                "Euroa",
                "amount",
                NUMBER,
                doc="euros, income positive and costs negative",
                unit="€",
            ),
            _f("Peruste", "reason"),
        ),
        key=("unit", "line", "reason"),
        doc="Known adjustments added on top of the year-end forecast.",
    ),
    TableSpec(
        "management_estimates",
        "johdon_arviot",
        PERIOD,
        (
            _f("Yksikkö", "unit", doc="unit label as in the income statement"),
            _f("Rivi", "line", doc="income-statement line, usually the net margin"),
            _f("Euroa", "amount", NUMBER, required=False, doc="year-end estimate in euros"),
            _f(
                "Suunta",
                "direction",
                required=False,
                allowed=(
                    "suotuisa",
                    "epäsuotuisa",
                    "talousarvion mukainen",
                    "talousarvion mukainen tai suotuisa",
                    "talousarvion mukainen tai epäsuotuisa",
                ),
                doc="direction against the budget when no euros are given",
            ),
            _f("Peruste", "text", doc="the assessment the estimate is read from"),
            _f("Päivämäärä", "date", DATE),
        ),
        key=("unit", "line"),
        doc="Management's own year-end estimates, shown beside the model's forecast.",
    ),
    TableSpec(
        "monthly_actuals",
        "kuukausitoteumat",
        ENTITY,
        (
            _f("Yksikkö", "unit"),
            _f("Rivi", "line"),
            _f("Kuukausi", "month", MONTH),
            _f("Euroa", "amount", NUMBER, unit="€"),
        ),
        key=("unit", "line", "month"),
        as_of="month",
        doc="Optional monthly actuals per unit and line for seasonal profiles and backtests.",
    ),
    TableSpec(
        "national_references",
        "kansalliset_vertailutiedot",
        NATIONAL,
        (
            _f("Mittari", "metric"),
            _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
            _f("Arvo", "value", NUMBER, doc="national average"),
            _f("Alaraja", "low", NUMBER, required=False),
            _f("Yläraja", "high", NUMBER, required=False),
            _f("Mittayksikkö", "unit_of_measure"),
            _f("Lähde", "source"),
        ),
        key=("metric", "year"),
        doc="National comparison figures shared by all entities (data/raw/ itself).",
    ),
)
# Unit costs: the service volumes they divide by and, optionally, net costs per function.
TABLES = (
    *TABLES,
    TableSpec(
        "service_volumes",
        "palvelumaarat",
        ENTITY,
        (
            _f("Tehtävä", "function", doc="function (tehtävä) as in key_figure_units"),
            _f("Suorite", "volume_name", doc="volume as in unit_cost_figures (oppilaat, …)"),
            _f("Vuosi", "year", INTEGER, minimum=2000, maximum=2100),
            _f("Tilastopäivä", "statistical_date", DATE, required=False, doc="date counted"),
            _f(
                "Määrä",
                "volume",
                NUMBER,
                required=False,
                minimum=1,
                doc="empty when no count is published: derived from the key figures",
            ),
            _f("Määritelmä", "definition", required=False, doc="what is counted"),
            _f("Lähde", "source", doc="Vipunen, Tilastokeskus, oma rekisteri, …"),
        ),
        key=("function", "volume_name", "year"),
        doc="Service volumes per function and year: the denominators of the unit costs.",
    ),
    TableSpec(
        "function_net_costs",
        "tehtavien_nettokustannukset",
        PERIOD,
        (
            _f("Tehtävä", "function", doc="function (tehtävä) as in key_figure_units"),
            _f("TP {prev}", "prior_year", NUMBER, doc="toimintakate, net cost negative"),
            _f("TA {year}", "budget", NUMBER, doc="toimintakate, net cost negative"),
        ),
        key=("function",),
        doc="Optional toimintakate per function (tehtävä); without it a unit's net cost is "
        "split among its functions by their published €/asukas.",
    ),
)
# The report's running text per unit, and the changes of the operating environment in it.
TABLES = (
    *TABLES,
    TableSpec(
        "unit_texts",
        "toimintakuvaukset",
        PERIOD,
        (
            _f("Yksikkö", "unit", doc="unit label as in the income statement"),
            _f("Luku", "chapter", allowed=TEXT_CHAPTERS),
            _f("Kappale", "paragraph", INTEGER, minimum=1, doc="paragraph number in the unit"),
            _f("Teksti", "text", doc="the paragraph as printed"),
            _f("Lähde", "source", doc="the printed chapter and unit headings it is under"),
        ),
        key=("unit", "chapter", "paragraph"),
        doc="The source report's description, operating environment and priorities per unit.",
    ),
    TableSpec(
        "environment_changes",
        "toimintaympariston_muutokset",
        PERIOD,
        (
            _f("Yksikkö", "unit", doc="unit label as in the income statement"),
            _f("Muutos", "change", doc="the change, in a few words"),
            _f("Ajankohta", "when", doc="when it takes effect, as the text says"),
            _f(
                "Hakusanat",
                "keywords",
                doc="comma-separated word stems; an adjustment or estimate naming one names it",
            ),
        ),
        key=("unit", "change"),
        doc="Changes of the operating environment that may move euros in the rest of the year.",
    ),
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}
