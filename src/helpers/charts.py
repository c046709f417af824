"""Seaborn charts for the report, returned as ``Chart`` data (an inline PNG, its alt text and
caption) that the report's templates render as a self-contained ``<figure>``."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display on report machines
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from helpers import chart_store  # noqa: E402
from helpers.finnish import format_number  # noqa: E402
from helpers.forecast.intervals import INTERVAL_NAME  # noqa: E402

PALETTE = {
    "Toteutuu": "#2e7d32",
    "Toteutuu osittain": "#f9a825",
    "Ei toteudu": "#c62828",
    "Ei tietoa": "#9e9e9e",
}
BLUE = "#00558c"


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the PNG (base64), the text that replaces it, and its caption."""

    png_base64: str
    alt: str
    caption: str | None = None


def figure_png(fig: plt.Figure) -> str:
    """Encode a figure as an inline PNG (base64): the report stays one file that opens
    offline. PNG metadata is cleared so that identical charts give identical bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# PNGs already rendered in this process, by what they were drawn from. The runner runs every
# stage of a period in one kernel: the report then reuses the realisation and forecast charts
# the indicator and forecast stages drew (rendering is most of a chart's cost). Equal inputs
# give equal bytes, so a reused PNG is the one a new drawing would make. Between processes
# (a report rebuilt after a text edit) ``helpers.chart_store`` keeps them on disk.
_RENDERED: dict[str, str] = {}
_RENDERED_LIMIT = 64


def rendered_png(
    kind: str, drawn_from: object, draw: Callable[[], plt.Figure], style: str = "whitegrid"
) -> str:
    """The PNG of ``draw()``, reused when a figure of ``kind`` was drawn from equal data
    (``drawn_from``: plain Python values, e.g. ``frame.to_numpy().tolist()``) in the same
    seaborn ``style`` and matplotlib settings, in this process or, from the chart store, in
    an earlier one. ``draw`` sets the same theme again (a theme is applied idempotently)."""
    sns.set_theme(style=style, font_scale=0.9)  # the settings the figure is drawn with
    key = chart_store.render_key(kind, drawn_from)
    if key not in _RENDERED:
        if len(_RENDERED) >= _RENDERED_LIMIT:
            _RENDERED.clear()
        stored = chart_store.stored_png(key)
        if stored is None:
            png = figure_png(draw())
            chart_store.store_png(key, base64.b64decode(png))
        else:
            png = base64.b64encode(stored).decode("ascii")
        _RENDERED[key] = png
    return _RENDERED[key]


def _plain(frame: pd.DataFrame) -> tuple:
    """A frame's labels and values as plain Python values (a chart key)."""
    return (
        frame.index.name,
        frame.index.tolist(),
        frame.columns.name,
        frame.columns.tolist(),
        frame.to_numpy().tolist(),
    )


def _finnish_axis(ax, axis: str = "x", decimals: int = 0, suffix: str = "") -> None:
    formatter = matplotlib.ticker.FuncFormatter(
        lambda value, _: format_number(value, decimals) + suffix
    )
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def realisation_chart(
    realisation: pd.DataFrame,
    units: list[str],
    names: dict[str, str],
    lines: list[str],
    elapsed_pct: float,
) -> Chart:
    """TOT-% of the chosen lines per unit against the pace of the year."""
    data = realisation[realisation["unit"].isin(units) & realisation["line"].isin(lines)].copy()
    data["Yksikkö"] = data["unit"].map(names)
    data = data.rename(columns={"line": "Rivi"})
    drawn_from = (
        data[["Yksikkö", "Rivi", "realisation_pct"]].to_numpy().tolist(),
        len(units),
        len(lines),
        float(elapsed_pct),
    )
    png = rendered_png(
        "realisation",
        drawn_from,
        lambda: _realisation_figure(data, len(units), len(lines), elapsed_pct),
    )
    return Chart(
        png,
        alt="Pylväskuvio: toteumaprosentti yksiköittäin verrattuna vuoden kulumiseen "
        f"({format_number(elapsed_pct, 0)} %): "
        + "; ".join(
            f"{row['Yksikkö']}, {row['Rivi']} {format_number(row['realisation_pct'], 1)} %"
            for _, row in data.iterrows()
        ),
        caption="Toteuma-% yksiköittäin; katkoviiva kertoo, kuinka suuri osa vuodesta on kulunut.",
    )


