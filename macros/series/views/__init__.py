"""The story's series, computed from the rows of the data.

A view is what charts, tables and figures draw from: a tidy frame plus where
it comes from (source ids and "as of"). Every usage series (weeks, countries,
labs, models) is computed from OpenRouter's daily rows (`openrouter_daily`),
from unrounded tokens; hand-curated tables remain only where no rows exist
(the article's April snapshot, list prices of April, benchmarks, a16z).

One module per subject: `base` (View, dataset names, lab joins, weekly
totals), `periods` (weeks, months, country groups by week), `by_country`,
`by_lab`, `by_model`, `by_week` (a full week against the week before)
and `curated` (the hand-curated tables). Every view is
also reachable here as `views.<name>`, which is how the pages call them.
"""

from macros.series.views.base import (  # noqa: F401
    MODELS, DAILY, LAST_WEEKS, PAGE_WEEKS, SEED_WEEK, View, country_label, dataset_rows, labs, tracked_view, weekly_totals,
    with_countries,
)
from macros.series.views.periods import (  # noqa: F401
    country_monthly, country_weekly, country_weekly_through, months, resolve_month, resolve_week, weeks,
)
from macros.series.views.by_country import COUNTRY_NAMES, countries, country_detail_weekly, country_name  # noqa: F401
from macros.series.views.by_lab import group_share, lab_models, lab_shares, lab_weekly, lab_weekly_shares  # noqa: F401
from macros.series.views.by_model import (  # noqa: F401
    model_label, model_names, model_prices, model_weekly, model_weekly_all, models_index, top_models,
)
from macros.series.views.by_week import (  # noqa: F401
    TOP, country_change, full_weeks, lab_change, model_change, movers, partial_week, previous, top_moves, week_as_of,
)
from macros.series.views.curated import a16z, benchmark_gap, benchmarks, claims, price_ratio, prices  # noqa: F401
