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
        week=rows["date"] - pd.to_timedelta(rows["date"].dt.day_of_week, unit="D"),
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


# --- a full week against the week before (the weekly briefing) ----------------------------------

MINUS = "\u2212"


def previous_full_week(week: pd.Timestamp, data: Path = DATA) -> pd.Timestamp | None:
    """The full week seven days before `week`, or None (the first full week has nothing to compare with)."""
    before = pd.Timestamp(week) - pd.Timedelta(days=7)
    return before if before in full_weeks(data) else None


def policy_rows(data: Path = DATA) -> set[str]:
    """Author slugs of the lab table that are not labs (other, stealth, the remainder): no page, never a mover."""
    labs = pd.read_csv(Path(data) / "labs.csv", keep_default_na=False)
    return set(labs.loc[labs["basis"] == "policy", "author_slug"])


def week_against_before(week: pd.Timestamp, key: str, data: Path = DATA) -> pd.DataFrame:
    """Tokens and % of all tokens by `key` (author_slug or model_permaslug) in `week` and the full week before,
    a missing side as 0, with the changes: columns now, before (tokens), share, share_before, pts, dtokens."""
    rows = daily(data)
    prev = previous_full_week(week, data)

    def one(start):
        part = rows[rows["week"] == start]
        by = part.groupby(key)["tokens"].sum().astype(float)
        return by, by / float(part["tokens"].sum()) * 100

    now, share = one(week)
    before, share_before = one(prev)
    frame = pd.DataFrame({"now": now, "before": before, "share": share, "share_before": share_before}).fillna(0.0)
    return frame.assign(pts=frame["share"] - frame["share_before"], dtokens=frame["now"] - frame["before"])


def largest(frame: pd.DataFrame, column: str, up: bool, n: int = 3) -> list[str]:
    """The keys of the `n` largest rises (or falls) of `column`, ties by key; none that did not move."""
    moved = frame[frame[column] > 0] if up else frame[frame[column] < 0]
    moved = moved.assign(_key=moved.index).sort_values([column, "_key"], ascending=[not up, True])
    return list(moved.index[:n])


def top50(week: pd.Timestamp, data: Path = DATA) -> set[str]:
    ranking = model_ranking(week, data)
    return set(ranking.loc[ranking["rank"] <= 50, "model"])


def points(value: float) -> str:
    """A change in share as a page's text shows it: +1.6 pts, −2.3 pts, +1.0 pt."""
    shown = f"{abs(value):.1f}"
    sign = "+" if value > 0 else (MINUS if value < 0 else "")
    return f"{sign}{shown} {'pt' if shown == '1.0' else 'pts'}"


def tokens(value: float) -> str:
    """Tokens as a page's text shows them: three significant digits and a scale letter (8.21T, 910B, −1.61T)."""
    import math

    size = abs(value)
    for scale, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if size >= scale * 0.9995:
            x = size / scale
            places = max(2 - int(math.floor(math.log10(x))), 0)
            text = f"{x:.{places}f}"
            if len(text.replace(".", "").lstrip("0")) > 3 and places > 0:
                text = f"{x:.{places - 1}f}"
            return (MINUS if value < 0 else "") + text + letter
    return (MINUS if value < 0 else "") + f"{size:,.0f}"


def as_of_of_week(week: pd.Timestamp, data: Path = DATA) -> str:
    """The latest `as_of` of the rows of `week` and the week before, as written in the file."""
    rows = daily(data)
    start = pd.Timestamp(week)
    part = rows[(rows["week"] == start) | (rows["week"] == start - pd.Timedelta(days=7))]
    return str(part["as_of"].max())
