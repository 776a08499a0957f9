"""Quantities: numbers with their units, hedges and ranges, and the numbers that are not quantities."""
import pytest

from briefgraph.ingest.numbers import parse_numeral, read_number_words
from briefgraph.ingest.quantities import QuantityMention, find_quantities

# (sentence, [(text, value, unit, bound, qualifier), ...]) in the order found.
CASES = [
    # digits, separators, decimals
    ("The depot received 11,889 railcars last year.", [("11,889 railcars", 11889, "railcars", None, None)]),
    ("Exports reached 229,843,421 kg.", [("229,843,421 kg", 229843421, "kg", None, None)]),
    ("A column of 11 889 railcars stood idle.", [("11 889 railcars", 11889, "railcars", None, None)]),
    ("A column of 11\u202f889 railcars stood idle.", [("11\u202f889 railcars", 11889, "railcars", None, None)]),
    ("The unit moved 2.5 km north.", [("2.5 km", 2.5, "km", None, None)]),
    ("The dot is decimal: 11.889 railcars.", [("11.889 railcars", 11.889, "railcars", None, None)]),
    ("They dug in 0.5 km from the river.", [("0.5 km", 0.5, "km", None, None)]),
    # number words and scale words
    ("Eight petrol carriers and three fuelcarriers were attached.",
     [("Eight petrol carriers", 8, "petrol carriers", None, None),
      ("three fuelcarriers", 3, "fuelcarriers", None, None)]),
    ("The echelon had seven freight cars and two wagon cars.",
     [("seven freight cars", 7, "freight cars", None, None), ("two wagon cars", 2, "wagon cars", None, None)]),
    ("A dozen trucks and twenty-three buses followed.",
     [("A dozen trucks", 12, "trucks", None, None), ("twenty-three buses", 23, "buses", None, None)]),
    ("One hundred and fifty reservists and a thousand volunteers enlisted.",
     [("One hundred and fifty reservists", 150, "reservists", None, None),
      ("a thousand volunteers", 1000, "volunteers", None, None)]),
    ("Two dozen lorries and two hundred thousand shells were ordered.",
     [("Two dozen lorries", 24, "lorries", None, None),
      ("two hundred thousand shells", 200000, "shells", None, None)]),
    ("Some 1.5 million people and 3 thousand conscripts left.",
     [("Some 1.5 million people", 1500000, "people", None, "some"),
      ("3 thousand conscripts", 3000, "conscripts", None, None)]),
    ("Kyiv fielded a 120,000-strong Ukrainian force.",
     [("a 120,000-strong Ukrainian force", 120000, "troops", None, None)]),
    ("The 12,000-strong group and a 3,000-man battalion.",
     [("12,000-strong group", 12000, "troops", None, None), ("a 3,000-man battalion", 3000, "troops", None, None)]),
    ("Troops held a 30-km zone during a two-day drill.",
     [("30-km", 30, "km", None, None), ("two-day", 2, "days", None, None)]),
    # hedges keep the stated number
    ("More than 20 tanks crossed and about 35,000 troops waited.",
     [("More than 20 tanks", 20, "tanks", None, "more than"), ("about 35,000 troops", 35000, "troops", None, "about")]),
    ("At least 40 howitzers, up to 15 launchers and nearly 300 trucks.",
     [("At least 40 howitzers", 40, "howitzers", None, "at least"),
      ("up to 15 launchers", 15, "launchers", None, "up to"),
      ("nearly 300 trucks", 300, "trucks", None, "nearly")]),
    ("Over 60,000 U.S. troops and fewer than 10 ships.",
     [("Over 60,000 U.S. troops", 60000, "troops", None, "over"), ("fewer than 10 ships", 10, "ships", None, "fewer than")]),
    ("An estimated 5,000 mercenaries and almost 90 aircraft.",
     [("An estimated 5,000 mercenaries", 5000, "mercenaries", None, "an estimated"),
      ("almost 90 aircraft", 90, "aircraft", None, "almost")]),
    ("Dozens of tanks and tens of thousands of troops massed.",
     [("Dozens of tanks", 12, "tanks", None, "dozens of"),
      ("tens of thousands of troops", 10000, "troops", None, "tens of thousands of")]),
    ("Several hundred soldiers and 20-odd trucks, then 20 or so buses and 50+ drones.",
     [("Several hundred soldiers", 100, "soldiers", None, "several"), ("20-odd trucks", 20, "trucks", None, "odd"),
      ("20 or so buses", 20, "buses", None, "or so"), ("50+ drones", 50, "drones", None, "+")]),
    # ranges
    ("Observers counted 30-40 tanks.",
     [("30-40 tanks", 30, "tanks", "min", None), ("30-40 tanks", 40, "tanks", "max", None)]),
    ("Observers counted 30–40 tanks.",
     [("30–40 tanks", 30, "tanks", "min", None), ("30–40 tanks", 40, "tanks", "max", None)]),
    ("They brought 100-120 pieces of equipment.",
     [("100-120 pieces of equipment", 100, "pieces of equipment", "min", None),
      ("100-120 pieces of equipment", 120, "pieces of equipment", "max", None)]),
    ("It stopped 5-10 km from the border.",
     [("5-10 km", 5, "km", "min", None), ("5-10 km", 10, "km", "max", None)]),
    ("From 100 to 120 soldiers took part.",
     [("100 to 120 soldiers", 100, "soldiers", "min", None), ("100 to 120 soldiers", 120, "soldiers", "max", None)]),
    ("Between 5 and 10 helicopters and two or three boats.",
     [("Between 5 and 10 helicopters", 5, "helicopters", "min", None),
      ("Between 5 and 10 helicopters", 10, "helicopters", "max", None),
      ("two or three boats", 2, "boats", "min", None), ("two or three boats", 3, "boats", "max", None)]),
    ("Up to 1-1.5 million people could flee.",
     [("Up to 1-1.5 million people", 1000000, "people", "min", "up to"),
      ("Up to 1-1.5 million people", 1500000, "people", "max", "up to")]),
    # unit: the head noun, without models, proper adjectives and leading modifiers
    ("Satellites showed 23 T-80 main battle tanks.", [("23 T-80 main battle tanks", 23, "tanks", None, None)]),
    ("About 16 Urals vans and 9 Urals and Kamaz vans arrived.",
     [("About 16 Urals vans", 16, "vans", None, "about"), ("9 Urals and Kamaz vans", 9, "vans", None, None)]),
    ("The battalion has 20 BMP-2 and 4 T-72B3.",
     [("20 BMP-2", 20, "bmp-2", None, None), ("4 T-72B3", 4, "t-72b3", None, None)]),
    ("The echelon included 730 cars with personnel.", [("730 cars", 730, "cars", None, None)]),
    ("It covers 4,000 square kilometres.", [("4,000 square kilometres", 4000, "square kilometres", None, None)]),
    ("A missile with a 30 km range.", [("30 km", 30, "km", None, None)]),
    ("Then six covered wagon cars and the 2 large parts.",
     [("six covered wagon cars", 6, "covered wagon cars", None, None), ("2 large parts", 2, "parts", None, None)]),
    ("They added 20 BMP-2 infantry fighting vehicles and 12 armoured personnel carriers.",
     [("20 BMP-2 infantry fighting vehicles", 20, "infantry fighting vehicles", None, None),
      ("12 armoured personnel carriers", 12, "armoured personnel carriers", None, None)]),
    ("The regiment received 12 152-mm howitzers.", [("12 152-mm howitzers", 12, "howitzers", None, None)]),
    ("Russia sent 20 Su-25 and Su-30 aircraft and 3,000 Wagner fighters.",
     [("20 Su-25 and Su-30 aircraft", 20, "aircraft", None, None),
      ("3,000 Wagner fighters", 3000, "fighters", None, None)]),
    ("They shipped 5 tonnes of fuel and 10 units of military equipment.",
     [("5 tonnes of fuel", 5, "tonnes of fuel", None, None),
      ("10 units of military equipment", 10, "units of military equipment", None, None)]),
    ("One tank and one T-72 tank broke down.",
     [("One tank", 1, "tank", None, None), ("one T-72 tank", 1, "tank", None, None)]),
    ("The trains hauled 20 goods wagons.", [("20 goods wagons", 20, "goods wagons", None, None)]),
    # percentages and money
    ("Turnout was 99% and 87 per cent elsewhere.",
     [("99%", 99, "%", None, None), ("87 per cent", 87, "%", None, None)]),
    ("Aid of $1.5 billion and €20 million was pledged.",
     [("$1.5 billion", 1500000000, "usd", None, None), ("€20 million", 20000000, "eur", None, None)]),
    ("A loan of US$20m and 300 million rubles.",
     [("US$20m", 20000000, "usd", None, None), ("300 million rubles", 300000000, "rubles", None, None)]),
    # multi-quantity sentences: rail-echelon contents
    ("The train carried 14 T-72B3 tanks, five fuel trucks, about 30 Ural lorries and two passenger cars.",
     [("14 T-72B3 tanks", 14, "tanks", None, None), ("five fuel trucks", 5, "fuel trucks", None, None),
      ("about 30 Ural lorries", 30, "lorries", None, "about"), ("two passenger cars", 2, "passenger cars", None, None)]),
    ("On 3 May an echelon of 41 platforms left Orsha with 18 BTR-82A, 6 Tor-M2 launchers and 2 tankers.",
     [("41 platforms", 41, "platforms", None, None), ("18 BTR-82A", 18, "btr-82a", None, None),
      ("6 Tor-M2 launchers", 6, "launchers", None, None), ("2 tankers", 2, "tankers", None, None)]),
    ("In 2023 roughly 2,500 Russian servicemen and 120 armoured vehicles stayed for 14 days.",
     [("roughly 2,500 Russian servicemen", 2500, "servicemen", None, "roughly"),
      ("120 armoured vehicles", 120, "armoured vehicles", None, None), ("14 days", 14, "days", None, None)]),
    # not quantities: years, dates, times, ordinals, designations, references, bare numbers
    ("The 2021 Military Doctrine was adopted in 2022.", []),
    ("They met on 20 December, on December 20 and on 6 October 2022.", []),
    ("The drills ran 15–20 September and from 5 to 10 March.", []),
    ("The launch came at 23:43, at 5 p.m. and at 9 o'clock.", []),
    ("The 6th and 38th brigades came first, the sixth last.", []),
    ("T-80, S-400, BMP-2, 9K720, Su-25 and Mi-24 took part in Zapad-2021.", []),
    ("The 465th Missile Brigade moved.", []),
    ("See Decree No. 21, № 21, Article 5, Resolution 2758 and page 7 of 03.03.2023.", []),
    ("Call +375 17 222 22 22 or install version 2.0.", []),
    ("The Nord Stream 2 pipeline and the 2014-2022 period.", []),
    ("He arrived in 2. The figure was 20.", []),
    ("One of the echelons had a tank, and no one saw it one day.", []),
    ("Costs rose 3 times; 20 of them were lost.", []),
]


