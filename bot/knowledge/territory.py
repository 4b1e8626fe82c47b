"""Where the person is: a région or a département named in a message (data/territories.yml).

Département names that are also ordinary words (« Cher », « Lot », « Somme », « Nord »…) and bare
numbers (« on est 3 ») are read only after a place cue (« dans le 35 », « en Gironde », « département
de la Somme ») or when they are the whole message; region names and multi-word département names
are read anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.knowledge.text import normalize, strip_accents

PLACE_CUES = ("dans le", "dans la", "dans l", "dans les", "en", "du", "de la", "departement", "dept", "dpt",
              "sur le", "sur la", "region", "le")  # fmt: skip
FILLER = frozenset({"et", "nous", "on", "est", "sommes", "je", "suis", "pour", "moi", "dans", "mon", "notre",
                    "departement", "region", "le", "la", "l", "en", "a", "au", "ici"})  # fmt: skip


@dataclass(frozen=True)
class Region:
    id: str
    name: str


@dataclass(frozen=True)
class Place:
    """A place found in a message: its region, and the département when one was named."""

    region: Region
    departement: str | None = None  # « Ille-et-Vilaine (35) »

    @property
    def label(self) -> str:
        return self.departement or self.region.name

    def names(self) -> tuple[str, ...]:
        """The names of this place: the département's without its code, and the region's."""
        return (*([self.departement.split(" (")[0]] if self.departement else []), self.region.name)

    def words(self) -> set[str]:
        """The normalised words that name this place (« ille », « vilaine », « 35 », « bretagne »)."""
        return set(normalize(f"{self.departement or ''} {self.region.name}").split())


class Territories:
    def __init__(self, raw: dict):
        self.regions = {rid: Region(rid, fields["name"]) for rid, fields in raw["regions"].items()}
        self._anywhere: list[tuple[str, Place]] = []  # normalised phrase -> place, read anywhere
        self._cued: dict[str, Place] = {}  # read only after a place cue or alone
        for rid, fields in raw["regions"].items():
            for alias in fields.get("aliases") or ():
                self._anywhere.append((normalize(alias), Place(self.regions[rid])))
        for code, (name, rid) in raw["departements"].items():
            if rid not in self.regions:
                raise ValueError(f"territories.yml: département {code} has unknown region {rid!r}")
            place = Place(self.regions[rid], f"{name} ({code})")
            key = normalize(name)
            (self._anywhere.append((key, place)) if " " in key else self._cued.__setitem__(key, place))
            self._cued[code.lower()] = place
        self._anywhere.sort(key=lambda entry: -len(entry[0]))  # « loire atlantique » before « loire »
        self._lowercase_words = re.compile(rf"\b(?:{'|'.join(map(re.escape, raw.get('capitalised_only') or ()))})\b")
        cues = "|".join(re.escape(c) for c in sorted(PLACE_CUES, key=len, reverse=True))
        self._cue_pattern = re.compile(rf"\b(?:{cues})\s+(\w+)")

    def find(self, text: str) -> Place | None:
        """The place named in `text`, if any (the most precise: a département before a region)."""
        # A common word written in lowercase is that word, not a place: it is masked before reading.
        norm = normalize(self._lowercase_words.sub("_", strip_accents(text)))
        padded = f" {norm} "
        region, region_span = None, range(0)
        for phrase, place in self._anywhere:
            at = padded.find(f" {phrase} ")
            if at < 0:
                continue
            if place.departement:
                return place
            if region is None:
                region, region_span = place, range(at, at + len(phrase) + 1)
        for match in self._cue_pattern.finditer(norm):
            if match.group(1) in self._cued and match.start(1) + 1 not in region_span:
                return self._cued[match.group(1)]
        words = [w for w in norm.split() if w not in FILLER]
        if len(words) == 1 and words[0] in self._cued and not self._a_quantity(norm, words[0]):
            return self._cued[words[0]]
        return region

    @staticmethod
    def _a_quantity(norm: str, word: str) -> bool:
        """« et à 50 ? » after the CSE's thresholds: a number after « à » is a headcount, not the Manche."""
        return word.isdigit() and re.search(rf"\b(?:a|au)\s+{word}\b", norm) is not None


@lru_cache(maxsize=2)
def load(path: Path = Path(__file__).parent / "data" / "territories.yml") -> Territories:
    return Territories(yaml.safe_load(path.read_text(encoding="utf-8")))
