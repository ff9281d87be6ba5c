"""The weekly briefings and their Atom feed, on the real site, against the rows.

Every expected figure is computed again from data/ with plain pandas
(tests/rows.py): the country shares and their change, the largest movers, the
models in and out of the top 50, the weeks where a claim of the story flips,
and the feed's entries. Nothing here is a literal of today's data.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import feedparser
import pandas as pd
import pytest

import rows
from pagetext import page, tables, text

pytestmark = pytest.mark.build

US_TOKENS_CLAIM = "US labs take more tokens a week than in the first full week."


def weeks() -> list[str]:
    return [f"{w:%Y-%m-%d}" for w in rows.full_weeks()]


def briefing(site: Path, week: str) -> str:
    return page(site, f"weekly/{week}")


def paragraph(html: str, kind: str) -> str:
    """The movers paragraph of a kind (labs-share-up, models-tokens-down, top50-in, ...), or ""."""
    match = re.search(rf'<p class="ts-movers" data-ts-movers="{kind}">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def links(fragment: str) -> list[tuple[str, str]]:
    return [(href, unescape(name)) for href, name in re.findall(r'<a href="([^"]+)">([^<]*)</a>', fragment)]


def permaslug(site: Path, week: str, href: str) -> str:
    """The model a briefing's link leads to, read off the model page it opens."""
    target = os.path.normpath(site / "weekly" / week / href) + "/index.html"
    found = re.search(r"\(permaslug <code>([^<]+)</code>\)", Path(target).read_text(encoding="utf-8"))
    assert found, f"{href} from weekly/{week}/ is not a model page"
    return unescape(found.group(1))


def lab_names() -> dict[str, str]:
    labs = pd.read_csv(rows.DATA / "labs.csv", keep_default_na=False)
    return dict(zip(labs["author_slug"], labs["lab"]))


def test_every_full_week_has_a_briefing_newest_first_on_the_weekly_page(site):
    html = page(site, "weekly")
    listed = re.findall(r'<h2 id="week-(\d{4}-\d{2}-\d{2})"', html)
    assert listed == weeks()[::-1]
    for week in weeks():
        assert f"The week of {rows.day(pd.Timestamp(week))}" in text(briefing(site, week))


def test_country_shares_and_changes_equal_the_rows(site):
    for week in weeks():
        stamp, html = pd.Timestamp(week), briefing(site, week)
        table = [t for t in tables(html) if t and t[0][0] == "Country"][0]
        shown = {r[0]: r[1:] for r in table[1:]}
        shares, tokens = rows.country_shares(stamp), rows.country_tokens(stamp)
        prev = rows.previous_full_week(stamp)
        for code, name in rows.GROUP_NAMES.items():
            cells = shown[name]
            assert cells[0] == rows.percent(shares[code]), (week, name)
            if prev is None:
                assert cells[1] == rows.tokens(tokens[code]), (week, name)
                continue
            change = shares[code] - rows.country_shares(prev)[code]
            assert cells[1] == ("no change" if f"{abs(change):.1f}" == "0.0" else rows.points(change)), (week, name)
            assert cells[2] == rows.tokens(tokens[code]), (week, name)
            delta = tokens[code] - rows.country_tokens(prev)[code]
            assert cells[3] == ("+" if delta > 0 else "") + rows.tokens(delta), (week, name)
        lead = text(re.search(r'<p class="ts-week-lead">(.*?)</p>', html, re.S).group(1))
        assert rows.percent(shares["CN"]) in lead and rows.percent(shares["US"]) in lead
        assert rows.tokens(sum(tokens.values())) in lead


def test_the_largest_movers_equal_an_independent_computation(site):
    names = lab_names()
    checked = 0
    for week in weeks():
        stamp, html = pd.Timestamp(week), briefing(site, week)
        if rows.previous_full_week(stamp) is None:
            assert 'data-ts-movers="' not in html, "the first full week has no week before to move from"
            continue
        labs = rows.week_against_before(stamp, "author_slug")
        labs = labs[~labs.index.isin(rows.policy_rows())]
        models = rows.week_against_before(stamp, "model_permaslug")
        models = models[models.index != "other"]
        for column, label in (("pts", "share"), ("dtokens", "tokens")):
            for up in (True, False):
                kind = f"{label}-{'up' if up else 'down'}"
                expected = rows.largest(labs, column, up)
                shown = links(paragraph(html, f"labs-{kind}"))
                assert [name for _, name in shown] == [names[slug] for slug in expected], (week, kind)
                body = text(paragraph(html, f"labs-{kind}"))
                for slug in expected:  # each mover's change as the rows give it
                    amount = rows.points(abs(labs.loc[slug, column]))[1:] if column == "pts" else rows.tokens(abs(labs.loc[slug, column]))
                    assert amount in body, (week, kind, slug, amount)
                expected = rows.largest(models, column, up)
                shown = links(paragraph(html, f"models-{kind}"))
                assert [permaslug(site, week, href) for href, _ in shown] == expected, (week, kind)
                checked += len(expected)
    assert checked > 0


