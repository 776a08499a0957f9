"""Deterministic synthetic briefings for benchmarks: digest .txt, Markdown .md and HTML .html.

Every name comes from the gazetteer, so the extraction has something to find; the same seed and
count give byte-identical files. Usage:
python bench/generate.py OUT_DIR --count 1000 --seed 7 [--start-index 0]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIRST_MONDAY = dt.date(2021, 1, 4)
LAST_SUNDAY = dt.date(2025, 12, 28)
WEEKS = ((LAST_SUNDAY - FIRST_MONDAY).days + 1) // 7
WEEK_STRIDE = 97  # coprime with WEEKS: a few consecutive files already span the five years
LAYOUTS = (("digest", "txt"), ("markdown", "md"), ("html", "html"))
PUBLISHER = "Briefgraph generator"
ALIAS_RATE = 0.3  # how often a name is spelled by an English alias instead of its label
FOCUS, ALLY = "state/belarus", "state/russia"
SECTIONS = ("Security issues", "Military affairs", "Belarus–Russia relations", "Foreign policy")
TRENDS = ("The situation got worse", "The situation has not changed", "The situation improved",
          "The situation remains tense")
HEADINGS = ("What the movements show", "Assessment", "Outlook", "Looking ahead", "Context")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TITLES = (
    "{ally_adj} echelons arrive in {bel_region}", "Snap inspection at the {ground}",
    "{air_defence} systems near {bel_town}", "Drills along the {border}",
    "{official} warns {nb}", "Airspace incidents over the {border}",
    "New arms deliveries for the {bel_forces}", "Build-up near {bel_town}",
    "The {bel_unit} on the move", "{belarus} and {russia} sign off on {exercise}",
)
# Sentence templates by theme; the last theme closes every briefing (planned, alleged,
# conditional, denied and forecast events, marked by the ontology's cue words).
THEMES: dict[str, tuple[str, ...]] = {
    "rail": (
        "{On_date}, an echelon with {n_tanks} {tank} tanks arrived at {station} "
        "({station_region}).",
        "Observers from {monitor} counted {n_railcars} railcars with {armour} armoured vehicles "
        "and {truck} trucks passing through {station} on {date}.",
        "{On_date}, a train of {n_railcars} railcars was unloaded at {station}, and a column of "
        "{n_vehicles} vehicles headed for the {ground}, {km} km away.",
        "According to {monitor}, at least {n_echelons} echelons of the {rus_unit} have left "
        "{rus_town} for {bel_region} since {date}.",
        "Units of the {rus_unit} were transferred by rail from {rus_town} to {station}, bringing "
        "{n_troops} troops and {artillery} systems.",
        "{On_date}, {n_troops} troops of the {rus_unit} returned to their permanent bases, while "
        "part of their equipment stayed at {airfield}.",
    ),
    "deployment": (
        "{ally_adj} {air_defence} systems are deployed near {bel_town}, {km} km from the "
        "{border}.",
        "{On_date}, the {ministry} announced that a battalion of {missile} launchers had taken up "
        "combat duty in {bel_region}.",
        "Satellite images published by {monitor} show {n_vehicles} vehicles and {n_aircraft} "
        "{helicopter} helicopters stationed at {airfield}.",
        "The build-up near {bel_town} ({bel_town_region}) now includes {n_troops} troops and "
        "{n_tanks} {tank} tanks.",
        "{border_state} has reinforced the {border} with {n_troops} troops and {n_vehicles} "
        "vehicles, {media} reported on {date}.",
        "Another {n_aircraft} {aircraft} aircraft were redeployed to {airfield} on {date}, which "
        "brings the air group there to {n_aircraft2} aircraft.",
    ),
    "exercise": (
        "The {bel_unit} held a snap inspection at the {ground} on {date}.",
        "{On_date}, a command-staff exercise of the {bel_unit} began at the {ground} "
        "({ground_region}) with {n_troops} troops and {n_vehicles} pieces of equipment.",
        "Crews of {artillery} systems practised firing at targets {km} km away during drills at "
        "the {ground}.",
        "The joint exercise {exercise} brought together units of the {rus_unit} and the "
        "{bel_unit}, {n_troops} troops in total.",
        "{On_date}, the {bel_forces} started a combat readiness check that lasts until {later}.",
        "Paratroopers of the {bel_unit} trained with {helicopter} helicopters near {bel_town} on "
        "{date}.",
    ),
    "statement": (
        "{ally_official} said that {ally} would respond to any provocation on the {border}.",
        "{On_date}, {ally_official} warned that {ally} would regard {border_state_adj} drills near "
        "the {border} as a direct threat.",
        "{official} stated that {n_troops} troops of the {bel_forces} remain on high alert along "
        "the {border}.",
        "Speaking in {city} on {date}, {official} accused the {nb_forces} of preparing a "
        "provocation near {bel_town}.",
        "{ally_person} threatened to station {missile} systems in {bel_region} in response to the "
        "{nb_adj} build-up.",
        "The {ministry} said on {date} that {n_vehicles} {border_state_adj} military vehicles had "
        "been spotted {km} km from the {border}.",
    ),
    "diplomacy": (
        "{On_date}, {official} met {official2} in {city} to discuss military cooperation.",
        "{official} held talks with a {nb_adj} delegation in {city} on {date}.",
        "The defence ministries of {belarus} and {russia} signed an agreement on the joint use of "
        "{airfield} and the {ground}.",
        "{belarus} and {russia} reaffirmed their obligations under the {agreement} at a meeting "
        "in {city} on {date}.",
        "Representatives of {org} member states discussed the {exercise} exercise in {city} on "
        "{date}.",
        "{person} and {person2} spoke by phone on {date} and agreed to continue consultations on "
        "the situation on the {border}.",
    ),
    "airspace": (
        "{On_date}, a {drone} drone crossed the {border} and violated the airspace of "
        "{border_state}, flying {km} km inland.",
        "The {border_service} reported that {n_balloons} balloons carrying {kg_small} kg of "
        "contraband cigarettes entered the airspace of {border_service_state} from {bel_region}.",
        "Two {aircraft} aircraft intruded into the airspace of {nb_ministry_state} for about "
        "{minutes} minutes on {date}, the {nb_ministry} said.",
        "{border_state_adj} fighters were scrambled on {date} after a {helicopter} helicopter "
        "entered the airspace of {border_state} near the {border}.",
        "The {nb_ministry} recorded {n_incidents} airspace violations by {drone} drones during "
        "the week.",
    ),
    "arms": (
        "{russia} handed over a batch of {n_tanks} modernised {tank} tanks to the {bel_forces} on "
        "{date}.",
        "A further delivery of {missile} missiles and {kg} kg of spare parts is planned for "
        "{month}.",
        "{belarus} reportedly received {n_aircraft} {helicopter} helicopters from {russia} on "
        "{date}.",
        "{ally_official} said that {belarus} plans to acquire {n_vehicles} {truck} trucks and "
        "{n_armour} {armour} armoured vehicles by the end of {year}.",
        "{On_date}, {russia} supplied {n_aircraft} {aircraft} aircraft and {n_systems} "
        "{air_defence} systems to the {bel_forces}, according to {media}.",
        "{media} reported that {n_railcars} railcars of {artillery} ammunition had been "
        "delivered to {station} on {date}.",
    ),
    "outlook": (
        "The {ministry} plans to hold the {exercise} exercise at the {ground} in {month}.",
        "Units of the {rus_unit} reportedly moved {n_railcars} railcars of ammunition to "
        "{station}.",
        "If the situation on the {border} escalates, {ally_official} said, {ally} will deploy "
        "{n_troops} additional troops to {bel_region}.",
        "{ally_official} denied that {ally_adj} troops were being concentrated near {bel_town}.",
        "{monitor} has seen no signs of a build-up of {rus_unit} units near {bel_town} so far.",
        "{belarus} is expected to receive {n_systems} more {air_defence} systems from {russia} "
        "by {month}.",
        "If {border_state} closes the remaining crossings on the {border}, {ally_official} said, "
        "{belarus} will respond with its own measures.",
    ),
}
# Quantity slots: (low, high, step, may be a range such as 30–40 or carry 'about', 'up to').
QUANTITIES: dict[str, tuple[int, int, int, bool]] = {
    "n_troops": (300, 5000, 50, True), "n_railcars": (12, 80, 1, True),
    "n_tanks": (4, 40, 1, True), "n_vehicles": (20, 300, 5, True), "km": (5, 150, 5, True),
    "kg": (200, 900, 50, True), "kg_small": (10, 60, 5, False), "n_aircraft": (2, 12, 1, False),
    "n_aircraft2": (14, 30, 1, False), "n_echelons": (2, 9, 1, False),
    "n_balloons": (20, 120, 5, True), "minutes": (2, 15, 1, False),
    "n_incidents": (3, 14, 1, False), "n_armour": (10, 60, 2, True), "n_systems": (2, 8, 1, False),
}
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Words that show a post's alias is an English title ('Prezydent RP' is not).
TITLE_WORDS = re.compile(r"\b(?:President|Minister|Chief|Chairman|Commander|Director|Head|"
                         r"Secretary|Premier|PM|Leader|leader)\b")
_PREFIXES = ("", "", "about ", "some ", "up to ", "at least ")


@dataclass(frozen=True)
class Official:
    """A person's tenure of a post, with the titles that name the post."""

    id: str
    label: str
    countries: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Pools:
    """Gazetteer entries by slot, sorted by id, each with its usable spellings (label first)."""

    ids: dict[str, tuple[str, ...]]        # slot -> ids, sorted
    forms: dict[str, tuple[str, ...]]      # id -> spellings, label first
    years: dict[str, str]                  # exercise id -> its year
    demonyms: dict[str, tuple[str, ...]]   # state id -> demonyms
    regions: dict[str, str]                # place id -> its region's id
    countries: dict[str, tuple[str, ...]]  # entity id -> its states
    officials: tuple[Official, ...]


