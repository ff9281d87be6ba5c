"""Import OpenRouter's API into data/: fetch, parse, normalise, validate, store.

One stage a module, none of them imports MkDocs:

- `client.py`    HTTP GET with a 30-a-minute limit and backoff on 429/5xx
- `shapes.py`    what a response may look like (official, merged-by-date, bare/wrapped models)
- `normalise.py` raw responses -> the rows of `openrouter_daily` and `openrouter_models`
- `data/authors.py`    authors missing from the lab table (the 1 %-of-a-week rule)
- `sidecars.py`  the two datasets' `.meta.yml`
- `store.py`     raw responses under data/raw/, atomic writes, validation before a move
- `fetch.py`     which windows to ask for; the fetch run
- `cli.py`       `python -m macros.ingest fetch | import FILE... | rebuild`

Raw responses are kept as received; the derived CSVs are always rebuilt from
all of them, so importing is "add a raw file, rebuild, validate, move into place".
"""