def test_models_in_and_out_of_the_top_50_equal_the_rows(site):
    for week in weeks()[1:]:
        stamp, html = pd.Timestamp(week), briefing(site, week)
        now, before = rows.top50(stamp), rows.top50(rows.previous_full_week(stamp))
        entered = {permaslug(site, week, href) for href, _ in links(paragraph(html, "top50-in"))}
        left = {permaslug(site, week, href) for href, _ in links(paragraph(html, "top50-out"))}
        assert entered == now - before, week
        assert left == before - now, week


def us_tokens_flips() -> dict[str, bool]:
    """week -> whether the claim holds now, for every full week where US tokens against the first full week
    changed side from the week before (computed from the rows)."""
    first = rows.first_full_week()
    base = rows.country_tokens(first)["US"]
    holds = {w: rows.country_tokens(w)["US"] > base for w in rows.full_weeks()}
    return {f"{w:%Y-%m-%d}": holds[w] for w in rows.full_weeks()[1:]
            if holds[w] != holds[w - pd.Timedelta(days=7)]}


def test_a_week_where_a_claim_flips_says_so(site):
    flips = us_tokens_flips()
    assert flips, "the real rows have a week where US tokens cross their first full week's"
    for week in weeks()[1:]:
        body = text(briefing(site, week))
        if week in flips:
            state = "now holds" if flips[week] else "no longer holds"
            assert f"“ {US_TOKENS_CLAIM} ” {state}" in body, week
        else:
            assert US_TOKENS_CLAIM not in body, week
    link = re.search(r'<li class="ts-week-claim[^"]*">“<a href="([^"]+)"', briefing(site, next(iter(flips))))
    assert link and link.group(1).startswith("../../#claim-"), "the claim links to where the story makes it"


def test_the_partial_week_is_marked_on_the_weekly_page_and_the_newest_briefing_only(site):
    table = rows.weeks()
    partial = table[(table["days"] < 7) & (table.index > rows.latest_full_week())]
    if partial.empty:
        pytest.skip("the rows end on a Sunday: no week so far")
    start, days = partial.index[-1], int(partial["days"].iloc[-1])
    shares = rows.country_shares(start)
    for html in (page(site, "weekly"), briefing(site, weeks()[-1])):
        box = text(re.search(r'<div class="admonition warning ts-partial-week".*?</div>', html, re.S).group(0))
        assert "partial" in box and f"The week of {rows.day(start)} is not over" in box
        assert rows.percent(shares["CN"]) in box and rows.percent(shares["US"]) in box
        assert rows.tokens(float(partial["total"].iloc[-1])) in box
        assert str(days) in box or ["no", "one", "two", "three", "four", "five", "six"][days] in box
    for week in weeks()[:-1]:
        assert "ts-partial-week" not in briefing(site, week)


def test_the_feed_is_atom_with_one_entry_per_full_week(site, site_port):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    entries = parsed.entries
    assert [e.link for e in entries] == [f"http://127.0.0.1:{site_port}/weekly/{w}/" for w in weeks()[::-1]]
    assert len({e.id for e in entries}) == len(weeks())
    for entry, week in zip(entries, weeks()[::-1]):
        assert entry.id == f"tag:127.0.0.1,{week}:weekly/{week}"  # no port: a test server's cannot move it
        assert entry.updated == rows.as_of_of_week(pd.Timestamp(week))
        lead = re.search(r'<p class="ts-week-lead">(.*?)</p>', briefing(site, week), re.S).group(1)
        assert entry.summary == unescape(lead), week
    assert parsed.feed.updated == max(e.updated for e in entries)


def test_every_page_links_the_feed_in_its_head(site):
    pages = [p for p in site.rglob("index.html")]
    assert len(pages) > 50
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        found = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        assert len(found) == 1, path
        assert (path.parent / found[0]).resolve() == (site / "feed.xml").resolve(), path


def test_a_claim_checked_against_a_given_week(catalog):
    from macros.pages import claims

    share = claims.check(catalog, "China leads.", "share", ">", {"kind": "share", "country": "US"}, country="CN")
    for week in rows.full_weeks():
        again = claims.at_week(catalog, share, f"{week:%Y-%m-%d}")
        got = rows.country_shares(week)
        assert again.left.value == pytest.approx(got["CN"]) and again.right.value == pytest.approx(got["US"])
        assert again.holds == (got["CN"] > got["US"])
    assert claims.at_week(catalog, claims.check(catalog, "Fixed.", "share", ">", 0, country="CN", week="first"),
                          f"{rows.latest_full_week():%Y-%m-%d}") is None, "a claim of no moving week has no weekly status"
