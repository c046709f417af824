"""How the stage notebooks show their results to an analyst: every row of a table in a
scrollable box with Finnish labels and Finnish number formats, charts as figures, each file
written as a link, and the report in the lab styled by the report's own CSS.

The ``*_html`` functions are pure (a DataFrame or paths in, HTML text out); the ``show_*``
functions display that HTML in the notebook.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path

import pandas as pd
from pandas.api import types

from helpers import charts
from helpers.charts import Chart
from helpers.config import EntityConfig
from helpers.finnish import format_date, format_number, format_percent
from helpers.notebook_labels import column_label, dataset_title
from helpers.notebook_stage import shown_path

MISSING = "–"
# Tables scroll inside a box of this height; the header row stays in view.
# JupyterLab right-aligns every table cell (.jp-RenderedHTMLCommon td): these selectors are
# more specific, so text reads from the left and numbers from the right.
TABLE_STYLE = (
    "<style>"
    "div.kr-scroll{max-height:26rem;max-width:100%;width:fit-content;overflow:auto;"
    "border:1px solid #d5dde5;margin:.3rem 0 1rem}"
    "div.kr-scroll table.kr-table{border-collapse:collapse;font-size:.85rem;margin:0}"
    "div.kr-scroll table.kr-table th,div.kr-scroll table.kr-table td{padding:.2rem .5rem;"
    "border-bottom:1px solid #e3e8ee;vertical-align:top;text-align:left}"
    "div.kr-scroll table.kr-table thead th{position:sticky;top:0;background:#e8f0f7;z-index:1}"
    "div.kr-scroll table.kr-table td{min-width:6rem;max-width:30rem}"
    "div.kr-scroll table.kr-table .num{text-align:right;white-space:nowrap;min-width:0;"
    "font-variant-numeric:tabular-nums}"
    "</style>"
)


def _is_identifier(name: str) -> bool:
    """A year or a row number: digits as they are, never ``2 024``."""
    return name == "year" or name.endswith(("_year", "_row"))


def _decimals(values: pd.Series) -> int:
    """Whole numbers without decimals; others with two (four below one, e.g. a share)."""
    present = values.dropna()
    if present.empty or all(float(v).is_integer() for v in present):
        return 0
    return 2 if present.abs().max() >= 1 else 4


def column_formatter(name: str, values: pd.Series):
    """The function that writes one cell of a column as Finnish text."""
    if types.is_bool_dtype(values):
        return lambda v: "kyllä" if v else "ei"
    if types.is_datetime64_any_dtype(values):
        return lambda v: format_date(v.date())
    if types.is_integer_dtype(values) and _is_identifier(name):
        return lambda v: str(int(v))
    if types.is_numeric_dtype(values):
        if name.endswith("_pct"):
            return lambda v: format_percent(v, 2)
        decimals = _decimals(values.astype(float))
        return lambda v: format_number(float(v), decimals)
    return lambda v: format_date(v) if isinstance(v, dt.date) else str(v)


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _formatted_columns(frame: pd.DataFrame) -> list[list[str]]:
    """Each column of ``frame`` as its cells' Finnish text (see ``formatted``), by position."""
    columns = []
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        write = column_formatter(str(frame.columns[position]), values)
        columns.append([MISSING if _is_missing(v) else write(v) for v in values])
    return columns


