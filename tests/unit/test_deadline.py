"""Unit tests for the fuzzy Deadline value object."""

import dataclasses
import json
import random
from datetime import date, datetime
from importlib import resources

import pytest

from domain.deadline import Deadline

CONTEXT = date(2026, 3, 15)


def interval(text: str, context: date = CONTEXT) -> tuple[str | None, str | None]:
    """Parse text and return its (start, end)."""
    deadline = Deadline.parse(text, context)
    return deadline.start, deadline.end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("voor zomer 2026", "2026-03-15", "2026-07-02"),
        ("voor de zomer 2026", "2026-03-15", "2026-07-02"),
        ("voor de zomer", "2026-03-15", "2026-07-02"),
        ("voor het zomerreces", "2026-03-15", "2026-07-02"),
        ("voor het zomerreces 2026", "2026-03-15", "2026-07-02"),
        ("na de zomer", "2026-09-01", "2026-12-31"),
        ("na het zomerreces", "2026-09-01", "2026-12-31"),
        ("in de week van 29 juni", "2026-06-29", "2026-07-05"),
        ("in de week van 29 juni 2026", "2026-06-29", "2026-07-05"),
        ("in de week van 1 juli 2026", "2026-06-29", "2026-07-05"),
        ("voor 1 juli 2026", "2026-03-15", "2026-06-30"),
        ("uiterlijk 1 juli 2026", "2026-03-15", "2026-07-01"),
        ("vóór 1 juli", "2026-03-15", "2026-06-30"),
        ("1 juli 2026", "2026-07-01", "2026-07-01"),
        ("eind 2026", "2026-12-01", "2026-12-31"),
        ("begin 2026", "2026-01-01", "2026-03-31"),
        ("medio 2026", "2026-06-01", "2026-07-31"),
        ("Q3 2026", "2026-07-01", "2026-09-30"),
        ("het derde kwartaal van 2026", "2026-07-01", "2026-09-30"),
        ("3e kwartaal 2026", "2026-07-01", "2026-09-30"),
        ("voor het kerstreces", "2026-03-15", "2026-12-17"),
        ("voor het voorjaarsreces", "2026-03-15", "2027-02-11"),
        ("voor het krokusreces", "2026-03-15", "2027-02-11"),
        ("voor het herfstreces", "2026-03-15", "2026-10-15"),
        ("voor het meireces", "2026-03-15", "2026-04-23"),
        ("nog dit jaar", "2026-03-15", "2026-12-31"),
        ("dit jaar", "2026-03-15", "2026-12-31"),
        ("in 2026", "2026-01-01", "2026-12-31"),
        ("in 2027", "2027-01-01", "2027-12-31"),
        ("zomer 2026", "2026-06-01", "2026-08-31"),
        ("januari 2027", "2027-01-01", "2027-01-31"),
        ("jan. 2027", "2027-01-01", "2027-01-31"),
        ("sept. 2026", "2026-09-01", "2026-09-30"),
        ("12 okt. 2026", "2026-10-12", "2026-10-12"),
        ("februari 2028", "2028-02-01", "2028-02-29"),
    ],
)
def test_dutch_phrase_resolves_to_exact_interval(text, start, end):
    assert interval(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("uiterlijk vrijdag 3 juli", "2026-03-15", "2026-07-03"),
        ("tot en met 3 juli 2026", "2026-03-15", "2026-07-03"),
        ("na 1 juli 2026", "2026-07-02", "2026-12-31"),
        ("eind juni", "2026-06-21", "2026-06-30"),
        ("begin juni 2026", "2026-06-01", "2026-06-10"),
        ("medio februari 2026", "2026-02-11", "2026-02-20"),
        ("voor eind 2026", "2026-03-15", "2026-12-31"),
        ("voor Q3 2026", "2026-03-15", "2026-06-30"),
        ("voor 2027", "2026-03-15", "2026-12-31"),
        ("eind dit jaar", "2026-12-01", "2026-12-31"),
        ("volgend jaar", "2027-01-01", "2027-12-31"),
        ("week 27", "2026-06-29", "2026-07-05"),
        ("najaar 2026", "2026-09-01", "2026-11-30"),
        ("zomerreces 2026", "2026-07-03", "2026-08-31"),
        ("na het kerstreces 2025", "2026-01-13", "2026-12-31"),
    ],
)
def test_related_phrases_follow_the_same_reading_rules(text, start, end):
    assert interval(text) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "  VOOR   de   ZOMER   2026  ",
        "Voor de zomer (2026)",
        "Graag vóór de zomer van 2026 afronden, zie nota.",
        "voor-de-zomer-2026",
    ],
)
def test_case_whitespace_accents_and_extra_words_are_tolerated(text):
    assert interval(text) == ("2026-03-15", "2026-07-02")


