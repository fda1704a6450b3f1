"""The pages say when something happened as precisely as the ledger knows it."""

from api.web.templating import happened


def test_a_week_reads_as_its_working_days():
    assert happened("2026-W27") == "week 27 van 2026 (29-06 t/m 03-07-2026)"


def test_a_day_reads_as_a_day_without_a_made_up_time():
    assert happened("2026-06-05") == "05-06-2026"


def test_a_moment_reads_in_dutch_time():
    assert happened("2026-06-05T10:00:00+00:00") == "05-06-2026 12:00:00"


def test_nothing_reads_as_nothing():
    assert happened(None) == ""
