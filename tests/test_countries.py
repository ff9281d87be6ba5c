"""Countries one by one, tokens beside shares, and rounded numbers that agree.

Unit tests on small hand-made frames (SYNTHETIC) and on the repository's
catalog; page tests compare what the built site shows with an independent
computation straight from data/openrouter_daily.csv and data/labs.csv in plain
pandas, never with today's figures (the data gains a week every Monday).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from macros.charts import declarations
from macros.pages import numbers as figures
from macros.pages import tables as named_tables
from macros.series import rounding
from macros.series import views
from macros.series.views import by_country
from macros.core.errors import MacroError
from pagetext import page, tables, text

ROOT = Path(__file__).resolve().parent.parent
NB = "\u00a0"


# --- independent computation from the CSVs -------------------------------------------------


@pytest.fixture(scope="module")
def plain():
    """Weekly tokens by (country code, group) from the raw CSVs, with plain pandas only."""
    daily = pd.read_csv(ROOT / "data" / "openrouter_daily.csv", parse_dates=["date"])
    labs = pd.read_csv(ROOT / "data" / "labs.csv", keep_default_na=False)
    rows = daily.merge(labs[["author_slug", "country", "country_group"]], on="author_slug", how="left")
    rows[["country", "country_group"]] = rows[["country", "country_group"]].fillna("UNKNOWN")
    rows["week"] = rows["date"] - pd.to_timedelta(rows["date"].dt.day_of_week, unit="D")
    days = rows.groupby("week")["date"].nunique()
    full = sorted(days[days == 7].index)
    by_country = rows.groupby(["week", "country", "country_group"], as_index=False)["tokens"].sum()
    by_country["share"] = by_country["tokens"] / by_country.groupby("week")["tokens"].transform("sum") * 100
    groups = by_country.groupby(["week", "country_group"])[["tokens", "share"]].sum()
    return {"first": full[0], "latest": full[-1], "countries": by_country, "groups": groups, "labs": labs}


def pct(value: float) -> str:
    return f"{value:.1f} %".replace("-", "−")


def tok(value: float) -> str:
    from macros.series.formatting import tokens
    return tokens(value)


def day(week) -> str:
    return pd.Timestamp(week).strftime("%-d %B %Y")


# --- the rounding helper ----------------------------------------------------------------


def test_rounded_parts_and_whole():
    assert rounding.adds_up([17.8, 16.5, 12.3], 46.6)  # the seed week's rounded parts: exact
    assert not rounding.adds_up([11.736, 8.402, 8.245], 28.383)  # 11.7 + 8.4 + 8.2 = 28.3, whole 28.4
    assert rounding.shown_sum([0.15, 0.25], 1) == Decimal("0.3")  # as the text shows them: "0.1" and "0.2"
    assert rounding.sum_note([50.04, 49.96], 100.0) == ""
    assert "these add up to 99.9" in rounding.sum_note([33.34, 33.33, 33.33], 100.0)
    note = rounding.sum_note([33.35, 33.35, 33.30], 100.0)
    assert note.startswith(rounding.NOTE) and f"100.0{NB}%" in note and f"these add up to 100.1{NB}%" in note
    assert rounding.shown_difference(44.847, 57.255) == pytest.approx(12.5)  # 44.8 to 57.3
    assert rounding.note_html("") == ""
    assert rounding.note_html("a <b> & c") == '<p class="ts-table-note">a &lt;b&gt; &amp; c</p>'


# --- the countries view on a hand-made catalog --------------------------------------------


class _Column:
    def __init__(self, enum):
        self.enum = enum

    def label(self, value):
        return self.enum.get(value, value)


class _Meta:
    sources = ("synthetic-source",)
    as_of = "2030-01-31"

    def column(self, name):
        return _Column({"US": "United States", "CN": "China", "OTHER": "Other countries", "UNKNOWN": "Unknown"})


class FakeCatalog:
    """SYNTHETIC: a two-week daily table and a lab table, enough for the country views."""

    def __init__(self):
        dates = pd.date_range("2030-01-07", periods=14, freq="D")  # two full weeks
        rows = []
        for d in dates:
            rows += [(d, "us-lab", 30.0), (d, "cn-lab", 50.0), (d, "fr-lab", 1.0), (d, "de-lab", 2.0), (d, "other", 17.0)]
        rows.append((dates[-1], "stray-slug", 7.0))  # an author the lab table lacks: counted as Unknown
        self.daily = pd.DataFrame(rows, columns=["date", "author_slug", "tokens"]).assign(model_permaslug="m")
        self.labs = pd.DataFrame({
            "author_slug": ["us-lab", "cn-lab", "fr-lab", "de-lab", "other", "jp-lab"],
            "lab": ["US lab", "CN lab", "FR lab", "DE lab", "Other", "JP lab"],
            "country": ["US", "CN", "FR", "DE", "UNKNOWN", "JP"],
            "country_group": ["US", "CN", "OTHER", "OTHER", "UNKNOWN", "OTHER"],
        })

    def frame(self, name):
        return {"openrouter_daily": self.daily, "labs": self.labs}[name]

    def meta(self, name):
        return _Meta()


@pytest.fixture
def fake():
    return FakeCatalog()


def _uncached(fn, *args, **kwargs):
    return getattr(fn, "uncached", fn)(*args, **kwargs)


def test_country_detail_on_a_hand_made_frame(fake, monkeypatch):
    weekly_totals = views.weekly_totals.uncached
    monkeypatch.setattr(by_country, "weekly_totals", lambda cat, keys: weekly_totals(cat, keys))
    frame = _uncached(views.country_detail_weekly, fake)
    second = frame[frame["week_start"] == pd.Timestamp("2030-01-14")].set_index("country_code")
    assert set(second.index) == {"US", "CN", "FR", "DE", "UNKNOWN"}  # JP has no tokens: no row
    assert second.loc["UNKNOWN", "tokens"] == 7 * 17.0 + 7.0  # the stray slug is never dropped
    assert second["share_pct"].sum() == pytest.approx(100.0)
    assert second.loc["FR", "country_name"] == "France" and second.loc["DE", "country_name"] == "Germany"
    assert second.loc["US", "country_name"] == "United States"  # from the sidecar's group label
    assert second.loc["FR", "country"] == "Other countries" and second.loc["FR", "country_group"] == "OTHER"
    total = 7 * 100.0 + 7.0
    assert second.loc["CN", "share_pct"] == pytest.approx(7 * 50.0 / total * 100)


def test_country_names(fake):
    assert views.country_name(fake, "KR") == "South Korea"
    assert views.country_name(fake, "CN") == "China"
    assert views.country_name(fake, "ZZ") == "ZZ"  # an unmapped code is shown as itself


def test_every_country_code_of_the_lab_table_has_a_name(catalog):
    for code in set(catalog.frame("labs")["country"]):
        assert views.country_name(catalog, code) != code, code


# --- the repository's catalog ---------------------------------------------------------------


def test_countries_view_from_the_catalog(catalog, plain):
    frame = views.countries(catalog, "latest").frame
    expected = plain["countries"][plain["countries"]["week"] == plain["latest"]].set_index("country")
    assert set(frame["country_code"]) == set(expected.index[expected["tokens"] > 0])
    for row in frame.itertuples():
        assert row.tokens == expected.loc[row.country_code, "tokens"]
        assert row.share_pct == pytest.approx(expected.loc[row.country_code, "share"])
    assert frame["country_group"].iloc[-1] == "UNKNOWN"  # Unknown last
    known = frame[frame["country_group"] != "UNKNOWN"]
    assert known["tokens"].is_monotonic_decreasing
    # the countries of a group add up to the group of the weekly view, from unrounded tokens
    weekly = views.country_weekly(catalog).frame
    weekly = weekly[weekly["week_start"] == plain["latest"]].set_index("country_group")
    for group, rows in frame.groupby("country_group"):
        assert rows["tokens"].sum() == weekly.loc[group, "tokens"]
    with pytest.raises(MacroError):
        views.countries(catalog, "seed")


def test_the_tokens_chart_is_declared_over_the_weekly_view(catalog):
    decl, view = declarations.named(catalog, "country_tokens_weekly")
    assert (decl.view, decl.mark, decl.x, decl.y, decl.color) == ("country_weekly", "line", "week_start", "tokens", "country")
    assert decl.title and decl.subtitle and decl.note
    assert set(view.frame["country_group"]) == {"US", "CN", "OTHER", "UNKNOWN"}
    decl, view = declarations.declare(catalog, "t", dict(view="countries", week="first", mark="bar", x="tokens", y="country_name", color="country"))
    assert len(view.frame) >= 3


def test_token_figures_against_plain_pandas(catalog, plain):
    groups = plain["groups"]
    for code in ("US", "CN", "OTHER", "UNKNOWN"):
        a, b = groups.loc[(plain["first"], code), "tokens"], groups.loc[(plain["latest"], code), "tokens"]
        assert figures.evaluate(catalog, "tokens", country=code).value == b
        assert figures.evaluate(catalog, "tokens", country=code, week="first").value == a
        change = figures.evaluate(catalog, "change", country=code, of="tokens")
        assert change.value == pytest.approx((b - a) / a * 100)
        assert change.text == f"{(b - a) / a * 100:+.0f}{NB}%".replace("-", "−")
    lab = figures.evaluate(catalog, "change", lab="deepseek", of="tokens")
    first = views.lab_shares(catalog, "first").frame.set_index("author_slug").loc["deepseek", "tokens"]
    latest = views.lab_shares(catalog, "latest").frame.set_index("author_slug").loc["deepseek", "tokens"]
    assert lab.value == pytest.approx((latest - first) / first * 100)
    everything = figures.evaluate(catalog, "change", of="tokens")  # unchanged: all tokens
    totals = groups["tokens"].groupby(level=0).sum()
    assert everything.value == pytest.approx((totals[plain["latest"]] - totals[plain["first"]]) / totals[plain["first"]] * 100)


def test_a_change_in_points_is_the_unrounded_difference_with_a_note_where_the_shown_shares_disagree(catalog):
    """The change is rounded once, from unrounded shares; where the shares as shown differ by
    another tenth, the rounding figure says so, naming the country (and only there)."""
    for code in ("US", "CN", "OTHER", "UNKNOWN"):
        a = figures.evaluate(catalog, "share", country=code, week="first")
        b = figures.evaluate(catalog, "share", country=code)
        change = figures.evaluate(catalog, "change", country=code)
        assert change.value == pytest.approx(b.value - a.value)
        assert Decimal(change.text.split(NB)[0].replace("−", "-")) == Decimal(f"{b.value - a.value:.1f}")
        shown = Decimal(b.text.split(NB)[0]) - Decimal(a.text.split(NB)[0].replace("−", "-"))
        note = figures.figure(catalog, "rounding", change=code)
        assert bool(note) == (shown != Decimal(f"{b.value - a.value:.1f}")), code
        if note:
            assert note.startswith(views.country_label(catalog, code)) and "unrounded" in note


@pytest.mark.parametrize("params, expect", [
    (dict(country="Chna"), "Did you mean 'China'?"),
    (dict(country="US", month="2026-07"), "weekly"),
    (dict(country="US", week="seed"), "seed week"),
    (dict(country="US", lab="openai"), "exactly one of"),
])
def test_token_figure_mistakes(catalog, params, expect):
    with pytest.raises(MacroError) as err:
        figures.figure(catalog, "tokens", **params)
    assert expect in err.value.describe()


def test_rounding_figure(catalog):
    assert figures.figure(catalog, "rounding", labs="anthropic,google,openai", week="seed") == ""  # rounded parts: exact
    table = views.weeks(catalog)
    for week in table.loc[~table["partial"], "week_start"]:
        week = week.strftime("%Y-%m-%d")
        parts = [views.group_share(catalog, week, labs_=[s]) for s in ("anthropic", "google", "openai")]
        whole = views.group_share(catalog, week, labs_=["anthropic", "google", "openai"])
        fig = figures.evaluate(catalog, "rounding", labs="anthropic,google,openai", week=week)
        adds = sum(Decimal(f"{p:.1f}") for p in parts) == Decimal(f"{whole:.1f}")
        assert (fig.text == "") == adds and (fig.value == 0) == adds
    with pytest.raises(MacroError):
        figures.figure(catalog, "rounding", labs="anthropic", countries="US")
    with pytest.raises(MacroError):
        figures.figure(catalog, "rounding", countries="US", decimals="1")


def test_the_countries_table_and_its_note(catalog, plain):
    html = named_tables.table(catalog, "countries", week="first")
    rows = tables(html)[0]
    assert rows[0] == ["Country", "Counted as", f"Tokens, week of {pd.Timestamp(plain['first']).strftime('%-d %b %Y')}", "Share of tokens (%)"]
    expected = plain["countries"][plain["countries"]["week"] == plain["first"]]
    expected = expected[expected["tokens"] > 0]
    assert len(rows) - 1 == len(expected)
    shares = [float(r[3]) for r in rows[1:]]
    sum_ok = sum(Decimal(r[3]) for r in rows[1:]) == Decimal("100.0")
    assert ("ts-table-note" in html) == (not sum_ok or _group_off(expected, plain["groups"].loc[plain["first"]]))
    assert shares == [round(s, 1) for s in shares]


def _group_off(countries: pd.DataFrame, groups: pd.DataFrame) -> bool:
    for group, rows in countries.groupby("country_group"):
        if len(rows) > 1 and sum(Decimal(f"{s:.1f}") for s in rows["share"]) != Decimal(f"{groups.loc[group, 'share']:.1f}"):
            return True
    return False


# --- the built pages against the CSVs -------------------------------------------------------


def test_home_page_puts_tokens_beside_shares(site, plain):
    body = text(page(site, ""))
    g, first, latest = plain["groups"], plain["first"], plain["latest"]
    us0, us1 = g.loc[(first, "US")], g.loc[(latest, "US")]
    share_change = Decimal(f"{us1['share']:.1f}") - Decimal(f"{us0['share']:.1f}")
    unit = "pt" if abs(share_change) == 1 else "pts"
    sentence = (f"the US share went from {pct(us0['share'])} to {pct(us1['share'])} "
                f"({'+' if share_change > 0 else ''}{share_change} {unit}) and US labs' tokens from "
                f"{tok(us0['tokens'])} to {tok(us1['tokens'])} a week "
                f"({(us1['tokens'] - us0['tokens']) / us0['tokens'] * 100:+.0f} %)").replace("-", "−")
    assert sentence in body, sentence
    assert "Tokens by country, week by week" in body
    # the tokens chart follows the share chart in "What happened next"
    section = body[body.index("What happened next"):body.index("The longer view ¶")]
    assert section.index("Who takes the tokens: share by country") < section.index("Tokens by country, week by week")


def test_countries_page_tokens_and_every_country(site, plain):
    html = page(site, "countries")
    body = text(html)
    g, first, latest = plain["groups"], plain["first"], plain["latest"]
    for code in ("US", "CN"):
        assert tok(g.loc[(latest, code), "tokens"]) in body and tok(g.loc[(first, code), "tokens"]) in body
    us0, us1 = g.loc[(first, "US")], g.loc[(latest, "US")]
    assert f"while US labs' tokens went from {tok(us0['tokens'])} to {tok(us1['tokens'])} a week" in body
    # the "Every country" table, row for row, from the CSVs
    every = next(t for t in tables(html) if t and t[0][:2] == ["Country", "Counted as"])
    expected = plain["countries"][(plain["countries"]["week"] == latest) & (plain["countries"]["tokens"] > 0)]
    assert len(every) - 1 == len(expected)
    names = {"UNKNOWN": "Unknown", "US": "United States", "CN": "China"}
    shown = {r[0]: r for r in every[1:]}
    for row in expected.itertuples():
        name = names.get(row.country) or views.COUNTRY_NAMES[row.country]
        assert shown[name][2] == tok(row.tokens) and shown[name][3] == f"{row.share:.1f}", name
    assert every[-1][0] == "Unknown"
    # its note appears exactly when the rounded shares miss 100 % or a group's share
    note_due = sum(Decimal(f"{s:.1f}") for s in expected["share"]) != Decimal("100.0") or _group_off(expected, g.loc[latest])
    section = html[html.index('id="every-country"'):html.index('id="the-weekly-table"')]
    assert ("ts-table-note" in section) == note_due
    assert "Every country" in body and "Tokens by country, week by week" in body


def test_the_weekly_table_notes_rounding_only_when_a_week_misses_100(site):
    html = page(site, "countries")
    section = html[html.index('id="the-weekly-table"'):]
    weekly = next(t for t in tables(section) if t and t[0][:2] == ["Week starting", "United States (%)"])
    off = [row for row in weekly[1:] if sum(Decimal(c) for c in row[1:5]) != Decimal("100.0")]
    note = re.search(r'<p class="ts-table-note">([^<]*)</p>', section)
    assert bool(note) == bool(off)
    if off:
        assert f"in {len(off)} of the {len(weekly) - 1} weeks" in note.group(1) or (len(off) == 1 and "one week" in note.group(1))


def test_labs_page_big_three_and_the_latest_table(site, plain):
    html = page(site, "labs")
    body = text(html)
    daily = pd.read_csv(ROOT / "data" / "openrouter_daily.csv", parse_dates=["date"])
    week = daily[(daily["date"] >= plain["latest"]) & (daily["date"] < plain["latest"] + pd.Timedelta(days=7))]
    by_lab = week.groupby("author_slug")["tokens"].sum()
    shares = by_lab / by_lab.sum() * 100
    three = shares[["anthropic", "google", "openai"]]
    assert f"took {pct(three.sum())} between them" in body
    parts_sum = sum(Decimal(f"{s:.1f}") for s in three)
    note = f"these add up to {parts_sum} %, the total is {three.sum():.1f} %"
    assert (note in body) == (parts_sum != Decimal(f"{three.sum():.1f}"))
    # the latest week's table: a note exactly when its rounded shares miss 100 %
    latest_section = html[html.index('id="the-latest-full-week"'):html.index('id="every-lab"')]
    rounded = sum(Decimal(f"{s:.1f}") for s in shares)
    assert ("ts-table-note" in latest_section.split("</table>")[-1]) == (rounded != Decimal("100.0"))