def _formatted_rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The rows of ``formatted(frame)`` as tuples of text (a frame without columns has empty
    rows, as many as it has)."""
    columns = _formatted_columns(frame)
    return list(zip(*columns, strict=True)) if columns else [()] * len(frame)


def formatted(frame: pd.DataFrame, dataset: str | None = None) -> pd.DataFrame:
    """The frame as Finnish text: labelled columns, ``1 234 567``, ``50,58 %``, ``30.6.2024``,
    ``kyllä``/``ei``, and ``–`` for a missing value."""
    columns = _formatted_columns(frame)
    # Built by position: two columns with the same label both stay.
    out = pd.DataFrame(dict(enumerate(columns)), index=frame.index, dtype=object)
    out.columns = [column_label(str(name), dataset) for name in frame.columns]
    return out


def table_html(frame: pd.DataFrame, dataset: str | None = None, title: str | None = None) -> str:
    """Every row of ``frame`` in a scrollable table; text is escaped, numbers right-aligned."""
    title = title or (dataset_title(dataset) if dataset else "")
    numeric = [
        types.is_numeric_dtype(dtype) and not types.is_bool_dtype(dtype) for dtype in frame.dtypes
    ]
    # The cells as ``formatted`` writes them, row by row straight from its column lists (a
    # frame of them and ``itertuples`` cost more than the rest of the table).
    labels = [column_label(str(name), dataset) for name in frame.columns]
    head = "".join(
        f'<th class="num">{escape(str(c))}</th>' if is_number else f"<th>{escape(str(c))}</th>"
        for c, is_number in zip(labels, numeric, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(v)}</td>' if is_number else f"<td>{escape(v)}</td>"
            for v, is_number in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in _formatted_rows(frame)
    )
    count = f"{format_number(len(frame))} {'rivi' if len(frame) == 1 else 'riviä'}"
    heading = f"<h4>{escape(title)} <small>({count})</small></h4>" if title else ""
    return (
        f'{TABLE_STYLE}{heading}<div class="kr-scroll"><table class="kr-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def tables_overview(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per dataset: its file, Finnish title and number of rows, in the given order."""
    return pd.DataFrame(
        {
            "Tiedosto": [f"{name}.parquet" for name in tables],
            "Sisältö": [dataset_title(name) for name in tables],
            "Rivejä": [len(frame) for frame in tables.values()],
        }
    )


def realisation_figure(realisation: pd.DataFrame, config: EntityConfig) -> Chart:
    """The report's realisation chart: income and costs of every unit against the pace of
    the year (the net margin's ``elapsed_pct``, the same for every row of a period)."""
    net = realisation[realisation["line"] == config.net_line]
    elapsed = float((net if not net.empty else realisation)["elapsed_pct"].iloc[0])
    lines = [line for line in (config.income_line, config.cost_line) if line]
    return charts.realisation_chart(
        realisation,
        [u.label for u in config.units],
        {u.label: u.name for u in config.units},
        lines,
        elapsed,
    )


def forecast_figures(forecast: pd.DataFrame, config: EntityConfig) -> list[Chart]:
    """The report's forecast chart for every unit: income, costs and net margin."""
    shown = [line for line in (config.income_line, config.cost_line, config.net_line) if line]
    figures = []
    for unit in config.units:
        rows = forecast[(forecast["unit"] == unit.label) & forecast["line"].isin(shown)]
        if not rows.empty:
            figures.append(charts.forecast_chart(rows, list(rows["line"]), unit.name))
    return figures


def chart_html(chart: Chart) -> str:
    """A chart as a self-contained figure, with its alt text and caption."""
    caption = f"<figcaption>{escape(chart.caption)}</figcaption>" if chart.caption else ""
    return (
        f'<figure><img src="data:image/png;base64,{chart.png_base64}" '
        f'alt="{escape(chart.alt)}" style="max-width:100%">{caption}</figure>'
    )


def written_html(paths: Iterable[Path], start: Path | None = None) -> str:
    """The files a stage wrote, each as a link (relative to ``start``, the notebook's working
    folder, which is where JupyterLab resolves a link from) showing its path."""
    start = Path(start or Path.cwd())
    items = "".join(
        f'<li><a href="{escape(Path(os.path.relpath(p, start)).as_posix())}" download>'
        f"{escape(shown_path(p))}</a></li>"
        for p in sorted(Path(p).resolve() for p in paths)
    )
    return f"<p><b>Kirjoitetut tiedostot:</b></p><ul>{items}</ul>"


def show(html: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html))


def show_table(frame: pd.DataFrame, dataset: str | None = None, title: str | None = None) -> None:
    show(table_html(frame, dataset, title))


def show_tables(
    tables: Mapping[str, pd.DataFrame], names: Iterable[str] | None = None, skip: Iterable[str] = ()
) -> None:
    """The datasets ``names`` (default: all but ``skip``) under their Finnish titles; one
    the period lacks says "ei tietoa" (no data), as the report does."""
    skipped = set(skip)
    for name in list(names) if names is not None else list(tables):
        if name in skipped:
            continue
        if name in tables:
            show_table(tables[name], name)
        else:
            show(f"<p><b>{escape(dataset_title(name))}</b>: <i>ei tietoa</i></p>")


def show_chart(chart: Chart) -> None:
    show(chart_html(chart))


def show_written(paths: Iterable[Path]) -> None:
    show(written_html(paths))