def _realisation_figure(data: pd.DataFrame, units: int, lines: int, elapsed_pct: float):
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(8, 0.55 * units + 1.6))
    sns.barplot(
        data=data,
        y="Yksikkö",
        x="realisation_pct",
        hue="Rivi",
        ax=ax,
        palette=["#7fa7c9", BLUE, "#c77c02"][:lines],
    )
    ax.axvline(elapsed_pct, color="#c62828", linestyle="--", linewidth=1.2)
    ax.text(
        elapsed_pct,
        -0.6,
        f" vuodesta kulunut {format_number(elapsed_pct, 0)} %",
        color="#c62828",
        va="bottom",
        fontsize=8,
    )
    ax.set_xlabel("Toteuma talousarviosta, %")
    ax.set_ylabel("")
    _finnish_axis(ax, "x", suffix=" %")
    if ax.get_legend_handles_labels()[0]:  # no budget printed: no bars, no legend
        ax.legend(title="", loc="lower right", fontsize=8)
    return fig


def occupancy_chart(occupancy: pd.DataFrame, average: float) -> Chart:
    """Monthly early-education occupancy with the period average, on an axis from 0 to 100 %
    so that a few points' change looks as large as it is; each month's value is written on
    its point."""
    data = occupancy.assign(Kuukausi=occupancy["month"].map(lambda d: f"{d.month}/{d.year}"))
    drawn_from = (data["Kuukausi"].tolist(), data["occupancy_pct"].tolist(), float(average))
    png = rendered_png("occupancy line", drawn_from, lambda: _occupancy_figure(data, average))
    return Chart(
        png,
        alt="Viivakuvio: varhaiskasvatuksen käyttöaste kuukausittain: "
        + "; ".join(
            f"{row['Kuukausi']} {format_number(row['occupancy_pct'], 2)} %"
            for _, row in data.iterrows()
        )
        + f"; keskiarvo {format_number(average, 2)} %",
        caption=f"Käyttöaste kuukausittain (pystyakseli 0–100 %); pisteviiva on jakson "
        f"keskiarvo {format_number(average, 2)} %.",
    )


def _occupancy_figure(data: pd.DataFrame, average: float):
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(7, 2.6))
    sns.lineplot(
        data=data, x="Kuukausi", y="occupancy_pct", marker="o", color=BLUE, ax=ax, sort=False
    )
    for position, value in enumerate(data["occupancy_pct"]):
        ax.annotate(
            format_number(value, 1),
            (position, value),
            textcoords="offset points",
            xytext=(0, -14),
            ha="center",
            fontsize=8,
        )
    ax.axhline(average, color="#888", linestyle=":", linewidth=1)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Käyttöaste, % (akseli 0–100)")
    ax.set_xlabel("")
    _finnish_axis(ax, "y", decimals=0, suffix=" %")
    return fig


def risk_levels(matrix: pd.DataFrame) -> pd.DataFrame:
    """The risk level of each cell of a significance × probability matrix: their product."""
    return pd.DataFrame(
        [[int(s) * int(p) for p in matrix.columns] for s in matrix.index],
        index=matrix.index,
        columns=matrix.columns,
    )


def risk_matrix_chart(matrix: pd.DataFrame) -> Chart:
    """Risk counts in a significance (rows, high first) × probability (columns) matrix whose
    cells are coloured by the risk level, probability × significance, not by the count."""
    png = rendered_png(
        "risk heatmap", _plain(matrix), lambda: _risk_matrix_figure(matrix), style="white"
    )
    return Chart(
        png,
        alt="Riskimatriisi, väri kertoo riskitason (todennäköisyys × merkittävyys): "
        + "; ".join(
            f"merkittävyys {significance}, todennäköisyys {probability} (taso "
            f"{significance * probability}): {int(count)} kpl"
            for (significance, probability), count in matrix.stack().items()
            if count
        ),
        caption="Riskit todennäköisyyden ja merkittävyyden mukaan (1 = pieni); solun väri on "
        "riskitaso todennäköisyys × merkittävyys ja luku riskien lukumäärä.",
    )


def _risk_matrix_figure(matrix: pd.DataFrame):
    levels = risk_levels(matrix)
    counts = matrix.map(lambda n: f"{int(n)} kpl" if n else "")
    sns.set_theme(style="white", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(4.6, 2.8))
    sns.heatmap(
        levels,
        annot=counts,
        fmt="",
        cmap="YlOrRd",
        cbar_kws={"label": "Riskitaso (T × M)"},
        linewidths=1,
        linecolor="white",
        ax=ax,
        vmin=1,
        vmax=int(levels.max().max()),
    )
    ax.set_xlabel("Todennäköisyys")
    ax.set_ylabel("Merkittävyys")
    return fig


def goal_status_chart(counts: pd.DataFrame) -> Chart:
    """Stacked bars of goal statuses per group (a traffic-light overview)."""
    data = counts.drop(columns="Yhteensä")
    png = rendered_png("goal_status", _plain(data), lambda: _goal_status_figure(data))
    return Chart(
        png,
        alt="Pinottu pylväskuvio: tavoitteiden tila: "
        + "; ".join(
            f"{group}: " + ", ".join(f"{status} {int(n)}" for status, n in row.items())
            for group, row in data.iterrows()
        ),
        caption="Tavoitteiden tila (vihreä toteutuu, keltainen osittain, punainen ei toteudu, "
        "harmaa ei tietoa).",
    )


