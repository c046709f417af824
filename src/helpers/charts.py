"""Seaborn charts for the report, returned as ``Chart`` data (an inline PNG, its alt text and
caption) that the report's templates render as a self-contained ``<figure>``."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display on report machines
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

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


def figure_chart(fig: plt.Figure, alt: str, caption: str | None = None) -> Chart:
    """Encode a figure as an inline PNG: the report stays one file that opens offline.

    PNG metadata is cleared so that identical charts give identical bytes.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return Chart(base64.b64encode(buffer.getvalue()).decode("ascii"), alt, caption)


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
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(units) + 1.6))
    sns.barplot(
        data=data,
        y="Yksikkö",
        x="realisation_pct",
        hue="Rivi",
        ax=ax,
        palette=["#7fa7c9", BLUE, "#c77c02"][: len(lines)],
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
    ax.legend(title="", loc="lower right", fontsize=8)
    return figure_chart(
        fig,
        alt="Pylväskuvio: toteumaprosentti yksiköittäin verrattuna vuoden kulumiseen "
        f"({format_number(elapsed_pct, 0)} %): "
        + "; ".join(
            f"{row['Yksikkö']}, {row['Rivi']} {format_number(row['realisation_pct'], 1)} %"
            for _, row in data.iterrows()
        ),
        caption="Toteuma-% yksiköittäin; katkoviiva kertoo, kuinka suuri osa vuodesta on kulunut.",
    )


def occupancy_chart(occupancy: pd.DataFrame, average: float) -> Chart:
    """Monthly early-education occupancy with the period average."""
    data = occupancy.assign(Kuukausi=occupancy["month"].map(lambda d: f"{d.month}/{d.year}"))
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(7, 3))
    sns.lineplot(
        data=data, x="Kuukausi", y="occupancy_pct", marker="o", color=BLUE, ax=ax, sort=False
    )
    ax.axhline(average, color="#888", linestyle=":", linewidth=1)
    ax.set_ylabel("Käyttöaste, %")
    ax.set_xlabel("")
    _finnish_axis(ax, "y", decimals=0, suffix=" %")
    return figure_chart(
        fig,
        alt="Viivakuvio: varhaiskasvatuksen käyttöaste kuukausittain: "
        + "; ".join(
            f"{row['Kuukausi']} {format_number(row['occupancy_pct'], 2)} %"
            for _, row in data.iterrows()
        )
        + f"; keskiarvo {format_number(average, 2)} %",
        caption=f"Käyttöaste kuukausittain; pisteviiva on jakson keskiarvo "
        f"{format_number(average, 2)} %.",
    )


def risk_matrix_chart(matrix: pd.DataFrame) -> Chart:
    """Risk counts as a probability × significance heat map."""
    sns.set_theme(style="white", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(4.2, 3.4))
    sns.heatmap(
        matrix,
        annot=True,
        fmt="d",
        cmap="YlOrRd",
        cbar=False,
        linewidths=1,
        linecolor="white",
        ax=ax,
        vmin=0,
    )
    ax.set_xlabel("Todennäköisyys")
    ax.set_ylabel("Merkittävyys")
    return figure_chart(
        fig,
        alt="Riskimatriisi: riskien lukumäärä todennäköisyyden ja merkittävyyden mukaan: "
        + "; ".join(
            f"merkittävyys {significance}, todennäköisyys {probability}: {int(count)} kpl"
            for (significance, probability), count in matrix.stack().items()
            if count
        ),
        caption="Riskien lukumäärä todennäköisyyden ja merkittävyyden mukaan (1 = pieni).",
    )


def goal_status_chart(counts: pd.DataFrame) -> Chart:
    """Stacked bars of goal statuses per group (a traffic-light overview)."""
    data = counts.drop(columns="Yhteensä")
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(data) + 1.4))
    data.plot.barh(stacked=True, color=[PALETTE[c] for c in data.columns], ax=ax, width=0.7)
    ax.invert_yaxis()
    ax.set_xlabel("Tavoitteita, kpl")
    ax.set_ylabel("")
    ax.legend(title="", fontsize=8, loc="lower right")
    return figure_chart(
        fig,
        alt="Pinottu pylväskuvio: tavoitteiden tila: "
        + "; ".join(
            f"{group}: " + ", ".join(f"{status} {int(n)}" for status, n in row.items())
            for group, row in data.iterrows()
        ),
        caption="Tavoitteiden tila (vihreä toteutuu, keltainen osittain, punainen ei toteudu, "
        "harmaa ei tietoa).",
    )


def forecast_chart(rows: pd.DataFrame, unit_name: str) -> Chart:
    """Per line: actual to date (bar), the forecast range (whisker), the forecast (dot) and
    the budget (diamond), in euros with the export's signs."""
    sns.set_theme(style="whitegrid", font_scale=0.9)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(rows) + 1.4))
    positions = range(len(rows))
    ax.barh(positions, rows["actual"], color="#b9cfe2", label="Toteuma tähän mennessä")
    ax.hlines(
        positions,
        rows["range_low"],
        rows["range_high"],
        color="#555",
        linewidth=2,
        label=INTERVAL_NAME,
    )
    ax.scatter(rows["forecast"], positions, color=BLUE, zorder=3, label="Ennuste")
    ax.scatter(
        rows["budget"], positions, marker="D", color="#c77c02", zorder=3, label="Talousarvio"
    )
    ax.set_yticks(list(positions), rows["line"])
    ax.invert_yaxis()
    ax.axvline(0, color="#999", linewidth=0.8)
    largest = float(rows[["actual", "budget", "range_low", "range_high"]].abs().max().max())
    scale, unit = (1e6, "milj. €") if largest >= 2e6 else (1e3, "tuhatta €")
    ax.xaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(
            lambda v, _: format_number(v / scale, 1 if scale > 1e3 else 0)
        )
    )
    ax.set_xlabel(unit)
    ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=4, frameon=False)
    return figure_chart(
        fig,
        alt=f"Ennustekuvio: {unit_name}, toteuma, ennuste, {INTERVAL_NAME} ja talousarvio "
        "(euroa): "
        + "; ".join(
            f"{row['line']} toteuma {format_number(row['actual'])}, ennuste "
            f"{format_number(row['forecast'])} ({format_number(row['range_low'])} … "
            f"{format_number(row['range_high'])}), talousarvio {format_number(row['budget'])}"
            for _, row in rows.iterrows()
        ),
        caption=f"{unit_name}: toteuma, ennuste ja sen vaihteluväli sekä talousarvio.",
    )
