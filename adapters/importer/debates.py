"""Debates a nota names ('het commissiedebat X van 8 april jl.') and refers back to."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from adapters.importer.dates import MONTH_PATTERN, resolve_date

KIND_WORDS = (r"commissiedebat|tweeminutendebat|plenaire?\s+debat|notaoverleg|wetgevingsoverleg|"
              r"algemeen\s+overleg|(?:eerste|tweede)[ -]kamer[ -]?debat|debat")
_NAMED = re.compile(
    rf"\b(?P<kind>{KIND_WORDS})\s+(?:over\s+(?:de|het)\s+)?(?P<title>[^.;:()\n]{{1,80}}?)"
    rf"\s+van\s+(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\b\.?(?:\s+(?P<year>\d{{4}}))?"
    r"(?:\s+(?P<relative>jl\.|a\.s\.))?", re.I)
_BACK = re.compile(rf"\b(?:dit|dat|het|hetzelfde|datzelfde|genoemde|bovengenoemde)\s+"
                   rf"(?P<kind>{KIND_WORDS})\b", re.I)


@dataclass(frozen=True)
class Debate:
    """A debate: its kind ('commissiedebat', ...), title and ISO date, as far as known."""

    kind: str
    title: str | None
    date: str | None


def _key(debate: Debate) -> tuple:
    """What makes two mentions the same debate: kind, date and title in any capitals."""
    return debate.kind, debate.date, (debate.title or "").casefold()


def kind_of(words: str) -> str:
    """The normalised kind of debate for the words that name it."""
    kind = " ".join(words.lower().replace("-", " ").split())
    return "plenair debat" if "kamer" in kind or kind.startswith("plenair") else kind


class Debates:
    """The debates named so far in a nota, to resolve 'dit debat' and to warn about dates."""

    def __init__(self, anchor: str | None) -> None:
        self.anchor = anchor
        self.seen: list[Debate] = []
        self.spellings: dict[tuple, str] = {}  # (kind, date, title casefolded) -> best spelling
        self.warnings: list[str] = []

    def observe(self, text: str) -> None:
        """Remember every debate this text names."""
        for match in _NAMED.finditer(text):
            debate = self._debate(match)
            if _key(debate) not in self.spellings:
                self._check_date(debate, match)
            self.seen.append(debate)
            self._spell(debate)

    def debate_for(self, text: str, fallback: Debate | None = None) -> Debate | None:
        """The debate a text is about: named in it, referred back to, or the fallback."""
        if named := _NAMED.search(text):
            return self._debate(named)
        if back := _BACK.search(text):
            return self._last(kind_of(back["kind"]))
        return fallback

    def canonical(self, debate: Debate | None) -> Debate | None:
        """The debate with its title as capitalised best anywhere in the nota."""
        if debate is None or debate.title is None:
            return debate
        return replace(debate, title=self.spellings.get(_key(debate), debate.title))

    def _spell(self, debate: Debate) -> None:
        """Remember the debate's title if it is the best capitalised spelling so far."""
        known = self.spellings.get(_key(debate), "")
        if sum(map(str.isupper, debate.title)) > sum(map(str.isupper, known)) or not known:
            self.spellings[_key(debate)] = debate.title

    def _debate(self, match: re.Match) -> Debate:
        """The debate a named-debate match describes."""
        year = int(match["year"]) if match["year"] else None
        date = resolve_date(int(match["day"]), match["month"], year, match["relative"],
                            self.anchor)
        return Debate(kind_of(match["kind"]), " ".join(match["title"].split()), date)

    def _last(self, kind: str) -> Debate | None:
        """The debate of this kind named most recently ('debat' stands for any kind)."""
        return next((debate for debate in reversed(self.seen)
                     if kind == "debat" or debate.kind == kind), None)

    def _check_date(self, debate: Debate, match: re.Match) -> None:
        """Warn when a debate said to be past ('jl.') is dated after the nota."""
        if match["relative"] and match["relative"].lower() == "jl." and debate.date \
                and self.anchor and debate.date > self.anchor:
            self.warnings.append(
                f"{debate.kind} {debate.title!r} of '{match['day']} {match['month']} jl.' is "
                f"dated {debate.date}, after the nota itself ({self.anchor})")
