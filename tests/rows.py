"""The usage figures, computed again straight from the rows of a data directory.

Tests of the published site compare its pages with these, never with today's
literal figures: when the weekly refresh brings a new week, the site and these
move together. Nothing here imports `macros`: it reads the CSVs with plain
pandas, so a mistake in the site's own code cannot hide in both.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
GROUP_NAMES = {"US": "United States", "CN": "China", "OTHER": "Other countries", "UNKNOWN": "Unknown"}


@lru_cache(maxsize=None)
def daily(data: Path = DATA) -> pd.DataFrame:
    """The daily rows with each row's week (Monday, UTC) and its lab's country group (UNKNOWN when unmapped)."""
    rows = pd.read_csv(Path(data) / "openrouter_daily.csv", dtype={"tokens": "int64"}, parse_dates=["date"],
                       keep_default_na=False, na_values=[""])
    labs = pd.read_csv(Path(data) / "labs.csv", keep_default_na=False)
    group = dict(zip(labs["author_slug"], labs["country_group"]))
    name = dict(zip(labs["author_slug"], labs["lab"]))
    return rows.assign(
        week=rows["date"] - pd.to_timedelta(rows["date"].dt.dayofweek, unit="D"),
        group=rows["author_slug"].map(group).fillna("UNKNOWN"),
        lab=rows["author_slug"].map(name).fillna(rows["author_slug"]),
    )


def weeks(data: Path = DATA) -> pd.DataFrame:
    """week -> days of data in it and its total tokens."""
    rows = daily(data)
    return rows.groupby("week").agg(days=("date", "nunique"), total=("tokens", "sum"))


def full_weeks(data: Path = DATA) -> list[pd.Timestamp]:
    table = weeks(data)
    return sorted(table.index[table["days"] == 7])


def latest_full_week(data: Path = DATA) -> pd.Timestamp:
    return full_weeks(data)[-1]


def first_full_week(data: Path = DATA) -> pd.Timestamp:
    return full_weeks(data)[0]


def last_day(data: Path = DATA) -> pd.Timestamp:
    return daily(data)["date"].max()


def country_shares(week: pd.Timestamp, data: Path = DATA) -> dict[str, float]:
    """Country group -> unrounded % of the week's tokens."""
    rows = daily(data)
    rows = rows[rows["week"] == week]
    by = rows.groupby("group")["tokens"].sum()
    return {g: float(by.get(g, 0)) / float(by.sum()) * 100 for g in GROUP_NAMES}


def country_tokens(week: pd.Timestamp, data: Path = DATA) -> dict[str, float]:
    rows = daily(data)
    rows = rows[rows["week"] == week]
    by = rows.groupby("group")["tokens"].sum()
    return {g: float(by.get(g, 0)) for g in GROUP_NAMES}


def lab_shares(week: pd.Timestamp, data: Path = DATA) -> pd.Series:
    """author slug -> unrounded % of the week's tokens, largest first ("other" included, as a row)."""
    rows = daily(data)
    rows = rows[rows["week"] == week]
    by = rows.groupby("author_slug")["tokens"].sum()
    return (by / by.sum() * 100).sort_values(ascending=False)


def model_ranking(week: pd.Timestamp, data: Path = DATA) -> pd.DataFrame:
    """The week's models (not the "other" row) by tokens: model, author_slug, group, tokens, rank."""
    rows = daily(data)
    rows = rows[(rows["week"] == week) & (rows["model_permaslug"] != "other")]
    by = rows.groupby(["model_permaslug", "author_slug", "group"], as_index=False)["tokens"].sum()
    by = by.sort_values(["tokens", "model_permaslug"], ascending=[False, True]).reset_index(drop=True)
    by["rank"] = by["tokens"].rank(method="min", ascending=False).astype(int)
    return by.rename(columns={"model_permaslug": "model"})


def ranked_models(data: Path = DATA) -> list[str]:
    """Every permaslug that was in a day's top 50 (the "other" row is not a model)."""
    return sorted(set(daily(data)["model_permaslug"]) - {"other"})


def truncated(end: pd.Timestamp, data: Path = DATA) -> pd.DataFrame:
    """The daily rows as they stood at the end of day `end`: every row dated after it left out."""
    rows = daily(data)
    return rows[rows["date"] <= pd.Timestamp(end)]


def archived_week(week: pd.Timestamp, data: Path = DATA) -> dict:
    """What the archive page of `week` must show, from the rows truncated to the week's Sunday:
    country shares (unrounded %), the top labs' names with their shares, the top models (permaslugs)."""
    rows = truncated(pd.Timestamp(week) + pd.Timedelta(days=6), data)
    rows = rows[rows["week"] == pd.Timestamp(week)]
    assert rows["date"].nunique() == 7, f"the week of {week} is not full in the truncated rows"
    by_group = rows.groupby("group")["tokens"].sum()
    total = float(by_group.sum())
    labs = rows.groupby("lab")["tokens"].sum().sort_values(ascending=False) / total * 100
    models = rows[rows["model_permaslug"] != "other"].groupby("model_permaslug")["tokens"].sum()
    models = models.reset_index().sort_values(["tokens", "model_permaslug"], ascending=[False, True])
    return {
        "shares": {g: float(by_group.get(g, 0)) / total * 100 for g in GROUP_NAMES},
        "total": total,
        "labs": labs,
        "models": list(models["model_permaslug"]),
    }


def archived_weeks(data: Path = DATA, keep: int = 13) -> list[pd.Timestamp]:
    """The weeks the archive keeps: the latest `keep` full weeks, newest first."""
    return list(reversed(full_weeks(data)[-keep:]))


def percent(value: float) -> str:
    """As a page's text shows a share (pagetext.text turns the no-break space into a space)."""
    return f"{value:.1f} %"


def day(stamp: pd.Timestamp, month: str = "%B") -> str:
    """As the site writes a date in prose: 10 August 2026 (month="%b": 10 Aug 2026)."""
    return pd.Timestamp(stamp).strftime(f"%-d {month} %Y")