def _spellings(entry, shape: str) -> tuple[str, ...]:
    """Label (without a disambiguating '(…)') and English aliases fit for the slot's shape."""
    forms = [a for a, lang in entry.aliases if lang == "en" and "(" not in a and "/" not in a]
    if entry.cls == "State":  # 'the Republic of Poland', 'the Russian Federation'
        forms = [f"the {f}" if " " in f and not f.startswith("the ") else f for f in forms]
    label = entry.label.split(" (")[0]
    if "(" not in entry.label or label in forms:
        forms = [label] + [f for f in forms if f != label]
    if shape == "phrase":  # follows 'the': no bare acronyms, no possessives
        forms = [f for f in forms if len(f.split()) >= 2 and "'s " not in f] or forms
    elif shape == "org":  # a long name takes an article: 'the Conflict Intelligence Team'
        forms = [f"the {f}" if len(f.split()) >= 3 else f for f in forms]
    elif shape == "designation":  # followed by a noun ('T-72B3 tanks'): no 'tank', no plurals
        years = set(YEAR.findall(entry.label))
        fit = [f for f in forms if len(f.split()) <= 3 and not f.split()[-1].islower()
               and f[:-1] not in forms and f.split()[-1] not in ("MLRS", "IFV", "IRBM", "AWACS")
               and set(YEAR.findall(f)) <= years]
        forms = fit or forms
    return tuple(forms)


