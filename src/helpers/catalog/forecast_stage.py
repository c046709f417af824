"""The forecast stage's datasets (notebooks/30_forecast), declared column by column."""

from __future__ import annotations

from helpers.catalog.indicator_stage import PER_CAPITA_COLUMNS, UNIT_COST_COLUMNS
from helpers.catalog.model import FORECAST_STAGE, Dataset, columns, declare

FORECAST = declare(
    Dataset(
        "forecast",
        FORECAST_STAGE,
        "Year-end forecast of every unit × line; subtotals and the department are sums of "
        "their parts for the point, every method and the interval.",
        columns(
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
            (
                "interval_side",
                "text",
                "`suotuisa` / `epäsuotuisa`: the whole interval on one side and the forecast "
                "beyond the on-budget band",
            ),
            ("outside_budget", "text", "the same as `above`, `below` or empty"),
        ),
    )
)
FORECAST_MANAGEMENT = declare(
    Dataset(
        "forecast_management",
        FORECAST_STAGE,
        "Management's estimates (johdon_arviot) beside the model: every unit's net margin and "
        "each line management has an estimate for.",
        columns(
            ("unit", "text"),
            ("line", "text"),
            ("budget", "float"),
            ("model_forecast", "float"),
            ("interval_low", "float"),
            ("interval_high", "float"),
            ("model_deviation", "float", "model − budget"),
            ("model_direction", "text", "the forecast table's direction (0,5 % band)"),
            ("management_amount", "float", "euros, or empty"),
            ("management_direction", "text", "management's word, or its euros' direction"),
            ("difference_eur", "float", "model − management"),
            ("threshold_eur", "float", "max(1 % of the budget, 10 000 €)"),
            ("in_interval", "bool", "management's euros inside the model's interval"),
            ("disagreement", "bool"),
            ("text", "text", "the assessment"),
            ("date", "date"),
        ),
    )
)
FORECAST_PER_CAPITA = declare(
    Dataset(
        "forecast_per_capita",
        FORECAST_STAGE,
        "As `per_capita`, basis `Ennuste yyyy`.",
        PER_CAPITA_COLUMNS,
    )
)
FORECAST_UNIT_COSTS = declare(
    Dataset(
        "forecast_unit_costs",
        FORECAST_STAGE,
        "As `unit_costs`, basis `Ennuste yyyy` (the forecast against the published target).",
        UNIT_COST_COLUMNS,
    )
)
FORECAST_BACKTEST = declare(
    Dataset(
        "forecast_backtest",
        FORECAST_STAGE,
        "Backtest of the methods at the period's month (only with monthly history).",
        columns(
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