@pytest.mark.parametrize("source,expected", CASES, ids=[c[0][:48] for c in CASES])
def test_quantities(source: str, expected: list[tuple]) -> None:
    found = find_quantities(source)
    assert [(q.text, q.value, q.unit, q.bound, q.qualifier) for q in found] == expected
    for q in found:
        assert source[q.start:q.end] == q.text


def test_offset_shifts_spans() -> None:
    source = "The train carried 14 T-72B3 tanks and about 30 Ural lorries."
    found = find_quantities(source, offset=1000)
    assert found == [
        QuantityMention(1018, 1033, "14 T-72B3 tanks", 14, "tanks"),
        QuantityMention(1038, 1059, "about 30 Ural lorries", 30, "lorries", qualifier="about"),
    ]
    for q in found:
        assert q.text == source[q.start - 1000:q.end - 1000]


def test_range_gives_two_mentions_with_one_span() -> None:
    assert find_quantities("Up to 30-40 tanks.", offset=7) == [
        QuantityMention(7, 24, "Up to 30-40 tanks", 30, "tanks", "min", "up to"),
        QuantityMention(7, 24, "Up to 30-40 tanks", 40, "tanks", "max", "up to"),
    ]


def test_values_are_ints_unless_written_with_a_decimal_part() -> None:
    values = [q.value for q in find_quantities("2.0 km, 2 km, 1.5 million people, 2.5 km")]
    assert values == [2.0, 2, 1500000, 2.5]
    assert [type(v) for v in values] == [float, int, int, float]


def test_text_without_numbers_is_empty() -> None:
    assert find_quantities("") == []
    assert find_quantities("The dictator stated that the situation had worsened.") == []


@pytest.mark.parametrize("token,value", [
    ("11,889", "11889"), ("229,843,421", "229843421"), ("11 889", "11889"), ("2.5", "2.5"),
    ("1,000.5", "1000.5"), ("11,88", None), ("029", None), ("1.2.3", None), ("23:43", None),
])
def test_parse_numeral(token: str, value: str | None) -> None:
    parsed = parse_numeral(token)
    assert (None if parsed is None else str(parsed)) == value


@pytest.mark.parametrize("words,expected", [
    ("eight trucks", (8, 1)), ("twenty-three", (23, 1)), ("twenty three", (23, 2)),
    ("one hundred and fifty men", (150, 4)), ("two hundred thousand", (200000, 3)),
    ("a dozen", (12, 2)), ("a thousand", (1000, 2)), ("a tank", None), ("first", None),
])
def test_read_number_words(words: str, expected: tuple[int, int] | None) -> None:
    assert read_number_words(words.split(), 0) == expected
