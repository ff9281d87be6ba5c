import math

import pytest

from macros.series import formatting as fmt

NB = fmt.NBSP


@pytest.mark.parametrize("count, text", [
    (8.21e12, "8.21T"), (910e9, "910B"), (75_340.6e9, "75.3T"), (29.6e9, "29.6B"),
    (999.96e9, "1.00T"), (1_500_000, "1.50M"), (950, "950"), (0, "0"), (-2.5e9, "−2.50B"),
])
def test_tokens(count, text):
    assert fmt.tokens(count) == text


def test_percent_and_points():
    assert fmt.percent(46.6) == f"46.6{NB}%"
    assert fmt.percent(37.04) == f"37.0{NB}%"
    assert fmt.percent(12.5, sign=True) == f"+12.5{NB}%"
    assert fmt.points(12.5) == f"+12.5{NB}pts"
    assert fmt.points(-3) == f"−3.0{NB}pts"
    assert fmt.points(1.0) == f"+1.0{NB}pt"


def test_a_value_that_rounds_to_zero_has_no_sign():
    assert fmt.change_percent(100, 99.7) == f"0{NB}%"  # not "−0 %"
    assert fmt.points(-0.04) == f"0.0{NB}pts" and fmt.points(0.04) == f"0.0{NB}pts"
    assert fmt.percent(-0.04, sign=True) == f"0.0{NB}%"
    assert fmt.number(-0.2) == "0" and fmt.percent(-0.06) == f"−0.1{NB}%"


def test_usd_keeps_published_precision():
    assert fmt.usd(5) == "$5.00"
    assert fmt.usd(0.7448) == "$0.7448"
    assert fmt.usd(4.655) == "$4.655"


def test_change_percent():
    assert fmt.change_percent(6.3, 3.4) == f"−46{NB}%"
    with pytest.raises(ValueError):
        fmt.change_percent(0, 1)


@pytest.mark.parametrize("bad", [math.nan, math.inf, None])
def test_non_finite_is_refused(bad):
    with pytest.raises(ValueError):
        fmt.percent(bad)
