"""What each column of a view means to a reader: title, unit, type and format.

Dataset columns are described by their sidecars; the columns views compute
(shares, token counts, labels) are described here, once, so axis titles,
table headers, tooltips and alt text all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from macros.series import formatting as fmt
from macros.data.sidecar import PERIODS, with_unit


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str  # Vega-Lite type: quantitative, temporal, nominal, ordinal
    unit: str | None = None  # percent, tokens, USD per million tokens, points
    decimals: int = 1
    period_days: int | None = None  # a date column whose rows come a day or a week apart

    @property
    def header(self) -> str:
        # Token counts read 8.21T / 910B: their unit is in the number, not the header.
        if self.unit in fmt.UNIT_SCALE:
            return self.title
        if self.unit and with_unit(self.title, self.unit) == self.title:
            return self.title  # the title says its unit already ("Price, USD per million tokens")
        return with_unit(self.title, {"percent": "%", "USD per million tokens": "USD / M tokens"}.get(self.unit or "", self.unit))

    @property
    def numeric(self) -> bool:
        return self.type == "quantitative"

    def text(self, value) -> str:
        """A value as prose, tables and tooltips show it."""
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            return "–"
        if self.type == "temporal":
            return pd.Timestamp(value).strftime("%-d %b %Y")
        if not self.numeric:
            return str(value)
        if self.unit == "percent":
            return fmt.percent(float(value), self.decimals)
        if self.unit in fmt.UNIT_SCALE:
            return fmt.tokens(float(value) * fmt.UNIT_SCALE[self.unit])
        if self.unit == "USD per million tokens":
            return fmt.usd(float(value))
        return fmt.number(float(value), self.decimals)

    def cell(self, value) -> str:
        """A value in a table cell, where the unit is already in the header."""
        text = self.text(value)
        if self.unit == "percent" and text != "–":
            return text.replace(f"{fmt.NBSP}%", "")
        if self.unit == "USD per million tokens" and text != "–":
            return text.replace("$", "")
        return text


_F = Field
FIELDS = {f.name: f for f in [
    _F("week_start", "Week starting", "temporal", period_days=7),
    _F("period_start", "Week starting", "temporal", period_days=7),
    _F("snapshot_date", "Read on", "temporal"),
    _F("days", "Days of data", "quantitative", decimals=0),
    _F("share_pct", "Share of tokens", "quantitative", "percent"),
    _F("tokens", "Tokens", "quantitative", "tokens"),
    _F("total_tokens", "All tokens", "quantitative", "tokens"),
    _F("country", "Country", "nominal"),
    _F("country_group", "Country group", "nominal"),
    _F("lab", "Lab", "nominal"),
    _F("author_slug", "Author slug", "nominal"),
    _F("model", "Model", "nominal"),
    _F("model_label", "Model", "nominal"),
    _F("rank", "Rank", "ordinal", decimals=0),
    _F("measure", "Measure", "nominal"),
    _F("input_usd_per_mtok", "Input price", "quantitative", "USD per million tokens"),
    _F("output_usd_per_mtok", "Output price", "quantitative", "USD per million tokens"),
    _F("score", "Score", "quantitative", "points"),
    _F("gap", "Gap, best US minus best Chinese", "quantitative", "points"),
    _F("value", "Value", "quantitative", "percent"),
    _F("label", "What", "nominal"),
    _F("period", "Period", "nominal"),
    _F("qualifier", "Wording", "nominal"),
    _F("partial", "Partial week", "nominal"),
    _F("country_code", "Country code", "nominal"),
    _F("country_name", "Country", "nominal"),
    _F("as_of", "Read on", "temporal"),
    _F("model_id", "Model id", "nominal"),
    _F("benchmark", "Benchmark", "nominal"),
    _F("metric", "Metric", "nominal"),
    _F("unit", "Unit", "nominal"),
    _F("source", "Source", "nominal"),
]}

# What a view's column holds, where its title does not say it (the macro reference shows these).
ABOUT = {
    "author_slug": "the lab's author slug (deepseek); filter by it; a table shows the lab's name, linked to its page",
    "lab": "the lab's display name, from data/labs.csv",
    "country_group": "the group tokens are counted under: US, CN, OTHER, UNKNOWN",
    "country": "the country group's name: United States, China, Other countries, Unknown",
    "model": "in usage views the model's permaslug (author/model-YYYYMMDD), to filter by; a table shows its name, "
             "linked to its page. In prices and benchmarks, the model's name as the curated table gives it",
    "model_label": "the model's display name (the catalogue's, else read from its permaslug)",
    "partial": "true for a week with fewer than 7 days of data",
    "share_pct": "share of all tokens of the period, 0 to 100",
    "tokens": "tokens (prompt plus completion), unrounded",
    "source": "the id of the row's source in data/sources.yml",
}


VL_TYPES = {"integer": "quantitative", "number": "quantitative", "date": "temporal", "datetime": "temporal",
            "month": "ordinal", "boolean": "nominal", "string": "nominal"}


def from_column(column) -> Field:
    """A dataset column as its sidecar describes it (schema.Column)."""
    ftype = VL_TYPES[column.type]
    if column.enum or column.references:
        ftype = "nominal"
    decimals = column.decimals if column.decimals is not None else (0 if column.type == "integer" else 1)
    period_days = PERIODS[column.period] if column.period else None
    return Field(column.name, column.title, ftype, column.unit, decimals, period_days)


def field(name: str) -> Field:
    if name in FIELDS:
        return FIELDS[name]
    return Field(name, name.replace("_", " ").capitalize(), "nominal")