def test_abbreviations_like_jl_do_not_disturb_the_date():
    assert interval("1 juli jl.") == ("2026-07-01", "2026-07-01")


def test_year_comes_from_the_context_when_the_text_has_none():
    assert interval("1 juli", date(2027, 1, 10)) == ("2027-07-01", "2027-07-01")
    assert interval("in de week van 29 juni", date(2025, 1, 1)) == ("2025-06-23", "2025-06-29")
    assert interval("voor de zomer", date(2025, 2, 1)) == ("2025-02-01", "2025-07-03")
    assert interval("Q4", date(2027, 5, 5)) == ("2027-10-01", "2027-12-31")


def test_year_in_the_text_wins_over_the_context():
    assert interval("voor de zomer 2027", date(2025, 2, 1)) == ("2025-02-01", "2027-07-01")


def test_recess_without_year_is_the_first_one_ending_on_or_after_the_context():
    assert interval("na het zomerreces", date(2026, 8, 1)) == ("2026-09-01", "2026-12-31")
    assert interval("voor het zomerreces", date(2026, 9, 1)) == ("2026-09-01", "2027-07-01")


def test_deadline_already_passed_at_the_context_starts_on_january_first():
    assert interval("voor 1 juli 2026", date(2026, 8, 1)) == ("2026-01-01", "2026-06-30")
    assert interval("voor het zomerreces", date(2026, 8, 1)) == ("2026-01-01", "2026-07-02")


def test_kerstreces_is_filed_under_the_year_it_starts():
    assert interval("voor het kerstreces 2025") == ("2025-01-01", "2025-12-18")


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("voor het zomerreces 2030", CONTEXT),
        ("voor de zomer", date(2031, 1, 1)),
        ("na het kerstreces", date(2024, 5, 1)),
        ("voor het zomerreces", date(2027, 12, 1)),
    ],
)
def test_recess_outside_the_table_gives_no_interval(text, context):
    deadline = Deadline.parse(text, context)
    assert deadline == Deadline(text, None, None)
    assert not deadline.is_parsed


@pytest.mark.parametrize(
    "text",
    ["zo snel mogelijk", "z.s.m.", "", "   ", "nota 2026-123", "31 februari 2026", "week 53 2027"],
)
def test_unparseable_text_is_kept_without_interval(text):
    deadline = Deadline.parse(text, CONTEXT)
    assert (deadline.text, deadline.start, deadline.end) == (text, None, None)
    assert not deadline.is_parsed


def test_impossible_date_does_not_fall_back_to_its_month_but_later_phrases_count():
    assert interval("31 februari 2026, anders voor 1 juli") == ("2026-03-15", "2026-06-30")


def test_parsed_deadline_reports_is_parsed():
    assert Deadline.parse("Q3 2026", CONTEXT).is_parsed


def test_context_defaults_to_today():
    today = date.today()
    assert interval("nog dit jaar", None) == (today.isoformat(), f"{today.year}-12-31")


def test_datetime_context_is_accepted():
    assert interval("nog dit jaar", datetime(2026, 3, 15, 9, 30)) == ("2026-03-15", "2026-12-31")


def _varied_strings() -> list[str]:
    """Garbage, edge cases and random mixes of deadline words."""
    rng = random.Random(20260315)
    words = ["voor", "na", "uiterlijk", "de", "het", "zomer", "zomerreces", "kerstreces", "week",
             "van", "juli", "sept.", "Q3", "3e", "kwartaal", "eind", "medio", "begin", "in",
             "dit", "jaar", "29", "31", "0", "0000", "9999", "2026", "vóór", "\u0301", "-", "/",
             "\x00", "\ud800", "😀", "ß", "İ", "\n\t"]  # fmt: skip
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 .,-/()éóëß\x00\u200b😀"
    fixed = ["", " ", "\x00", "\ud800", "9999", "0000", "in 0000", "na 31 december 9999",
             "uiterlijk 31 december 9999", "week 99", "Q5 2026", "voor " * 10_000,
             "1 juli " * 50_000, "x" * 1_000_000, "ó" * 100_000]  # fmt: skip
    mixes = [" ".join(rng.choices(words, k=rng.randint(1, 12))) for _ in range(1500)]
    noise = ["".join(rng.choices(alphabet, k=rng.randint(0, 80))) for _ in range(1500)]
    return fixed + mixes + noise


def test_parse_never_raises_and_always_gives_a_valid_interval_or_none():
    for text in _varied_strings():
        for context in (CONTEXT, date(1, 1, 1), date(9999, 12, 31), date(2031, 6, 1)):
            deadline = Deadline.parse(text, context)
            assert deadline.text == text
            assert (deadline.start is None) == (deadline.end is None)
            if deadline.is_parsed:
                assert date.fromisoformat(deadline.start) <= date.fromisoformat(deadline.end)