def _goal_status_figure(data: pd.DataFrame):
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(data) + 1.4))
    data.plot.barh(stacked=True, color=[PALETTE[c] for c in data.columns], ax=ax, width=0.7)
    ax.invert_yaxis()
    ax.set_xlabel("Tavoitteita, kpl")
    ax.set_ylabel("")
    ax.legend(title="", fontsize=8, loc="lower right")
    return fig


DIRECTION_COLOURS = {"suotuisa": "#2e7d32", "epäsuotuisa": "#c62828"}
ON_BUDGET_COLOUR = "#555555"


# The forecast columns a forecast chart is drawn from (its alt text reads more).
FORECAST_DRAWN = (
    "range_low",
    "range_high",
    "budget",
    "deviation_eur",
    "deviation_label",
    "deviation_pct",
)


def forecast_chart(rows: pd.DataFrame, labels: list[str], title: str) -> Chart:
    """Each row's year-end forecast as its difference from the budget, in thousands of euros:
    the budget is the vertical line at zero, the dot the forecast and the whisker its interval.
    Right of the line is favourable (more income or less cost) for income and cost lines
    alike, so a 2–3 % difference is as visible as it is; each dot's label says it in words."""
    drawn_from = (list(labels), rows[list(FORECAST_DRAWN)].to_numpy().tolist())
    png = rendered_png("forecast", drawn_from, lambda: _forecast_figure(rows, labels))
    return Chart(
        png,
        alt=f"Ennustekuvio: {title}: ennusteen ero talousarviosta ja {INTERVAL_NAME}: "
        + "; ".join(
            _forecast_alt(label, row)
            for label, (_, row) in zip(labels, rows.iterrows(), strict=True)
        ),
        caption=f"{title}: ennusteen ero talousarviosta tuhansina euroina; pystyviiva on "
        f"talousarvio, piste ennuste ja vaakaviiva sen {INTERVAL_NAME}.",
    )


def _forecast_alt(label: str, row: pd.Series) -> str:
    """One row of the forecast chart in words; a line without a budget says so (ei tietoa)."""
    if pd.isna(row["budget"]):
        return (
            f"{label} ennuste {format_number(row['forecast'], missing='ei tietoa')} €, "
            "talousarvio ei tietoa, joten eroa ei lasketa"
        )
    return (
        f"{label} ennuste {format_number(row['forecast'])} €, talousarvio "
        f"{format_number(row['budget'])} €, ero {format_number(row['deviation_eur'])} € "
        f"({row['deviation_label']}), väli {format_number(row['range_low'])} … "
        f"{format_number(row['range_high'])} €"
    )


def _forecast_figure(rows: pd.DataFrame, labels: list[str]):
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(rows) + 1.3))
    positions = list(range(len(rows)))
    low = (rows["range_low"] - rows["budget"]) / 1e3
    high = (rows["range_high"] - rows["budget"]) / 1e3
    deviation = rows["deviation_eur"] / 1e3
    ax.hlines(positions, low, high, color="#9aa5b1", linewidth=3, label=INTERVAL_NAME)
    colours = [DIRECTION_COLOURS.get(d, ON_BUDGET_COLOUR) for d in rows["deviation_label"]]
    ax.scatter(deviation, positions, color=colours, zorder=3, label="Ennuste")
    for position, (value, label, pct) in enumerate(
        zip(deviation, rows["deviation_label"], rows["deviation_pct"], strict=True)
    ):
        sign = "+" if value > 0 else ""
        text = f"{sign}{format_number(value)} t€ ({sign}{format_number(pct, 1)} %), {label}"
        if pd.isna(value):  # no budget to differ from: nothing is drawn, the label says why
            value, text = 0.0, "ei talousarviota (ei tietoa)"
        ax.annotate(
            text,
            (value, position),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=7.5,
        )
    ax.axvline(0, color="#c77c02", linewidth=1.6, label="Talousarvio")
    ax.set_yticks(positions, labels)
    ax.set_ylim(len(rows) - 0.4, -0.8)
    # Lines without a budget have no difference to draw (NaN): the reach ignores them.
    extents = pd.concat([low.abs(), high.abs(), deviation.abs()]).dropna()
    reach = float(max(extents.max() if len(extents) else 0.0, 1.0)) * 1.15
    ax.set_xlim(-reach, reach)
    _finnish_axis(ax, "x", decimals=0)
    ax.set_xlabel("Ennusteen ero talousarviosta, tuhatta euroa (oikealla suotuisa)")
    ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, frameon=False)
    return fig