def _is_tank(entry) -> bool:
    """A main battle tank: the gazetteer knows it as '… tank'."""
    return entry.cls == "ArmouredVehicle" and any(a.endswith(" tank") for a, _ in entry.aliases)


@cache
def pools() -> Pools:
    """The slot pools, built once from the gazetteer."""
    from briefgraph.ontology.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    entries = [gaz.entries[k] for k in sorted(gaz.entries)]
    borders = [e for e in entries if e.cls == "Border" and FOCUS in e.countries]
    neighbours = sorted({c for e in borders for c in e.countries} - {FOCUS, ALLY})
    actors = {FOCUS, ALLY, *neighbours}
    weapons = {"missile": "MissileSystem", "air_defence": "AirDefenceSystem",
               "artillery": "ArtillerySystem", "aircraft": "Aircraft", "helicopter": "Helicopter",
               "drone": "UnmannedAerialVehicle", "truck": "MilitaryVehicle"}

    def only(*states: str):
        return lambda e: bool(e.countries) and set(e.countries) <= set(states)

    rules = {  # slot -> (test, spelling shape)
        "person": (lambda e: e.cls == "Person" and only(*actors)(e), "any"),
        "ally_person": (lambda e: e.cls == "Person" and only(FOCUS, ALLY)(e), "any"),
        "state": (lambda e: e.id in actors, "any"),
        "ally": (lambda e: e.id in (FOCUS, ALLY), "any"),
        "belarus": (lambda e: e.id == FOCUS, "any"), "russia": (lambda e: e.id == ALLY, "any"),
        "nb": (lambda e: e.id in neighbours, "any"),
        "city": (lambda e: e.cls == "Settlement" and not e.part_of and only(*actors)(e), "any"),
        "bel_town": (lambda e: e.cls == "Settlement" and e.part_of and only(FOCUS)(e), "any"),
        "rus_town": (lambda e: e.cls == "Settlement" and e.part_of and only(ALLY)(e), "any"),
        "bel_region": (lambda e: e.cls == "AdministrativeRegion" and only(FOCUS)(e), "any"),
        "ground": (lambda e: e.cls == "TrainingGround" and e.part_of and only(FOCUS)(e), "phrase"),
        "station": (lambda e: e.cls == "RailwayStation", "phrase"),
        "airfield": (lambda e: e.cls == "Airfield" and only(FOCUS)(e), "phrase"),
        "border": (lambda e: e in borders and ALLY not in e.countries, "phrase"),
        "bel_unit": (lambda e: e.cls == "Brigade" and only(FOCUS)(e), "phrase"),
        "rus_unit": (lambda e: e.cls in ("Army", "Division") and only(ALLY)(e), "phrase"),
        "bel_forces": (lambda e: e.cls == "ArmedForces" and only(FOCUS)(e), "phrase"),
        "nb_forces": (lambda e: e.cls == "ArmedForces" and only(*neighbours)(e), "phrase"),
        "tank": (_is_tank, "designation"),
        "armour": (lambda e: e.cls == "ArmouredVehicle" and not _is_tank(e), "designation"),
        "ministry": (lambda e: e.cls == "Ministry" and "Defence" in e.label
                     and only(FOCUS, ALLY)(e), "phrase"),
        "nb_ministry": (lambda e: e.cls == "Ministry" and "Defence" in e.label
                        and only(*neighbours)(e), "phrase"),
        "border_service": (lambda e: e.cls == "Government" and "Border" in e.label
                           and only(*neighbours)(e), "phrase"),
        "exercise": (lambda e: e.cls == "NamedExercise", "designation"),
        "agreement": (lambda e: e.cls == "Agreement", "phrase"),
        "org": (lambda e: e.cls == "InternationalOrganization", "any"),
        "monitor": (lambda e: e.cls == "MonitoringGroup", "org"),
        "media": (lambda e: e.cls == "MediaOutlet", "any"),
        **{slot: ((lambda cls: lambda e: e.cls == cls)(cls), "designation")
           for slot, cls in weapons.items()},
    }
    ids = {slot: tuple(e.id for e in entries if test(e)) for slot, (test, _) in rules.items()}
    forms = {e.id: _spellings(e, shape) for slot, (test, shape) in rules.items()
             for e in entries if test(e)}
    officials = []
    for e in entries:
        for h in e.posts:
            post = gaz.posts[h.post]
            titles = tuple(t for t in (post.label, *post.aliases)
                           if t.isascii() and TITLE_WORDS.search(t))
            officials.append(Official(e.id, e.label, e.countries, h.start, h.end, titles))
    years = {e.id: YEAR.findall(e.label)[0] for e in entries
             if e.cls == "NamedExercise" and YEAR.search(e.label)}
    return Pools(ids=ids, forms=forms, years=years, officials=tuple(officials),
                 demonyms={e.id: e.demonyms for e in entries if e.cls == "State" and e.demonyms},
                 regions={e.id: e.part_of[0] for e in entries if e.part_of},
                 countries={e.id: e.countries for e in entries if e.countries})


