"""find_times finds temporal expressions and normalises them to ISO 8601, as the guidelines say."""
from datetime import date

import pytest

from briefgraph.ingest.timex import TimeMention, find_times

WED_2023_07_19 = date(2023, 7, 19)  # a Wednesday
FRI_2024_05_10 = date(2024, 5, 10)
SUN_2025_01_05 = date(2025, 1, 5)
WED_2022_12_21 = date(2022, 12, 21)

# (sentence, reference date, [(text, iso), ...] in order)
CASES: list[tuple[str, date | None, list[tuple[str, str]]]] = [
    # day and month, both orders, with and without a year
    ("On 20 December 2022 the brigade returned to Hrodna.", None, [("20 December 2022", "2022-12-20")]),
    ("The convoy was seen on December 20, 2022 near Mazyr.", None, [("December 20, 2022", "2022-12-20")]),
    ("Minsk confirmed the drill on 6 October 2022.", None, [("6 October 2022", "2022-10-06")]),
    ("Talks were held on Dec. 20, 2022 in Moscow.", None, [("Dec. 20, 2022", "2022-12-20")]),
    ("Airfield works began on Sept. 5, 2023.", None, [("Sept. 5, 2023", "2023-09-05")]),
    ("The decree took effect on 3 Jan 2024.", None, [("3 Jan 2024", "2024-01-03")]),
    ("The decree was signed on the 24th of June 2023.", None, [("the 24th of June 2023", "2023-06-24")]),
    ("It was published on June 24th, 2023.", None, [("June 24th, 2023", "2023-06-24")]),
    ("On 20 December the troops went back to their bases.", WED_2022_12_21, [("20 December", "2022-12-20")]),
    ("Officials met on 20 Dec. Nothing was agreed.", WED_2022_12_21, [("20 Dec", "2022-12-20")]),
    ("Exercises resumed on 10 October.", WED_2022_12_21, [("10 October", "2022-10-10")]),
    ("By 14 July the rotation was over.", WED_2023_07_19, [("14 July", "2023-07-14")]),
    ("Shelling continued on the following day, 15 October.", WED_2022_12_21, [("15 October", "2022-10-15")]),
    ("On Tuesday, 18 July 2023, the camp opened.", None, [("Tuesday, 18 July 2023", "2023-07-18")]),
    ("On 30 February 2023 nothing happened.", None, [("February 2023", "2023-02")]),  # what is left
    # a missing year in a January briefing: December means the December before
    ("Trains were counted on 28 December.", SUN_2025_01_05, [("28 December", "2024-12-28")]),
    ("A new round is due in March.", SUN_2025_01_05, [("March", "2025-03")]),
    # numeric dates: ISO and day.month.year, as written
    ("Report dated 2022-10-07.", None, [("2022-10-07", "2022-10-07")]),
    ("The order of 07.10.2022 set the quotas.", None, [("07.10.2022", "2022-10-07")]),
    ("The order of 7.10.2022 set the quotas.", None, [("7.10.2022", "2022-10-07")]),
    ("Checks ran until 03.03.2023, as announced.", None, [("03.03.2023", "2023-03-03")]),
    ("The file 2022-10-07T06:15 was updated.", None, [("2022-10-07T06:15", "2022-10-07T06:15")]),
    # months and years
    ("In May 2023 the unit moved east.", None, [("May 2023", "2023-05")]),
    ("Deliveries resumed in October of 2022.", None, [("October of 2022", "2022-10")]),
    ("Drills were planned for late September.", WED_2023_07_19, [("late September", "2023-09")]),
    ("Drills were planned for late October.", WED_2023_07_19, [("late October", "2022-10")]),
    ("Work slowed in May and June.", WED_2023_07_19, [("May", "2023-05"), ("June", "2023-06")]),
    ("Quotas were cut in the first days of October.", WED_2022_12_21, [("the first days of October", "2022-10")]),
    ("Quotas were cut in late Sept.", WED_2022_12_21, [("late Sept", "2022-09")]),
    ("Plans for mid-2023 were dropped.", None, [("mid-2023", "2023")]),
    ("Reports from december 5, 2022 and DECEMBER 2023.", None,
     [("december 5, 2022", "2022-12-05"), ("DECEMBER 2023", "2023-12")]),
    ("By mid-October the camp was empty.", WED_2022_12_21, [("mid-October", "2022-10")]),
    ("Construction resumed in early 2023.", None, [("early 2023", "2023")]),
    ("The base should be ready by the end of 2024.", None, [("the end of 2024", "2024")]),
    ("The brigade has been stationed there since 2020.", None, [("2020", "2020")]),
    ("The bridge was rebuilt in 2022.", None, [("2022", "2022")]),
    ("Work was completed in the first half of 2023.", None, [("the first half of 2023", "2023")]),
    ("The fleet was modernised in 2014-2016.", None, [("2014-2016", "2014/2016")]),
    ("Prices rose between 2014 and 2016.", None, [("between 2014 and 2016", "2014/2016")]),
    ("The plan covers 2022–23.", None, [("2022–23", "2022/2023")]),
    # seasons
    ("The exercise took place in the spring of 2023.", None, [("the spring of 2023", "2023")]),
    ("Conscripts arrived in summer 2022.", None, [("summer 2022", "2022")]),
    ("The second wave is expected in late spring.", FRI_2024_05_10, [("late spring", "2024")]),
    ("Roads froze in the winter of 2022–2023.", None, [("the winter of 2022–2023", "2022/2023")]),
    ("The grouping was reinforced this winter.", SUN_2025_01_05, [("this winter", "2024/2025")]),
    ("Analysts wrote about the fall of Soledar.", WED_2023_07_19, []),  # not a season
    # intervals
    ("Rail traffic peaked on 15–20 September.", WED_2023_07_19, [("15–20 September", "2023-09-15/2023-09-20")]),
    ("Rail traffic peaked on 15-20 September 2023.", None, [("15-20 September 2023", "2023-09-15/2023-09-20")]),
    ("Rail traffic peaked from 15 to 20 September 2023.", None,
     [("from 15 to 20 September 2023", "2023-09-15/2023-09-20")]),
    ("The joint drill ran from 6 to 16 October 2022.", None, [("from 6 to 16 October 2022", "2022-10-06/2022-10-16")]),
    ("Flights were banned between 10 and 16 October.", WED_2022_12_21,
     [("between 10 and 16 October", "2022-10-10/2022-10-16")]),
    ("Sirens sounded on 10 and 16 October.", WED_2022_12_21, [("16 October", "2022-10-16")]),
    ("The mission lasted 15 September – 20 October 2023.", None,
     [("15 September – 20 October 2023", "2023-09-15/2023-10-20")]),
    ("Weekly digest, August 26 – September 1, 2024.", None,
     [("August 26 – September 1, 2024", "2024-08-26/2024-09-01")]),
    ("Weekly digest, August 26–30, 2024.", None, [("August 26–30, 2024", "2024-08-26/2024-08-30")]),
    ("Patrols ran Monday, 10 October – Friday, 14 October 2022.", None,
     [("Monday, 10 October – Friday, 14 October 2022", "2022-10-10/2022-10-14")]),
    ("Holiday digest, December 30, 2024 – January 5, 2025.", None,
     [("December 30, 2024 – January 5, 2025", "2024-12-30/2025-01-05")]),
    ("Border closed 30 December – 5 January 2025.", None,
     [("30 December – 5 January 2025", "2024-12-30/2025-01-05")]),
    ("Traffic was heavy from 06.10.2022 to 16.10.2022.", None,
     [("from 06.10.2022 to 16.10.2022", "2022-10-06/2022-10-16")]),
    ("Drills were held September–October 2023.", None, [("September–October 2023", "2023-09/2023-10")]),
    ("Drills were held from May to July 2024.", None, [("from May to July 2024", "2024-05/2024-07")]),
    ("Passes are valid the first week of May.", FRI_2024_05_10, [("the first week of May", "2024-05-01/2024-05-07")]),
    ("Passes are valid in the last week of February 2024.", None,
     [("the last week of February 2024", "2024-02-23/2024-02-29")]),
    # clock times
    ("The alert was raised at 23:43 on 11 December.", WED_2022_12_21, [("23:43 on 11 December", "2022-12-11T23:43")]),
    ("The alert was raised on 11 December 2022 at 23:43.", None, [("11 December 2022 at 23:43", "2022-12-11T23:43")]),
    ("Airspace was shut from 23:43 on 11 December to 07:50 on 14 December 2022.", None,
     [("from 23:43 on 11 December to 07:50 on 14 December 2022", "2022-12-11T23:43/2022-12-14T07:50")]),
    ("The meeting starts at 10:30.", WED_2023_07_19, []),  # a clock time alone is not a date
    # weekdays and relative words
    ("On Tuesday the battalion left Brest.", WED_2023_07_19, [("Tuesday", "2023-07-18")]),
    ("On Wednesday the battalion left Brest.", WED_2023_07_19, [("Wednesday", "2023-07-12")]),  # not that day
    ("Last Friday a column crossed the border.", WED_2023_07_19, [("Last Friday", "2023-07-14")]),
    ("Inspectors arrive next Monday.", WED_2023_07_19, [("next Monday", "2023-07-24")]),
    ("This Monday the ministry held a briefing.", WED_2023_07_19, [("This Monday", "2023-07-17")]),
    ("Minsk will host the summit next year.", FRI_2024_05_10, [("next year", "2025")]),
    ("Spending grew last year.", FRI_2024_05_10, [("last year", "2023")]),
    ("Spending grew earlier this year.", FRI_2024_05_10, [("this year", "2024")]),
    ("Spending grew in late last year.", FRI_2024_05_10, [("late last year", "2023")]),
    ("Spending grew over the last year.", FRI_2024_05_10, []),  # twelve months, not a calendar year
    ("The staff met last week.", WED_2023_07_19, [("last week", "2023-07-10/2023-07-16")]),
    ("The staff meets next month.", WED_2022_12_21, [("next month", "2023-01")]),
    ("The staff met yesterday and meets again tomorrow.", WED_2023_07_19,
     [("yesterday", "2023-07-18"), ("tomorrow", "2023-07-20")]),
    ("Russia Today claimed otherwise.", WED_2023_07_19, []),  # a channel's name
    ("Missiles were moved in last October.", WED_2023_07_19, [("last October", "2022-10")]),
    # a year inside a name is reported; the caller decides
    ("Zapad-2021 showed the same pattern.", None, [("2021", "2021")]),
    ("The 2021 Military Doctrine names the threat.", None, [("2021", "2021")]),
    # not years, not months, not dates
    ("Lithuania counted 11,889 crossings and 229,843,421 roubles.", None, []),
    ("Some 120,000 reservists and 2,000 troops were called up.", None, []),
    ("About 2000 troops and 1500 vehicles moved 2022 km.", None, []),
    ("He said they may 5 times march on the capital.", WED_2023_07_19, []),
    ("May God help them, the general said.", WED_2023_07_19, []),
    ("The columns will march on the city.", WED_2023_07_19, []),
    ("March on Minsk was the slogan.", WED_2023_07_19, []),
    ("T-72 tanks, S-400 launchers and Su-25 jets of the 465th brigade.", WED_2023_07_19, []),
    ("The 38th brigade and the 11th corps moved in May 2023.", None, [("May 2023", "2023-05")]),
    ("The decided measures were separate from Mariupol.", WED_2023_07_19, []),
    ("They fought in the 1990s.", None, []),
    ("A 2000-strong force cost $2021 per head, item #2022.", None, []),
    ("Belarus May Join the Union Budget", WED_2023_07_19, []),  # a headline's modal verb
    ("Talks with Jan Lipavsky and in Jan Lipavsky's office.", WED_2023_07_19, []),  # a name, not January
    ("September saw more flights.", WED_2023_07_19, []),  # a bare month name: no cue
]


