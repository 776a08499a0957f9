"""English inflection for the trigger lexicons: the forms a base verb or noun takes in text."""
from __future__ import annotations

IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    "be": ("is", "are", "was", "were", "been", "being"), "begin": ("began", "begun"),
    "bring": ("brought",), "build": ("built",), "buy": ("bought",), "catch": ("caught",),
    "come": ("came",), "do": ("did", "done", "does"), "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"), "fight": ("fought",), "fly": ("flew", "flown", "flies"),
    "forbid": ("forbade", "forbidden"), "get": ("got", "gotten"), "give": ("gave", "given"),
    "go": ("went", "gone", "goes"), "hold": ("held",), "hit": ("hit",), "keep": ("kept",),
    "lead": ("led",), "leave": ("left",), "make": ("made",), "meet": ("met",), "put": ("put",),
    "ride": ("rode", "ridden"), "rise": ("rose", "risen"), "run": ("ran",), "say": ("said",),
    "see": ("saw", "seen"), "sell": ("sold",), "send": ("sent",), "set": ("set",),
    "shoot": ("shot",), "speak": ("spoke", "spoken"), "spend": ("spent",), "stand": ("stood",),
    "strike": ("struck", "stricken"), "take": ("took", "taken"), "tell": ("told",),
    "think": ("thought",), "undertake": ("undertook", "undertaken"), "withdraw": ("withdrew", "withdrawn"),
    "write": ("wrote", "written"), "seek": ("sought",), "overtake": ("overtook", "overtaken"),
    "break": ("broke", "broken"), "shake": ("shook", "shaken"), "mislead": ("misled",),
}
# Verbs whose final consonant doubles before -ed and -ing.
DOUBLING = frozenset({"ban", "plan", "ship", "stop", "drop", "shell", "patrol", "control",
                      "transfer", "refer", "commit", "occur", "admit", "permit", "propel",
                      "equip", "compel", "expel", "rebel", "kidnap", "blacklist"} - {"blacklist"})
_VOWELS = set("aeiou")
DOUBLE_IRREGULAR = frozenset({"put", "set", "hit", "run", "get", "begin", "forbid", "spin", "sit"})


def verb_forms(base: str) -> set[str]:
    """The base, -s, -ed and -ing forms of a verb (regular rules plus a table of irregulars)."""
    forms = {base}
    if base in IRREGULAR_VERBS:
        forms.update(IRREGULAR_VERBS[base])
        forms.add(base + ("es" if base.endswith(("s", "x", "z", "ch", "sh", "o")) else "s"))
        cvc = len(base) >= 3 and base[-1] not in _VOWELS | {"w", "y"} and base[-2] in _VOWELS \
            and base[-3] not in _VOWELS
        if base.endswith("e") and not base.endswith("ee"):
            forms.add(base[:-1] + "ing")
        else:
            forms.add(base + (base[-1] if cvc and base in DOUBLE_IRREGULAR else "") + "ing")
        return forms
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        stem = base[:-1]
        forms.update({base + "s", base + "d", stem + "ing"})
    elif base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        forms.update({base[:-1] + "ies", base[:-1] + "ied", base + "ing"})
    else:
        ending_s = "es" if base.endswith(("s", "x", "z", "ch", "sh")) else "s"
        forms.add(base + ending_s)
        if base in DOUBLING:
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
        else:
            forms.update({base + "ed", base + "ing"})
    return forms


def noun_forms(base: str) -> set[str]:
    """The singular and plural of a noun."""
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return {base, base + "es"} if not base.endswith("s") or base.endswith(("ss",)) else {base}
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return {base, base[:-1] + "ies"}
    return {base, base + "s"}


def phrase_forms(phrase: str, pos: str) -> set[str]:
    """Forms of a multi-word trigger: the first word inflects for verbs, the last for nouns."""
    words = phrase.split()
    if pos == "verb":
        return {" ".join([w, *words[1:]]) for w in verb_forms(words[0])}
    return {" ".join([*words[:-1], w]) for w in noun_forms(words[-1])}
