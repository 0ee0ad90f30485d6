"""The grading scale and weighted averages (as Librus, Vulcan and Wulkanowy compute them)."""

from decimal import Decimal

import pytest

from education.scale import is_valid_mark, mark_value, normalize_mark, weighted_average
from education.selectors import attendance_percentage

Q = Decimal("0.25")


@pytest.mark.parametrize("mark", ["1", "1+", "2-", "3", "4+", "5-", "6", "6-", "np", "bz", "+", "-"])
def test_marks_on_the_scale_are_valid(mark):
    assert is_valid_mark(mark)


@pytest.mark.parametrize("mark", ["0", "7", "6+", "1-", "4++", "a", "3.5", ""])
def test_marks_outside_the_scale_are_not(mark):
    assert not is_valid_mark(mark)


def test_typed_minus_and_case_are_normalised():
    assert normalize_mark(" 4− ") == "4-"
    assert normalize_mark("NP") == "np"


def test_plus_and_minus_use_the_school_value():
    assert mark_value("4+", plus_minus=Q) == Decimal("4.25")
    assert mark_value("4-", plus_minus=Decimal("0.5")) == Decimal("3.5")
    assert mark_value("np", plus_minus=Q) is None


def test_weighted_average_skips_non_numeric_marks():
    marks = [("5", Decimal("3")), ("3+", Decimal("1")), ("np", Decimal("2")), ("+", Decimal("1"))]
    # (5·3 + 3.25·1) / 4 = 4.5625
    assert weighted_average(marks, plus_minus=Q) == Decimal("4.56")


def test_weighted_average_of_nothing_is_none():
    assert weighted_average([("bz", Decimal("1"))], plus_minus=Q) is None


def test_attendance_percentage_counts_late_and_school_business_as_present_and_skips_released():
    counts = {"ob": 14, "sp": 2, "ns": 1, "nb": 2, "u": 1, "zw": 5}
    assert attendance_percentage(counts) == Decimal("85.0")  # 17 / 20
    assert attendance_percentage({}) is None
    assert attendance_percentage({"zw": 3}) is None
