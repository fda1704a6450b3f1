"""Reply-by dates in working days, as the Algemene termijnenwet counts them (2026–2027)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.reminders import ReminderSettings
from domain.workdays import add_working_days, is_working_day, local_day, public_holidays


@pytest.mark.parametrize("day", [
    "2026-01-01", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-25",
    "2026-12-25", "2027-01-01", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06",
    "2027-05-17",
])
def test_these_weekdays_are_no_working_days(day):
    assert date.fromisoformat(day).weekday() < 5
    assert not is_working_day(date.fromisoformat(day))


def test_a_holiday_on_a_weekend_gives_no_day_in_lieu():
    assert is_working_day(date(2027, 12, 27))  # Christmas 2027 is a Saturday and a Sunday


def test_koningsdag_moves_to_the_saturday_before_when_the_27th_is_a_sunday():
    assert date(2025, 4, 26) in public_holidays(2025)
    assert date(2025, 4, 27) not in public_holidays(2025)
    assert public_holidays(2026)[date(2026, 4, 27)] == "King's Day"


def test_bevrijdingsdag_counts_every_year_not_only_in_lustrum_years():
    for year in (2026, 2027, 2028, 2030):
        assert not is_working_day(date(year, 5, 5)) or date(year, 5, 5).weekday() >= 5
        assert date(year, 5, 5) in public_holidays(year)


def test_goede_vrijdag_is_a_working_day():
    assert is_working_day(date(2026, 4, 3))
    assert is_working_day(date(2027, 3, 26))


def test_weekends_are_skipped():
    assert add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 8)  # Friday to Monday
    assert add_working_days(date(2026, 6, 8), -1) == date(2026, 6, 5)


@pytest.mark.parametrize(("requested", "reply_by"), [
    ("2026-06-01", "2026-06-15"),  # two plain weeks
    ("2026-04-22", "2026-05-08"),  # over Koningsdag (Mon 27 April) and Bevrijdingsdag (Tue 5 May)
    ("2026-05-11", "2026-05-27"),  # over Hemelvaartsdag (14 May) and Pinkstermaandag (25 May)
    ("2026-12-18", "2027-01-05"),  # over both Christmas days and Nieuwjaarsdag
    ("2027-03-24", "2027-04-08"),  # over Paasmaandag (29 March), not Goede Vrijdag
    ("2027-04-30", "2027-05-19"),  # Bevrijdingsdag, Hemelvaartsdag (6 May), Pinksteren (17 May)
])
def test_the_default_reply_by_is_ten_working_days_after_the_request(requested, reply_by):
    assert ReminderSettings().reply_by(date.fromisoformat(requested)).isoformat() == reply_by


def test_the_number_of_working_days_is_a_setting():
    assert ReminderSettings(reply_working_days=5).reply_by(date(2026, 4, 22)) == date(2026, 4, 30)


def test_a_moment_counts_from_its_day_in_the_netherlands():
    assert local_day("2026-06-05T23:30:00+00:00") == date(2026, 6, 6)
    assert local_day("2026-06-05") == date(2026, 6, 5)
    assert local_day("2026-W27") == date(2026, 6, 29)


def test_working_days_between_counts_those_after_the_start_up_to_the_end():
    from domain.workdays import working_days_between

    assert working_days_between(date(2026, 4, 22), date(2026, 5, 8)) == 10
    assert working_days_between(date(2026, 5, 8), date(2026, 5, 8)) == 0
    assert working_days_between(date(2026, 5, 8), date(2026, 5, 1)) == 0
