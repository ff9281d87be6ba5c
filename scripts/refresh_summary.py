"""What a data refresh changed, as Markdown for the pull request a person reviews.

    python scripts/refresh_summary.py OLD_DATA_DIR NEW_DATA_DIR > summary.md

Compares two imported states of the data directory, reading only the agreed
columns of two files:
- `openrouter_daily.csv`: date, model_permaslug, author_slug, model_id,
  model_name, is_free, tokens, as_of, source (one row per date and model);
- `labs.csv`: author_slug, lab, country, country_group.

It reports the new days (and rows of earlier days whose tokens changed), the
authors new to the daily data and the labs new to labs.csv, the authors of the
new data that labs.csv does not map (with their tokens: they count as
"unknown" country until someone maps them), and the largest week-on-week share
moves by country group and by lab for the latest full week of the new data
(Monday to Sunday, UTC, all 7 days present) against the week before.

Exits 2 if the new directory has no daily data; an old directory without it
(the first import) makes every day new.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DAILY = "openrouter_daily.csv"
LABS = "labs.csv"
DAILY_COLUMNS = ["date", "model_permaslug", "author_slug", "model_id", "model_name", "is_free", "tokens", "as_of", "source"]
LAB_COLUMNS = ["author_slug", "lab", "country", "country_group"]
UNKNOWN_GROUP = "UNKNOWN"
TOP_MOVES = 5
MAX_LISTED = 15


@dataclass
class State:
    """One imported state of the data directory (None where a file is absent)."""

    daily: pd.DataFrame | None
    labs: pd.DataFrame | None


def load(data_dir: Path) -> State:
    data_dir = Path(data_dir)
    daily = labs = None
    if (data_dir / DAILY).is_file():
        daily = pd.read_csv(data_dir / DAILY, usecols=DAILY_COLUMNS, dtype={"model_permaslug": str, "author_slug": str})
        daily["date"] = pd.to_datetime(daily["date"], utc=True).dt.tz_localize(None).dt.normalize()
        daily["tokens"] = pd.to_numeric(daily["tokens"])
    if (data_dir / LABS).is_file():
        labs = pd.read_csv(data_dir / LABS, usecols=LAB_COLUMNS, dtype=str)
    return State(daily, labs)


# --- the comparisons ----------------------------------------------------------------


def new_days(old: State, new: State) -> list[pd.Timestamp]:
    before = set() if old.daily is None else set(old.daily["date"])
    return sorted(set(new.daily["date"]) - before)


def revised_rows(old: State, new: State) -> pd.DataFrame:
    """Rows of days both states have whose tokens changed: date, model_permaslug, old, new."""
    if old.daily is None:
        return pd.DataFrame(columns=["date", "model_permaslug", "tokens_old", "tokens_new"])
    key = ["date", "model_permaslug"]
    both = old.daily[key + ["tokens"]].merge(new.daily[key + ["tokens"]], on=key, suffixes=("_old", "_new"))
    return both[both["tokens_old"] != both["tokens_new"]].sort_values(key).reset_index(drop=True)


def new_authors(old: State, new: State) -> list[str]:
    before = set() if old.daily is None else set(old.daily["author_slug"])
    return sorted(set(new.daily["author_slug"]) - before)


def new_labs(old: State, new: State) -> pd.DataFrame:
    """Rows of the new labs.csv whose author_slug the old one did not have."""
    if new.labs is None:
        return pd.DataFrame(columns=LAB_COLUMNS)
    before = set() if old.labs is None else set(old.labs["author_slug"])
    return new.labs[~new.labs["author_slug"].isin(before)].sort_values("author_slug").reset_index(drop=True)


def unmapped_authors(new: State) -> pd.DataFrame:
    """Authors of the new daily data missing from the new labs.csv: author_slug, tokens, days, models."""
    mapped = set() if new.labs is None else set(new.labs["author_slug"])
    rows = new.daily[~new.daily["author_slug"].isin(mapped)]
    out = rows.groupby("author_slug").agg(tokens=("tokens", "sum"), days=("date", "nunique"),
                                          models=("model_permaslug", "nunique")).reset_index()
    return out.sort_values(["tokens", "author_slug"], ascending=[False, True]).reset_index(drop=True)


def full_weeks(daily: pd.DataFrame) -> list[pd.Timestamp]:
    """Mondays (UTC) of the weeks whose 7 days are all in the data, oldest first."""
    dates = pd.Series(sorted(set(daily["date"])))
    weeks = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    counts = weeks.value_counts()
    return sorted(w for w, n in counts.items() if n == 7)


def labelled(new: State) -> pd.DataFrame:
    """The new daily rows with week, lab and country group (unmapped: the author slug, UNKNOWN)."""
    frame = new.daily[["date", "author_slug", "tokens"]].copy()
    frame["week"] = frame["date"] - pd.to_timedelta(frame["date"].dt.day_of_week, unit="D")
    labs = new.labs if new.labs is not None else pd.DataFrame(columns=LAB_COLUMNS)
    frame = frame.merge(labs[["author_slug", "lab", "country_group"]].drop_duplicates("author_slug"), on="author_slug", how="left")
    frame["lab"] = frame["lab"].fillna(frame["author_slug"] + " (unmapped)")
    frame["country_group"] = frame["country_group"].fillna(UNKNOWN_GROUP)
    return frame


def share_moves(frame: pd.DataFrame, by: str, week: pd.Timestamp, previous: pd.Timestamp) -> pd.DataFrame:
    """Share (%) of each `by` in two weeks and the change in points, largest moves first."""
    two = frame[frame["week"].isin([previous, week])]
    tokens = two.pivot_table(index=by, columns="week", values="tokens", aggfunc="sum", fill_value=0)
    tokens = tokens.reindex(columns=[previous, week], fill_value=0)
    shares = tokens / tokens.sum(axis=0) * 100
    out = pd.DataFrame({by: shares.index, "share_before": shares[previous].values, "share_after": shares[week].values})
    out["change_pts"] = out["share_after"] - out["share_before"]
    out["size"] = out["change_pts"].abs()
    return out.sort_values(["size", by], ascending=[False, True]).drop(columns="size").reset_index(drop=True)


# --- Markdown -------------------------------------------------------------------------


def tokens_text(n: float) -> str:
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= factor:
            return f"{n / factor:.2f}{suffix}"
    return f"{n:.0f}"


def day(d: pd.Timestamp) -> str:
    return d.strftime("%Y-%m-%d")


def days_text(days: list[pd.Timestamp]) -> str:
    if not days:
        return "none"
    runs, start, prev = [], days[0], days[0]
    for d in days[1:] + [None]:
        if d is not None and d - prev == pd.Timedelta(days=1):
            prev = d
            continue
        runs.append(day(start) if start == prev else f"{day(start)} to {day(prev)}")
        if d is not None:
            start = prev = d
    return f"{len(days)} ({', '.join(runs)})"


def as_of_text(state: State) -> str:
    if state.daily is None or state.daily.empty:
        return "no daily data"
    return str(state.daily["as_of"].astype(str).max())


def cell(value) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def moves_table(moves: pd.DataFrame, by: str, title: str) -> list[str]:
    lines = [f"| {title} | share before | share after | change |", "|---|---:|---:|---:|"]
    for row in moves.head(TOP_MOVES).itertuples(index=False):
        lines.append(f"| {cell(getattr(row, by))} | {row.share_before:.1f} % | {row.share_after:.1f} % | {row.change_pts:+.1f} pts |")
    return lines


def summarize(old: State, new: State) -> str:
    if new.daily is None:
        raise ValueError(f"the new data has no {DAILY}")
    out = ["## Data refresh", "",
           f"Daily data as of **{as_of_text(new)}** (was {as_of_text(old)}); "
           f"{len(new.daily):,} rows, {new.daily['date'].nunique()} days, "
           f"{day(new.daily['date'].min())} to {day(new.daily['date'].max())}.", ""]

    out += ["### New days", "", f"- New days: {days_text(new_days(old, new))}"]
    revised = revised_rows(old, new)
    if len(revised):
        out.append(f"- Rows of earlier days with changed tokens: {len(revised)} on {revised['date'].nunique()} day(s) "
                   f"(first: {day(revised['date'].iloc[0])} {revised['model_permaslug'].iloc[0]}, "
                   f"{tokens_text(revised['tokens_old'].iloc[0])} → {tokens_text(revised['tokens_new'].iloc[0])})")
    else:
        out.append("- Rows of earlier days with changed tokens: none")

    out += ["", "### New labs and authors", ""]
    authors = new_authors(old, new)
    out.append("- Authors new to the daily data: " + (", ".join(f"`{a}`" for a in authors[:MAX_LISTED]) if authors else "none")
               + (f" and {len(authors) - MAX_LISTED} more" if len(authors) > MAX_LISTED else ""))
    labs = new_labs(old, new)
    if len(labs):
        listed = [f"{cell(r.lab)} (`{r.author_slug}`, {r.country_group})" for r in labs.head(MAX_LISTED).itertuples(index=False)]
        out.append("- Labs new to labs.csv: " + ", ".join(listed) + (f" and {len(labs) - MAX_LISTED} more" if len(labs) > MAX_LISTED else ""))
    else:
        out.append("- Labs new to labs.csv: none")

    out += ["", "### Authors missing from labs.csv", ""]
    unmapped = unmapped_authors(new)
    if len(unmapped):
        total = new.daily["tokens"].sum()
        out += [f"{len(unmapped)} author(s) with {tokens_text(unmapped['tokens'].sum())} tokens "
                f"({unmapped['tokens'].sum() / total * 100:.2f} % of all) count as unknown country until mapped in `data/labs.csv`:", "",
                "| author_slug | tokens | share of all | days | models |", "|---|---:|---:|---:|---:|"]
        for r in unmapped.head(MAX_LISTED).itertuples(index=False):
            out.append(f"| `{cell(r.author_slug)}` | {tokens_text(r.tokens)} | {r.tokens / total * 100:.2f} % | {r.days} | {r.models} |")
        if len(unmapped) > MAX_LISTED:
            out.append(f"| … and {len(unmapped) - MAX_LISTED} more | | | | |")
    else:
        out.append("None: every author in the daily data is in labs.csv.")

    out += ["", "### Largest share moves, latest full week", ""]
    weeks = full_weeks(new.daily)
    if not weeks:
        out.append("No full week (Monday to Sunday, all 7 days) in the new data.")
    elif weeks[-1] - pd.Timedelta(days=7) not in weeks:
        out.append(f"Latest full week starts {day(weeks[-1])}; the week before is not complete, so there is no week-on-week move.")
    else:
        week, previous = weeks[-1], weeks[-1] - pd.Timedelta(days=7)
        frame = labelled(new)
        out += [f"Week of {day(week)} (Monday to Sunday, UTC) against the week of {day(previous)}; "
                f"share of all tokens, largest moves first.", ""]
        out += moves_table(share_moves(frame, "country_group", week, previous), "country_group", "Country group")
        out += [""]
        out += moves_table(share_moves(frame, "lab", week, previous), "lab", "Lab")
    out += ["", "_Made by `scripts/refresh_summary.py` from the imported data; check it before merging: "
            "merging publishes the new data._"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the data directory before the refresh")
    parser.add_argument("new", type=Path, help="the data directory after the refresh")
    args = parser.parse_args(argv)
    try:
        print(summarize(load(args.old), load(args.new)), end="")
    except ValueError as exc:
        print(f"error: {exc} ({args.new})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