def period_of(index: int) -> tuple[dt.date, dt.date]:
    """The week a file covers: Monday to Sunday, spread over 2021–2025 by index."""
    start = FIRST_MONDAY + dt.timedelta(weeks=(index * WEEK_STRIDE) % WEEKS)
    return start, start + dt.timedelta(days=6)


class Slots(dict):
    """Values for one template's fields, drawn on first use, so a repeated field repeats."""

    def __init__(self, rng: random.Random, period: tuple[dt.date, dt.date]):
        super().__init__()
        self.rng, self.period, self.pools = rng, period, pools()
        self.ids: dict[str, str] = {}

    def __missing__(self, key: str) -> str:
        """Draw the value of a field the first time the template asks for it."""
        self[key] = value = self._draw(key)
        return value

    def _draw(self, key: str) -> str:
        """A fresh value for a field: a quantity, a date or a name from the gazetteer."""
        rng, (start, end) = self.rng, self.period
        if key in QUANTITIES:
            return _quantity(rng, *QUANTITIES[key])
        if key in ("date", "On_date"):
            day = start + dt.timedelta(days=rng.randrange(7))
            text = _day(rng, day)
            if key == "date":
                return text
            return f"On {WEEKDAYS[day.weekday()]}, {text}" if rng.random() < 0.3 else f"On {text}"
        if key == "later":
            return _day(rng, end + dt.timedelta(days=rng.randint(3, 20)))
        if key == "month":
            return MONTHS[end.month % 12]
        if key == "year":
            return str(end.year + 1)
        if "official" in key:
            return self._official(key)
        if key.endswith("_adj"):
            return rng.choice(self.pools.demonyms[self._id(key[:-4])])
        return self._spell(self.pools.forms[self._id(key)])

    def _id(self, key: str) -> str:
        """The entity behind a slot: drawn from its pool, distinct from the pool's other slots,
        or derived from another slot ('station_region', 'border_state')."""
        if key in self.ids:
            return self.ids[key]
        pool = key.rstrip("0123456789")
        if pool in self.pools.ids:
            ids = self.pools.ids[pool]
            taken = [v for k, v in self.ids.items() if k.rstrip("0123456789") == pool]
            if taken or pool == "exercise":
                year = str(self.period[1].year)  # no 'Zapad-2021' in a briefing of 2024
                ids = tuple(i for i in ids if i not in taken
                            and self.pools.years.get(i, year) == year) or ids
            ident = self.rng.choice(ids)
        elif key.endswith("_region"):
            ident = self.pools.regions[self._id(key.removesuffix("_region"))]
        elif key.endswith("_state"):  # of a border, the state across it from Belarus
            states = self.pools.countries[self._id(key.removesuffix("_state"))]
            ident = next((c for c in states if c != FOCUS), states[0])
        else:
            raise KeyError(f"no slot {key!r}")
        self.ids[key] = ident
        return ident

    def _spell(self, forms: tuple[str, ...]) -> str:
        """The label, or now and then one of the English aliases."""
        if len(forms) > 1 and self.rng.random() < ALIAS_RATE:
            return self.rng.choice(forms[1:])
        return forms[0]

    def _official(self, key: str) -> str:
        """'Defence Minister Viktor Khrenin': a post holder on the last day of the period."""
        day, ally_only = self.period[1], key.startswith("ally_")
        taken = {v for k, v in self.ids.items() if "official" in k}
        holders = [o for o in self.pools.officials
                   if (o.start is None or o.start <= day) and (o.end is None or day <= o.end)
                   and o.id not in taken
                   and (not ally_only or set(o.countries) <= {FOCUS, ALLY})]
        official = self.rng.choice(holders)
        self.ids[key] = official.id
        name = self._spell(self.pools.forms.get(official.id, (official.label,)))
        return f"{self.rng.choice(official.titles)} {name}"


