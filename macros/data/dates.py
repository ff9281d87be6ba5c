"""The calendar of the data: weeks run Monday to Sunday, UTC."""

from __future__ import annotations

import pandas as pd


def week_start(dates: pd.Series) -> pd.Series:
    """The Monday (UTC) of each date's week."""
    dates = pd.to_datetime(dates)
    return (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