def test_is_overdue_only_after_the_last_day():
    deadline = Deadline.parse("uiterlijk 1 juli 2026", CONTEXT)
    assert not deadline.is_overdue(date(2026, 6, 30))
    assert not deadline.is_overdue(date(2026, 7, 1))
    assert deadline.is_overdue(date(2026, 7, 2))


def test_unparsed_deadline_is_never_overdue_or_due():
    deadline = Deadline.parse("zo snel mogelijk", CONTEXT)
    assert not deadline.is_overdue(date(2100, 1, 1))
    assert not deadline.due_within(CONTEXT, 100_000)


def test_due_within_counts_days_inclusively_from_today():
    deadline = Deadline.parse("uiterlijk 1 juli 2026", CONTEXT)
    assert deadline.due_within(date(2026, 6, 21), 10)
    assert deadline.due_within(date(2026, 7, 1), 0)
    assert not deadline.due_within(date(2026, 6, 20), 10)


def test_overdue_deadline_is_not_due_within():
    deadline = Deadline.parse("uiterlijk 1 juli 2026", CONTEXT)
    assert not deadline.due_within(date(2026, 7, 2), 30)


@pytest.mark.parametrize("text", ["voor de zomer 2026", "zo snel mogelijk"])
def test_to_dict_from_dict_round_trip(text):
    deadline = Deadline.parse(text, CONTEXT)
    data = deadline.to_dict()
    assert set(data) == {"text", "start", "end"}
    assert json.loads(json.dumps(data)) == data
    assert Deadline.from_dict(data) == deadline


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-07-01", None), (None, "2026-07-01"), ("2026-07-02", "2026-07-01"),
     ("20260701", "20260701"), ("1 juli", "2026-07-01")],
)  # fmt: skip
def test_from_dict_rejects_half_set_reversed_or_non_iso_intervals(start, end):
    with pytest.raises(ValueError):
        Deadline.from_dict({"text": "x", "start": start, "end": end})


def test_deadline_is_immutable():
    deadline = Deadline.parse("Q3 2026", CONTEXT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.end = "2030-01-01"


def test_recess_table_covers_every_recess_for_2025_to_2027_with_a_source_note():
    raw = resources.files("domain").joinpath("data/recesses.json").read_text("utf-8")
    table = json.loads(raw)
    assert "verify yearly" in table["source"]
    names = {"zomerreces", "kerstreces", "voorjaarsreces", "meireces", "herfstreces"}
    for year in ("2025", "2026", "2027"):
        assert set(table[year]) == names
        for first, last in table[year].values():
            assert first.startswith(year)
            assert date.fromisoformat(first) < date.fromisoformat(last)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("2026-01-01", "2026-01-01", "2026-01-01"),
     ("uiterlijk 2026-07-01", "2026-03-15", "2026-07-01"),
     ("1-7-2026", "2026-07-01", "2026-07-01"),
     ("voor 01/07/2026", "2026-03-15", "2026-06-30"),
     ("uiterlijk 1 juli 2026", "2026-03-15", "2026-07-01"),
     ("eind 2026", "2026-12-01", "2026-12-31"),
     ("begin 2027", "2027-01-01", "2027-03-31"),
     ("voor de begrotingsbehandeling", "2026-03-15", "2026-12-17"),
     ("voor de begrotingsbehandeling 2028", "2026-03-15", "2027-12-23"),
     ("tijdens de begrotingsbehandeling", "2026-09-16", "2026-12-17")],
)  # fmt: skip
def test_numeric_dates_and_the_budget_debates_are_placed(text, start, end):
    assert interval(text) == (start, end)


def test_an_iso_date_deadline_is_overdue_after_it_as_a_written_one_is():
    iso, written = Deadline.parse("2026-01-01", CONTEXT), Deadline.parse("1 januari 2026",
                                                                        CONTEXT)
    assert (iso.start, iso.end) == (written.start, written.end)
    assert iso.is_overdue(date(2026, 1, 2)) and written.is_overdue(date(2026, 1, 2))


def test_a_later_occasion_is_kept_open_ended_never_overdue_and_not_unplaced():
    deadline = Deadline.parse("Bij het volgende Staat van de Volkshuisvesting debat", CONTEXT)
    assert deadline.occasion == "volgende Staat van de Volkshuisvesting debat"
    assert deadline.placement == "occasion" and not deadline.is_overdue(date(2100, 1, 1))
    assert Deadline.from_dict(deadline.to_dict()) == deadline


@pytest.mark.parametrize(("text", "placement"), [("zo snel mogelijk", "unplaced"),
                                                 ("jaarlijks", "unplaced"), ("", "none"),
                                                 ("Q3 2026", "dated")])
def test_text_that_cannot_be_placed_says_so(text, placement):
    assert Deadline.parse(text, CONTEXT).placement == placement