def _quantity(rng: random.Random, low: int, high: int, step: int, varied: bool) -> str:
    """A count like '14', 'about 1,200', 'up to 40' or a range like '30–40'."""
    value = rng.randrange(low, high + 1, step)
    if varied and rng.random() < 0.25:
        upper = value + (step * rng.randint(2, 5) if step > 1 else 10)
        return f"{value:,}–{upper:,}"
    return (rng.choice(_PREFIXES) if varied else "") + f"{value:,}"


def _day(rng: random.Random, day: dt.date) -> str:
    """'12 March' or 'March 12'."""
    month = MONTHS[day.month - 1]
    return f"{day.day} {month}" if rng.random() < 0.7 else f"{month} {day.day}"


def _sentence(template: str, slots: Slots) -> str:
    """The template filled in, its first word capitalised unless it is a name like 'iSANS'."""
    text = template.format_map(slots)
    first = text.split(" ", 1)[0]
    return text[0].upper() + text[1:] if first.islower() else text


def compose(rng: random.Random, period: tuple[dt.date, dt.date]) -> tuple[str, list[str]]:
    """The title and the paragraphs of one briefing (about 600 words in 5–8 paragraphs)."""
    title = _sentence(rng.choice(TITLES), Slots(rng, period))
    count, target = rng.randint(5, 8), rng.randint(560, 640)
    themes = [t for t in THEMES if t != "outlook"]
    rng.shuffle(themes)
    themes = themes[:count - 1] + ["outlook"]
    unused = [t for theme in THEMES.values() for t in theme]
    paragraphs: list[str] = []
    used = 0
    for number, theme in enumerate(themes):
        budget = (target - used) / (count - number)
        queue = [t for t in THEMES[theme] if t in unused]
        rng.shuffle(queue)
        sentences: list[str] = []
        words = 0
        while words < budget or len(sentences) < 2:
            template = queue.pop() if queue else rng.choice(unused)
            unused.remove(template)
            sentence = _sentence(template, Slots(rng, period))
            sentences.append(sentence)
            words += len(sentence.split())
        paragraphs.append(" ".join(sentences))
        used += words
    return title, paragraphs


