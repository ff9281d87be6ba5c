"""The weekly briefing's words: one full week against the week before, written from the rows.

`lead` is the opening paragraph (also the feed's summary, as plain text);
`body` the rest: the country groups, the labs and models that moved most, the
models in and out of the top 50, and a mark where the claims that changed
status go (filled once every page has been read, see weekly.py). The numbers
come from views/by_week.py; the verbs follow their sign and size, so a
sentence never reads "+−0.0 pts". Every name from the data is escaped, and
every lab and model links to its page.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from macros.data.catalog import Catalog
from macros.series import formatting as fmt
from macros.series import views

# How prose names the tokens of a country group; other groups are "labs of <label>".
GROUP_WORDS = {"US": "US labs", "CN": "Chinese labs", "OTHER": "labs elsewhere", "UNKNOWN": "unattributed models"}
COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
CLAIMS_MARK = '<div class="ts-week-claims" data-ts-week="{week}"></div>'


def day(stamp) -> str:
    return pd.Timestamp(stamp).strftime("%-d %B %Y")


def count(n: int) -> str:
    return COUNT_WORDS[n] if n < len(COUNT_WORDS) else str(n)


def _shown_zero(pts: float) -> bool:
    return round(pts, 1) == 0


def _group(cat: Catalog, code: str) -> str:
    return GROUP_WORDS.get(code) or f"labs of {views.country_label(cat, code)}"


def _verb(pts: float) -> str:
    """How a share moved, by its size in points: 'edged up', 'rose', 'jumped' (and down)."""
    size = abs(pts)
    if size < 0.5:
        return "edged up" if pts > 0 else "slipped"
    if size < 3:
        return "rose" if pts > 0 else "fell"
    return "jumped" if pts > 0 else "dropped"


def _moved(who: str, share: float, pts: float) -> str:
    """'US labs rose 1.6 pts to 35.5 %', 'US labs held at 35.5 %'."""
    if _shown_zero(pts):
        return f"{who} held at {fmt.percent(share)}"
    return f"{who} {_verb(pts)} {fmt.points(abs(pts))[1:]} to {fmt.percent(share)}"


def _total(now: float, before: float | None) -> str:
    if before is None or before == 0:
        return f"OpenRouter served {fmt.tokens(now)} tokens in all."
    change = (now - before) / before * 100
    if round(change) == 0:
        return f"OpenRouter served {fmt.tokens(now)} tokens in all, about as many as the week before."
    more = "more" if change > 0 else "fewer"
    return f"OpenRouter served {fmt.tokens(now)} tokens in all, {fmt.percent(abs(change), 0)} {more} than the week before."


def lead(cat: Catalog, week: pd.Timestamp) -> str:
    """The opening paragraph, as plain text: the two largest country groups and all tokens."""
    frame = views.country_change(cat, week)
    prev = views.previous(cat, week)
    big = frame[frame["country_group"].isin(["US", "CN"])].sort_values(["share_pct", "country_group"], ascending=[False, True])
    first, second = big.iloc[0], big.iloc[1]
    if prev is None:
        return (f"In the week of {day(week)}, the first full week in the data, {_group(cat, first['country_group'])} took "
                f"{fmt.percent(first['share_pct'])} of OpenRouter tokens and {_group(cat, second['country_group'])} "
                f"{fmt.percent(second['share_pct'])}. There is no full week before it to compare with. "
                + _total(frame["tokens"].sum(), None))
    a, b = first["change_pts"], second["change_pts"]
    if _shown_zero(a):
        opening = f"{_group(cat, first['country_group'])} held at {fmt.percent(first['share_pct'])} of OpenRouter tokens"
    else:
        way = "up" if a > 0 else "down"
        opening = (f"{_group(cat, first['country_group'])} took {fmt.percent(first['share_pct'])} of OpenRouter tokens, "
                   f"{way} {fmt.points(abs(a))[1:]} {'on' if a > 0 else 'from'} the week before")
    joined = "while" if not _shown_zero(a) and not _shown_zero(b) and (a > 0) != (b > 0) else "and"
    return (f"In the week of {day(week)}, {opening}, {joined} {_moved(_group(cat, second['country_group']), second['share_pct'], b)}. "
            + _total(frame["tokens"].sum(), frame["tokens_before"].sum()))


def _signed_tokens(value: float) -> str:
    return ("+" if value > 0 else "") + fmt.tokens(value)


def countries_table(cat: Catalog, week: pd.Timestamp) -> str:
    """Every country group: its share and tokens, and their change from the week before when there is one."""
    frame = views.country_change(cat, week)
    compare = views.previous(cat, week) is not None
    head = ["Country", "Share of tokens", "Change (share)", "Tokens", "Change (tokens)"] if compare else \
        ["Country", "Share of tokens", "Tokens"]
    rows = []
    for _, r in frame.iterrows():
        cells = [escape(str(r["country"])), fmt.percent(r["share_pct"])]
        if compare:
            cells.append("no change" if _shown_zero(r["change_pts"]) else fmt.points(r["change_pts"]))
        cells.append(fmt.tokens(r["tokens"]))
        if compare:
            cells.append(_signed_tokens(r["change_tokens"]))
        rows.append("<tr>" + f'<th scope="row">{cells[0]}</th>' + "".join(f'<td align="right">{c}</td>' for c in cells[1:]) + "</tr>")
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    return (f'<div class="ts-table-wrap" tabindex="0"><table class="ts-table ts-week-countries"><thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _link(href: str | None, name) -> str:
    return f'<a href="{escape(href)}">{escape(str(name))}</a>' if href else escape(str(name))


def _series(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _where(r, by: str) -> str:
    """Where a mover ended: 'to 13.2 %', 'to 9.95T', with what its share before or after was not."""
    if by == "change_pts":
        end = f"to {fmt.percent(r['share_pct'])}"
    else:
        end = f"to {fmt.tokens(r['tokens'])}"
    if r["tokens_before"] == 0:
        end += ", new to the daily top 50"
    elif r["tokens"] == 0:
        end = "gone from the daily top 50"
    return end


def _amount(r, by: str) -> str:
    return fmt.points(r[by]) if by == "change_pts" else _signed_tokens(r[by])


def _movers_sentence(frame: pd.DataFrame, by: str, up: bool, name: str, link) -> str:
    """'By share, Tencent gained the most, up 1.6 pts to 13.2 %, ahead of A (+1.5 pts, to 8.2 %) and B (...).'"""
    if frame.empty:
        return ""
    top = frame.iloc[0]
    size = fmt.points(abs(top[by]))[1:] if by == "change_pts" else fmt.tokens(abs(top[by]))
    if by == "change_pts":
        verb = "gained the most share" if up else "lost the most share"
    else:
        verb = "added the most tokens" if up else "shed the most tokens"
    where = _where(top, by)
    text = f"{link(top)} {verb}, {'up' if up else 'down'} {escape(size)}{' ' if where.startswith('to ') else ', '}{escape(where)}"
    rest = [f"{link(r)} ({escape(_amount(r, by))}, {escape(_where(r, by))})" for _, r in frame.iloc[1:].iterrows()]
    if rest:
        text += f", {'ahead of' if up else 'followed by'} " + _series(rest)
    return text + "."


def movers(frame: pd.DataFrame, key: str, name: str, link) -> str:
    """Paragraphs of the largest rises and falls of `frame` (a lab_change or model_change), by share then tokens;
    each marked with what it lists (data-ts-movers), for the tests."""
    parts = []
    for by, label in (("change_pts", "share"), ("change_tokens", "tokens")):
        up, down = views.movers(frame, by, key)
        for rows, rising in ((up, True), (down, False)):
            sentence = _movers_sentence(rows, by, rising, name, link)
            if sentence:
                kind = f"{name}-{label}-{'up' if rising else 'down'}"
                parts.append(f'<p class="ts-movers" data-ts-movers="{kind}">{sentence}</p>')
    return "".join(parts)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def top50(frame: pd.DataFrame, link) -> str:
    """The models that entered and left the top 50, with their ranks."""
    entered, left = views.top_moves(frame)
    parts = []
    if not entered.empty:
        names = [f"{link(r)} ({_ordinal(int(r['rank']))}"
                 + (f", up from {_ordinal(int(r['rank_before']))})" if pd.notna(r["rank_before"]) else ")")
                 for _, r in entered.iterrows()]
        unranked = int(entered["rank_before"].isna().sum())
        if unranked == len(entered):
            after = " None of them was ranked the week before." if unranked > 1 else " It was not ranked the week before."
        elif unranked:
            after = f" The other{'s were' if unranked > 1 else ' was'} not ranked the week before."
        else:
            after = ""
        parts.append(f'<p class="ts-movers" data-ts-movers="top50-in">{count(len(entered)).capitalize()} '
                     f"model{'s' if len(entered) > 1 else ''} entered the top {views.TOP}: {_series(names)}.{after}</p>")
    if not left.empty:
        names = [f"{link(r)} ({_ordinal(int(r['rank_before']))} the week before, "
                 + (f"now {_ordinal(int(r['rank']))})" if pd.notna(r["rank"]) else "not in a day's top 50 this week)")
                 for _, r in left.iterrows()]
        parts.append(f'<p class="ts-movers" data-ts-movers="top50-out">{count(len(left)).capitalize()} '
                     f"{'left it' if parts else 'models left the top ' + str(views.TOP)}: {_series(names)}.</p>")
    if not parts:
        parts.append(f"<p>The same models made up the top {views.TOP} as the week before.</p>")
    return "".join(parts)


def body(cat: Catalog, week: pd.Timestamp, linker) -> str:
    """Everything after the lead, as HTML."""
    prev = views.previous(cat, week)
    parts = ['<h2 id="countries">Countries</h2>', countries_table(cat, week)]
    if prev is None:
        return "".join(parts)
    labs = movers(views.lab_change(cat, week), "author_slug", "labs", lambda r: _link(linker.lab(r["author_slug"]), r["lab"]))
    if labs:
        parts += ['<h2 id="labs">Labs that moved</h2>', labs]
    frame = views.model_change(cat, week)
    model_link = lambda r: _link(linker.model(r["model"]), r["model_label"])  # noqa: E731
    models = movers(frame, "model", "models", model_link)
    if models:
        parts += ['<h2 id="models">Models that moved</h2>', models]
    parts += [f'<h2 id="top-{views.TOP}">In and out of the top {views.TOP}</h2>', top50(frame, model_link)]
    parts += ['<h2 id="claims">Claims</h2>', CLAIMS_MARK.format(week=f"{week:%Y-%m-%d}")]
    return "".join(parts)