@pytest.mark.parametrize("sentence, reference, expected", CASES)
def test_text_and_iso(sentence: str, reference: date | None, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.iso) for m in find_times(sentence, reference)] == expected


def test_mention_fields() -> None:
    text = "Columns crossed on 20 December and again last week."
    assert find_times(text, WED_2022_12_21) == [
        TimeMention(19, 30, "20 December", "2022-12-20", date(2022, 12, 20), date(2022, 12, 20), True),
        TimeMention(41, 50, "last week", "2022-12-12/2022-12-18", date(2022, 12, 12), date(2022, 12, 18), True),
    ]


def test_earliest_and_latest_bound_the_iso_value() -> None:
    found = find_times("In February 2024, in 2023 and in 2022–23, then 3–5 May 2021.")
    assert [(m.iso, m.earliest, m.latest, m.relative) for m in found] == [
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), False),
        ("2023", date(2023, 1, 1), date(2023, 12, 31), False),
        ("2022/2023", date(2022, 1, 1), date(2023, 12, 31), False),
        ("2021-05-03/2021-05-05", date(2021, 5, 3), date(2021, 5, 5), False),
    ]


def test_offset_shifts_spans() -> None:
    source = "Header line.\nThe unit left on 7 October 2022 and came back in early 2023."
    sentence_start = source.index("The unit")
    found = find_times(source[sentence_start:], offset=sentence_start)
    assert [(m.start, m.end, m.text) for m in found] == [(30, 44, "7 October 2022"), (62, 72, "early 2023")]
    assert all(m.text == source[m.start:m.end] for m in found)


