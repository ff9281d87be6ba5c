"""The `.meta.yml` of the two imported datasets, written by the importer.

Only `as_of` changes from one import to the next (the latest as_of among the
rows), so the sidecars are kept here as data and dumped with a fixed key order:
the same rows always give the same bytes.
"""

from __future__ import annotations

import yaml

# Editors' YAML tools (VS Code's YAML extension) read the schema named on a sidecar's first line,
# relative to the sidecar: data/ sits beside macros/ in the project.
SCHEMA_LINE = "# yaml-language-server: $schema=../macros/data/sidecar.schema.json\n"
SCOPE = "OpenRouter traffic only; each upstream counts tokens with its own tokenizer; free, promotional and stealth models swing weekly shares."
AS_OF_NOTE = (
    "as_of is the Data API's meta.as_of of the response a row came from; a file merged by date "
    "(which has none) is given midnight UTC after its last day."
)

DAILY = {
    "title": "Daily tokens by model (OpenRouter Data API)",
    "description": (
        "Tokens (prompt plus completion) of the top 50 models of each day on OpenRouter, plus the API's "
        "\"other\" row summing every model outside that day's top 50, as imported from the Data API's "
        "rankings-daily endpoint. Rebuilt from the raw responses kept in data/raw/rankings-daily/; "
        "where responses overlap, the one with the later as_of wins."
    ),
    "key": ["date", "model_permaslug"],
    "sources": ["openrouter-data-api"],
    "scope": SCOPE,
    "columns": [
        {"name": "date", "type": "date", "title": "Date", "description": "The day (UTC).", "min": "2025-01-01",
         "period": "day"},
        {"name": "model_permaslug", "type": "string", "title": "Model", "pattern": r"other|[^/\s]+/\S+",
         "description": "OpenRouter's permaslug (author/model-YYYYMMDD, with :free for a free variant); "
                        "\"other\" for the rest of the day's tokens."},
        {"name": "author_slug", "type": "string", "title": "Lab", "pattern": r"[^/\s]+",
         "description": "The part of the permaslug before '/': \"other\" for the other row, \"openrouter\" (or \"stealth\") "
                        "for stealth models. Its country comes from data/labs.csv; an author missing there is counted "
                        "as UNKNOWN and reported."},
        {"name": "model_id", "type": "string", "title": "Model id", "nullable": True,
         "description": "The models API's id, joined on canonical_slug (the same variant when listed, else the plain "
                        "one); empty when the catalogue does not list the model (retired, stealth, \"other\")."},
        {"name": "model_name", "type": "string", "title": "Model name", "nullable": True,
         "description": "The models API's name for model_id."},
        {"name": "is_free", "type": "boolean", "title": "Free variant", "description": "The permaslug ends in :free."},
        {"name": "tokens", "type": "integer", "title": "Tokens", "unit": "tokens", "min": 0,
         "description": "Prompt plus completion tokens that day, as each upstream's tokenizer counts them."},
        {"name": "as_of", "type": "datetime", "title": "As of", "description": AS_OF_NOTE},
        {"name": "source", "type": "string", "title": "Source"},
    ],
    "notes": [
        "Weeks are computed from these rows, Monday to Sunday (UTC); a week with fewer than 7 days is partial.",
        "Stealth models and the \"other\" row have no known lab: they count as UNKNOWN, never dropped.",
    ],
}

MODELS = {
    "title": "OpenRouter model catalogue",
    "description": (
        "Every model the OpenRouter models API listed in the snapshots kept in data/raw/models/, one row per "
        "model and snapshot, so list prices can be read as they were on each date. The latest snapshot that "
        "lists a model names it in openrouter_daily."
    ),
    "key": ["id", "as_of"],
    "sources": ["openrouter-models-api"],
    "scope": "List prices on OpenRouter; providers, caching and discounts change what users pay.",
    "columns": [
        {"name": "id", "type": "string", "title": "Model id"},
        {"name": "canonical_slug", "type": "string", "title": "Canonical slug",
         "description": "Equals the Data API's model_permaslug without :free; Anthropic's ids have another word order."},
        {"name": "name", "type": "string", "title": "Model"},
        {"name": "author_slug", "type": "string", "title": "Lab", "description": "The part of the id before '/'."},
        {"name": "created", "type": "date", "title": "Created", "description": "When OpenRouter added the model (UTC)."},
        {"name": "context_length", "type": "integer", "title": "Context length", "unit": "tokens", "min": 0, "nullable": True},
        {"name": "input_usd_per_mtok", "type": "number", "title": "Input price", "unit": "USD per million tokens",
         "decimals": 3, "min": 0, "nullable": True, "description": "Empty for router pseudo-models, which the API prices at -1."},
        {"name": "output_usd_per_mtok", "type": "number", "title": "Output price", "unit": "USD per million tokens",
         "decimals": 3, "min": 0, "nullable": True, "description": "Empty for router pseudo-models, which the API prices at -1."},
        {"name": "as_of", "type": "datetime", "title": "Read on",
         "description": "When the snapshot was read: the fetch time, or for an imported file the time given with --as-of or the date in its name (midnight UTC)."},
        {"name": "source", "type": "string", "title": "Source"},
    ],
}


def render(template: dict, as_of: str) -> bytes:
    """The sidecar text: the template with its as_of, in a fixed order."""
    head = {k: template[k] for k in ("title", "description")}
    body = {"as_of": as_of, **{k: v for k, v in template.items() if k not in head}}
    text = yaml.safe_dump({**head, **body}, sort_keys=False, allow_unicode=True, width=100)
    return (SCHEMA_LINE + "# Written by `python -m macros.ingest` (make import / fetch / rebuild-data): do not edit by hand.\n"
            + text).encode("utf-8")
