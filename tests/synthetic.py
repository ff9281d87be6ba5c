"""SYNTHETIC test data: small frames made up for golden files and unit tests.

Nothing here is real or published; labels say so ("Test lab A").
"""

from __future__ import annotations

import pandas as pd

LABELS = {"US": "United States", "CN": "China", "OTHER": "Other countries", "UNKNOWN": "Unknown"}


def country_weekly() -> pd.DataFrame:
    weeks = pd.to_datetime(["2030-01-07", "2030-01-14", "2030-01-21"])
    shares = {"US": [50.0, 45.0, 40.0], "CN": [40.0, 45.0, 52.0], "OTHER": [2.0, 2.5, 3.0], "UNKNOWN": [8.0, 7.5, 5.0]}
    rows = []
    for i, week in enumerate(weeks):
        for group, values in shares.items():
            rows.append({"week_start": week, "country_group": group, "country": LABELS[group], "share_pct": values[i],
                         "total_tokens": 1e12 * (i + 1), "days": 7, "partial": False})
    return pd.DataFrame(rows)


def lab_shares() -> pd.DataFrame:
    return pd.DataFrame({
        "lab": ["Test lab A", "Test lab B", "Test lab C", "Test lab D"],
        "country_group": ["CN", "US", "US", "OTHER"],
        "country": ["China", "United States", "United States", "Other countries"],
        "tokens": [4e12, 3e12, 2e12, 1e12],
        "share_pct": [40.0, 30.0, 20.0, 10.0],
    })


def benchmark_gap() -> pd.DataFrame:
    return pd.DataFrame({
        "snapshot_date": pd.to_datetime(["2030-01-01", "2030-01-01", "2030-06-01", "2030-06-01"]),
        "country": ["United States", "China", "United States", "China"],
        "model": ["Test model U1", "Test model C1", "Test model U2", "Test model C2"],
        "score": [60.0, 50.0, 62.0, 58.0],
    })


def country_weekly_with_partial_week() -> pd.DataFrame:
    """Three full weeks and a fourth with only 3 days of data."""
    frame = country_weekly()
    last = frame[frame["week_start"] == frame["week_start"].max()].copy()
    last["week_start"] = pd.Timestamp("2030-01-28")
    last["days"], last["partial"] = 3, True
    return pd.concat([frame, last], ignore_index=True)