def test_without_a_reference_relative_expressions_are_skipped() -> None:
    text = "On 7 October, last year and on Tuesday, after the drills of 2022."
    assert [(m.text, m.iso) for m in find_times(text)] == [("2022", "2022")]


def test_relative_flag() -> None:
    found = find_times("From 2 to 4 May 2023 and on 9 May, then on Friday.", FRI_2024_05_10)
    assert [(m.text, m.relative) for m in found] == [("From 2 to 4 May 2023", False), ("9 May", True),
                                                       ("Friday", True)]


def test_longest_match_wins_and_mentions_do_not_overlap() -> None:
    found = find_times("Between 1 and 3 March 2023 and in March 2023.", None)
    assert [(m.start, m.end, m.iso) for m in found] == [(0, 26, "2023-03-01/2023-03-03"), (34, 44, "2023-03")]


def test_empty_and_date_free_text() -> None:
    assert find_times("") == []
    assert find_times("No dates here, only 12 trucks and 3 buses.", WED_2023_07_19) == []


def test_an_iso_period_is_its_first_and_last_day():
    from datetime import date

    from briefgraph.ingest.timex import iso_period
    assert iso_period("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert iso_period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert iso_period(" 2023-12 ") == (date(2023, 12, 1), date(2023, 12, 31))
    assert iso_period("2024-05-14") == (date(2024, 5, 14), date(2024, 5, 14))
    for bad in ("2024-13", "2025-02-30", "24", "2024-5", "2024-05-14T10:00", "May 2024"):
        with pytest.raises(ValueError):
            iso_period(bad)