def _period_line(start: dt.date, end: dt.date) -> str:
    """'March 4 – March 10, 2024', with both years when the week crosses New Year."""
    first = f"{MONTHS[start.month - 1]} {start.day}"
    last = f"{MONTHS[end.month - 1]} {end.day}, {end.year}"
    return f"{first}{'' if start.year == end.year else f', {start.year}'} – {last}"


def render(index: int, seed: int = 7) -> tuple[str, str]:
    """The file name and text of briefing `index`."""
    rng = random.Random(seed + index)
    start, end = period = period_of(index)
    layout, ext = LAYOUTS[index % len(LAYOUTS)]
    title, paragraphs = compose(rng, period)
    section, trend = rng.choice(SECTIONS), rng.choice(TRENDS)
    published = end + dt.timedelta(days=1)
    if layout == "digest":
        text = "\n".join([
            "by", _period_line(start, end), section, "", title, "", trend, title,
            f"photo: {PUBLISHER}", "", "\n\n".join(paragraphs), "",
            "You have been successfully subscribed", "Subscribe to our newsletter",
            "Every Monday we send a short roundup of the week's security news.",
            "EN", "BE/RU", "Subscribe", "Read more"])
    elif layout == "markdown":
        middle = len(paragraphs) // 2
        blocks = paragraphs[:middle] + [f"## {rng.choice(HEADINGS)}"] + paragraphs[middle:]
        meta = [f"title: {json.dumps(title, ensure_ascii=False)}", f'publisher: "{PUBLISHER}"',
                "author: null", f"published: {published}", f"covered: {start}/{end}",
                "source_url: null", f"section: {json.dumps(section, ensure_ascii=False)}",
                f'trend: "{trend}"']
        text = "\n".join(["---", *meta, "---", "", "\n\n".join(blocks)])
    else:
        text = _html(title, paragraphs, section, period, published)
    return f"gen-{index:05d}.{ext}", text + "\n"


def _html(title: str, paragraphs: list[str], section: str,
          period: tuple[dt.date, dt.date], published: dt.date) -> str:
    """A full HTML5 page: head, nav, the article, an aside, a footer and one inert script."""
    e = html.escape
    body = "\n".join(f"  <p>{e(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)} | {PUBLISHER}</title>
<meta name="description" content="Weekly briefing, {e(_period_line(*period))}">
<meta property="og:site_name" content="{PUBLISHER}">
<meta property="article:published_time" content="{published}T08:00:00Z">
<meta property="article:section" content="{e(section)}">
<script>window.briefgraphGenerated = true;</script>
</head>
<body>
<nav><ul>
  <li><a href="/">Home</a></li><li><a href="/security">Security</a></li>
  <li><a href="/archive">Archive</a></li>
</ul></nav>
<article>
  <h1>{e(title)}</h1>
  <time datetime="{published}">{published.day} {MONTHS[published.month - 1]} {published.year}</time>
{body}
</article>
<aside class="newsletter">
  <h2>Subscribe to our newsletter</h2>
  <p>Every Monday, the week in security.</p><a href="/subscribe">Subscribe</a>
</aside>
<footer><p>© {published.year} {PUBLISHER}. Synthetic text for benchmarks.</p></footer>
</body>
</html>"""


def generate(out_dir: Path, count: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write `count` briefings gen-{index:05d}.{txt,md,html} into out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        name, text = render(index, seed)
        path = out_dir / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Generate the files the command line asks for and print a one-line summary."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start-index", type=int, default=0)
    args = ap.parse_args(argv)
    began = time.perf_counter()
    paths = generate(args.out_dir, args.count, args.seed, args.start_index)
    size = sum(p.stat().st_size for p in paths) / 1_000_000
    print(f"{len(paths)} files, {size:.2f} MB, {time.perf_counter() - began:.2f} s "
          f"in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
