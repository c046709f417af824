"""An export's own conventions, turned into the suite's: signs, missing measures, the department.

- Signs: inside the suite income is positive and costs negative. An entity whose export prints
  the other way round declares ``sign_convention: costs_positive`` and every amount is negated
  on reading; one whose export prints income, costs and the net cost all positive declares
  ``all_positive`` and the cost side (the costs line, its parts and the net line) is negated.
  The data are then checked against the declaration (``check_sign_convention``):
  budgeted income must come out ≥ 0 and budgeted costs ≤ 0, else the run stops. A wrong or
  missing declaration therefore stops the run instead of inverting every deviation.
- Missing measures: TA not printed is recomputed from TOT and a printed Jäljellä (exact to the
  euro, origin ``computed``) or derived from TOT and a printed TOT-% (origin ``derived``, with
  the range the percentage's printed rounding allows); last year's actual to date not printed
  is recomputed from TOT and a printed change. What cannot be recomputed is left out.
- The department: without rows of its own it is the sum of its service areas (origin
  ``computed``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.config import SIGN_CONVENTIONS, EntityConfig
from helpers.errors import InputDataError
from helpers.statement_headers import (
    ACTUAL_YTD,
    BUDGET,
    CHANGE,
    PERCENT,
    PRIOR_YTD,
    REMAINING,
)

# Where an amount of the processed statement comes from.
PRINTED, COMPUTED, DERIVED = "printed", "computed", "derived"
ORIGINS = (PRINTED, COMPUTED, DERIVED)
_SIGN_FACTOR = {"income_positive": 1.0, "costs_positive": -1.0}
ALL_POSITIVE = "all_positive"


def line_sign_factors(config: EntityConfig) -> dict[str, float]:
    """Each statement line's (and summary row's) factor from the export's signs to the
    suite's (1 or −1).

    Under ``all_positive`` the income line and the lines it adds up keep their sign; the costs
    line, the lines it adds up and the net line are negated (a printed net cost of 100 is the
    suite's net margin of −100). A line on neither side, or on both, cannot be placed: the run
    stops rather than guess its sign.
    """
    if config.sign_convention != ALL_POSITIVE:
        names = [*config.line_names, *config.summary_lines]
        return dict.fromkeys(names, _SIGN_FACTOR[config.sign_convention])
    roles = {"income": config.income_line, "costs": config.cost_line}
    missing = [role for role, line in roles.items() if line is None]
    if missing:
        raise _placement_error(config, f"the roles {', '.join(missing)} are not declared")
    income, costs = (_parts_of(config, line) for line in roles.values())
    costs.add(config.net_line)
    factors = {**dict.fromkeys(costs, -1.0), **dict.fromkeys(income, 1.0)}
    for line in config.line_names:
        if line not in factors or (line in income and line in costs):
            raise _placement_error(
                config,
                f"line '{line}' is {'on both sides' if line in factors else 'on neither side'}"
                f" (income: '{roles['income']}' and its parts; costs: '{roles['costs']}' and its "
                f"parts, and the net line '{config.net_line}')",
            )
    # A TULOT / MENOT / NETTO summary row is printed as the line it summarises.
    return factors | {row: factors[line] for row, line in config.summary_lines.items()}


def _parts_of(config: EntityConfig, line: str) -> set[str]:
    """``line`` and every line it adds up, at any depth."""
    sums = {item.name: item.sum_of for item in config.lines}
    found, todo = set(), [line]
    while todo:
        name = todo.pop()
        found.add(name)
        todo.extend(sums[name])  # roles and parts are lines of entity.yml (config checks)
    return found


def _placement_error(config: EntityConfig, why: str) -> InputDataError:
    return InputDataError(
        f"sign_convention '{ALL_POSITIVE}' negates the cost side of the statement, but {why}; "
        "declare the roles income and costs, with every other line a part of one of them or "
        "the net line, or enter the export's signs as income_positive or costs_positive",
        file=config.source,
        column="sign_convention",
    )


def to_internal_signs(values: pd.DataFrame, keys: list[str], config: EntityConfig) -> pd.DataFrame:
    """Amounts (and printed Jäljellä and change, which are amounts too) in the suite's own
    convention; a percentage is a ratio and keeps its sign. ``values`` has a ``line`` column."""
    if config.sign_convention == ALL_POSITIVE:
        factor = values["line"].map(line_sign_factors(config)).to_numpy()  # float64: ±1.0
    else:  # one factor for every line: no per-row lookup in a million-row export
        factor = _SIGN_FACTOR[config.sign_convention]
    out = values.copy(deep=False)  # the columns are replaced, never altered (copy-on-write)
    for key in keys:
        if key != PERCENT:
            out[key] = out[key] * factor + 0.0  # + 0.0: a negated zero is no "-0"
    return out


def check_change_is_not_remaining(
    values: pd.DataFrame,
    decimals: dict[str, int],
    path: Path,
    headers: dict[str, str],
    rows: np.ndarray,
) -> None:
    """Stop when the column read as the change from last year (TOT − last year's TOT) is the
    remaining budget: TA − TOT on every row that prints both (to the printed rounding).

    Many exports head both "Erotus". Taken for a change, TA − TOT would silently make up last
    year's actual (TOT − change). Two or more rows with a nonzero change must agree before
    the run stops: a true change equals TA − TOT on every row only by coincidence.
    ``values`` are the printed amounts (no derived TA), ``headers`` the printed header of
    each, ``rows`` their row numbers in the file.
    """
    if CHANGE not in values or BUDGET not in values:
        return
    gap = (values[CHANGE] - (values[BUDGET] - values[ACTUAL_YTD])).abs().to_numpy()
    compared = ~np.isnan(gap) & (values[CHANGE].to_numpy() != 0)
    slack = sum(half_unit(decimals[key]) for key in (CHANGE, BUDGET, ACTUAL_YTD))
    if compared.sum() >= 2 and (gap[compared] <= slack).all():
        header = headers[CHANGE]
        raise InputDataError(
            f"the column '{header}' is read as the change from last year (TOT − last year's "
            "TOT), but on every row it is TA − TOT, the remaining budget: declare it under "
            "headers: remaining in entity.yml, not change",
            file=path,
            row=int(rows[np.flatnonzero(compared)[0]]),
            column=header,
        )


def half_unit(decimals: int) -> float:
    """Half of the last printed digit: the most a printed value can differ from the true one."""
    return 0.5 * 10.0 ** (-decimals)


def derive_missing(values: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """Add TA and last year's actual to date where the export lacks them but prints enough to
    recompute them, with their origin in ``m_origin`` (``""`` where nothing could be
    recomputed) and, for a TA derived from TOT-%, its range in ``ta_low`` and ``ta_high``.
    A printed measure gets no such columns: printed is what an absent origin means.

    ``values`` holds float64 columns; ``decimals`` the decimals TOT and TOT-% are printed with.
    """
    out = values.copy(deep=False)  # columns are added or replaced, never altered (copy-on-write)
    if BUDGET not in out:
        out = _derive_budget(out, decimals)
    if PRIOR_YTD not in out and CHANGE in out:
        prior = out[ACTUAL_YTD] - out[CHANGE]  # change = TOT − last year's TOT
        out[PRIOR_YTD] = prior
        out[f"{PRIOR_YTD}_origin"] = np.where(prior.notna(), COMPUTED, "")
    return out


def _derive_budget(out: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    actual = out[ACTUAL_YTD]
    budget = pd.Series(np.nan, index=out.index)
    origin = pd.Series("", index=out.index)
    low = pd.Series(np.nan, index=out.index)
    high = pd.Series(np.nan, index=out.index)
    if REMAINING in out:  # Jäljellä = TA − TOT, so TA = TOT + Jäljellä
        from_remaining = actual + out[REMAINING]
        known = from_remaining.notna()
        budget[known], origin[known] = from_remaining[known], COMPUTED
    if PERCENT in out:  # TOT-% = TOT / TA × 100, so TA = TOT / TOT-% × 100
        percent = out[PERCENT]
        spread = half_unit(decimals[PERCENT])
        usable = budget.isna() & percent.notna() & (percent.abs() > spread) & actual.notna()
        ends = [
            100.0 * (actual + a * half_unit(decimals[ACTUAL_YTD])) / (percent + p * spread)
            for a in (-1, 1)
            for p in (-1, 1)
        ]
        budget[usable] = (100.0 * actual / percent)[usable]
        origin[usable] = DERIVED
        low[usable] = pd.concat(ends, axis=1).min(axis=1)[usable]
        high[usable] = pd.concat(ends, axis=1).max(axis=1)[usable]
    out[BUDGET], out[f"{BUDGET}_origin"] = budget, origin
    out[f"{BUDGET}_low"], out[f"{BUDGET}_high"] = low, high
    return out


def department_is_summed(tidy: pd.DataFrame, config: EntityConfig) -> bool:
    """The department has no rows of its own but its service areas have: it is their sum."""
    if (tidy["unit"] == config.department_unit.label).any():
        return False
    return bool(tidy["unit"].isin([u.label for u in config.service_areas]).any())


def add_department_total(tidy: pd.DataFrame, config: EntityConfig) -> pd.DataFrame:
    """A department printed without rows of its own is the sum of its service areas.

    A line an area does not print counts as zero for it; a measure an area lacks for a line it
    does print leaves the department's value for that line and measure out (not a partial sum).
    """
    if not department_is_summed(tidy, config):
        return tidy
    areas = tidy[tidy["unit"].isin([u.label for u in config.service_areas])]
    keys = ["line", "measure", "year", "months", "header"]
    work = areas.assign(
        low=areas["amount_low"].fillna(areas["amount"]),
        high=areas["amount_high"].fillna(areas["amount"]),
        is_derived=areas["origin"].eq(DERIVED),
    )
    sums = work.groupby(keys, sort=False).agg(
        amount=("amount", "sum"),
        amount_low=("low", "sum"),
        amount_high=("high", "sum"),
        derived=("is_derived", "any"),
        areas=("unit", "nunique"),
    )
    sums = sums.reset_index()
    printing = areas.groupby("line")["unit"].nunique()
    sums = sums[sums["areas"].to_numpy() == printing.reindex(sums["line"]).to_numpy()]
    total = sums.assign(
        unit=config.department_unit.label, origin=np.where(sums["derived"], DERIVED, COMPUTED)
    )
    total.loc[~sums["derived"], ["amount_low", "amount_high"]] = np.nan
    return pd.concat([tidy, total[tidy.columns]], ignore_index=True)


def check_sign_convention(
    tidy: pd.DataFrame,
    printed: pd.DataFrame,
    config: EntityConfig,
    path: Path,
    roles: dict[str, str] | None = None,
) -> None:
    """Stop when the data contradict the declared sign convention.

    After conversion every unit's budgeted income (the ``income`` role's line) must be ≥ 0 and
    its budgeted costs (``costs``) ≤ 0; the actual to date stands in for a line without TA. A
    statement without income and cost lines is checked on the department's net margin, which
    for a tax-funded department is a net cost (≤ 0).
    """
    roles = config.roles if roles is None else roles
    rows = _budget_else_actual(tidy)
    checks = [(role, sign) for role, sign in (("income", 1), ("costs", -1)) if roles.get(role)]
    if not any((rows["line"] == roles[role]).any() for role, _ in checks):
        department = rows[rows["unit"] == config.department_unit.label]
        rows, checks = department, [("net_margin", -1)] if roles.get("net_margin") else []
    for role, sign in checks:
        part = rows[rows["line"] == roles[role]]
        wrong = part[part["amount"] * sign < 0]
        if not wrong.empty:
            wrong = wrong.sort_values("origin", key=lambda s: s.ne(PRINTED), kind="stable")
            raise _sign_error(wrong.iloc[0], role, printed, config, path)


def _budget_else_actual(tidy: pd.DataFrame) -> pd.DataFrame:
    """Each unit × line's TA rows, or its actual to date where that unit × line has no TA.

    Per line, not per file: an export that prints a TOT-% for the net line alone has a
    (derived) TA there and none for its income and cost lines, which must still be checked.
    """
    budget = tidy[tidy["measure"] == BUDGET]
    actual = tidy[tidy["measure"] == ACTUAL_YTD]
    budgeted = pd.MultiIndex.from_frame(budget[["unit", "line"]])
    has_budget = pd.MultiIndex.from_frame(actual[["unit", "line"]]).isin(budgeted)
    return pd.concat([budget, actual[~has_budget]])


def _sign_error(row, role, printed, config, path) -> InputDataError:
    convention = config.sign_convention
    as_printed = row["amount"] * line_sign_factors(config)[row["line"]]
    expected = {"income": "income ≥ 0", "costs": "costs ≤ 0", "net_margin": "a net cost ≤ 0"}
    where = printed[(printed["unit"] == row["unit"]) & (printed["line"] == row["line"])]
    advice = (
        "check sign_convention in entity.yml"
        if config.sign_convention_declared
        else "sign_convention is not declared, so income_positive was assumed: declare it in "
        "entity.yml"
    )
    known = "; ".join(f"{name}: {means}" for name, means in SIGN_CONVENTIONS.items())
    origin = {
        PRINTED: "",
        COMPUTED: " (computed by the suite)",
        DERIVED: " (derived by the suite from TOT and TOT-%)",
    }[row["origin"]]
    return InputDataError(
        f"the {role.replace('_', ' ')} line '{row['line']}' of '{row['unit']}'{origin} is "
        f"{_euros(as_printed)} €, but under sign_convention '{convention}' "
        f"({SIGN_CONVENTIONS[convention]}) {expected[role]} is expected; {advice} ({known})",
        file=path,
        row=int(where["row"].iloc[0]) if not where.empty else None,
        column=row["header"] if row["origin"] == PRINTED else None,
    )


def _euros(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")
