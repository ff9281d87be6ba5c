"""The look of every chart: palettes and Vega-Lite configs for the light and dark page.

Country colours come from the Okabe–Ito set, which stays distinguishable with
the common colour-vision deficiencies; each country keeps its hue in both
palettes (only lightness changes), and every chart also labels its marks, so
no reading depends on colour alone. Labs take the colour of their country, on
every chart: with fifty labs no palette stays tellable apart, and the question
the site asks is which country a lab's tokens go to; labs are named in text.
"""

from __future__ import annotations

# One font for the live chart and its pictures, whatever the machine: Lato, whose files the site
# serves (docs/assets/tokenshare.css) and vl-convert is given (publish/fonts.py). Only the generic
# fallback follows it: a font of the machine must never be picked while Lato is there.
FONT = 'Lato, sans-serif'
STATIC_FONT = FONT  # the build-time pictures: the same font
STATIC_WIDTH = 640  # px: the content column of the site on a desktop

COUNTRY_ORDER = ("US", "CN", "OTHER", "UNKNOWN")
COUNTRY_COLORS = {
    "light": {"US": "#0072B2", "CN": "#D55E00", "OTHER": "#007A5A", "UNKNOWN": "#767676"},
    "dark": {"US": "#56B4E9", "CN": "#F0894A", "OTHER": "#3FC7A0", "UNKNOWN": "#A3A3A3"},
}

# Backgrounds and text match Material's default and slate schemes.
SURFACES = {
    "light": {"background": "#ffffff", "text": "#1f2328", "muted": "#57606a", "grid": "#e4e7eb", "domain": "#8c959f"},
    "dark": {"background": "#1e2129", "text": "#e6e8ee", "muted": "#a9b0bc", "grid": "#343a46", "domain": "#6e7681"},
}


SHORT = {"US": "US", "CN": "China", "OTHER": "Other", "UNKNOWN": "Unknown"}  # on a phone


def short_labels(labels: dict[str, str]) -> dict[str, str]:
    """Country group -> the short name a narrow chart uses."""
    return {g: SHORT.get(g, label) for g, label in labels.items()}


def country_scale(labels: dict[str, str]) -> dict:
    """The colour scale of every chart coloured by country.

    The domain always lists every group in the site's order and the range is
    the palette's `category` range, so a country keeps its colour on every
    chart and switching palette only swaps the config.
    """
    return {"domain": [labels[g] for g in COUNTRY_ORDER], "range": "category"}


def config(scheme: str = "light", font: str = FONT) -> dict:
    """Vega-Lite `config` for one palette (`font=STATIC_FONT` for build-time pictures)."""
    FONT = font  # noqa: N806  (the one font of this config)
    s = SURFACES[scheme]
    axis = {
        "labelColor": s["muted"], "titleColor": s["text"], "gridColor": s["grid"],
        "domainColor": s["domain"], "tickColor": s["domain"], "labelFont": FONT, "titleFont": FONT,
        "labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
    }
    return {
        "background": s["background"],
        "font": FONT,
        "view": {"stroke": None},
        "axis": axis,
        "legend": {"labelColor": s["text"], "titleColor": s["text"], "labelFont": FONT, "titleFont": FONT,
                   "labelFontSize": 12, "titleFontSize": 12, "orient": "top"},
        "title": {"color": s["text"], "subtitleColor": s["muted"], "font": FONT, "subtitleFont": FONT,
                  "anchor": "start", "fontSize": 16, "subtitleFontSize": 12},
        "text": {"color": s["text"], "font": FONT, "fontSize": 12},
        "line": {"strokeWidth": 2.5},
        "point": {"size": 40, "filled": True},
        "range": {"category": [COUNTRY_COLORS[scheme][g] for g in COUNTRY_ORDER]},
    }
