"""German word forms for the search index: the guide's own vocabulary, compound parts, synonyms.

Pagefind stems German itself (Snowball, with ``--force-language de``): "Schweißverfahrens"
finds "Schweißverfahren", "Kurse" finds "Kurs". It does not know that "Pflegefachkräfte" are
"Pflege" and "Fachkräfte", that a "Schweißerkurs" is a "Schweißkurs", or that the editors'
synonym groups belong together. This module works that out at build time, so each page can
carry the extra words in a hidden, weighted block (see ``search.SearchRecord``):

- ``Lexicon`` is every word the guide's searchable pages use, counted per page. A compound is
  split only into parts that are themselves words of this vocabulary (with the usual German
  linking elements -s-, -es-, -n-, -en-, -er-, -e-), so the splitting needs no dictionary and
  fits any guide's language.
- ``Expander`` turns the words of one page into the extra words: parts of compounds and of
  hyphenated words, the compound without its linking element ("Schweißerkurs" → "Schweißkurs"),
  the outer parts of three-part compounds ("Pflegefachkräfte" → "Pflegekräfte"), and every
  member of a synonym group one of whose members the page contains.

Words are compared by their Snowball stem, the algorithm Pagefind uses too, from the
``pystemmer`` package: the Snowball project's own C stemmers for Python, a few microseconds a
word (the pure-Python ``snowballstemmer`` needed a third of a millisecond, seconds per guide).
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import Stemmer  # type: ignore[import-not-found]
import yaml

# A word: letters and digits, hyphenated words kept whole ("Aufstiegs-BAföG", "E-Auto").
WORD = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")
HYPHENS = re.compile(r"[-‐‑]")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e"})
# Linking elements between the parts of a compound, longest first.
LINKS = ("es", "en", "er", "s", "n", "e")
MIN_HEAD = 3
MIN_TAIL = 4
# A last part of three letters is taken only as a noun the guide uses on its own ("Linien|bus",
# "Arbeits|tag", "Betriebs|rat"): shorter ends are mostly endings ("-ung", "-bar", "-los").
SHORT_TAIL = 3
# Inflectional endings a stem may carry ("fachkraft" + "e").
ENDINGS = ("e", "en", "n", "s", "er", "es", "ern", "em")


def fold(word: str) -> str:
    """Lowercase without umlauts and ß, as Pagefind's query normalisation and stems see them."""
    return word.lower().translate(_FOLD)


# Function words: never a part of a compound, never a search word on their own. The last line:
# adverbs that stem like nouns or begin them ("erst|helfer" is no Ersthelfer, "meist" no Meister).
_FUNCTION_WORDS = """
    ab aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin bis bist
    da dabei damit dann das dass dem den denen der des dessen die dies diese diesem diesen dieser dieses
    doch dort du durch ein eine einem einen einer eines er es etwa euch euer für gegen hat habe haben
    hier ich ihm ihn ihr ihre im in ins ist ja je jede jeden jeder jedes kann kein keine können man mehr
    mein meine mich mir mit muss nach nicht noch nur ob oder ohne per pro sehr sein seine sich sie sind
    so sowie über um und uns unser unter vom von vor war was weil welche wenn wer werden wie wir wird
    wo zu zum zur zwischen
    meinem meinen meiner meines dein deine deinem deinen deiner deines seinem seinen seiner seines
    ihrem ihren ihrer ihres unsere unserem unseren unserer unseres eure eurem euren eurer
    dauert lange wieviel viel viele teuer brauche brauchen benötige benötigen finde finden
    bereits erst ganz immer jetzt meist meistens oft schon sonst wieder
"""
STOPWORDS = frozenset(fold(word) for word in _FUNCTION_WORDS.split())


def phrase_key(text: str) -> str:
    """A word or phrase as the word groups compare them: folded, its spaces made single ("Soft  Skills" is "soft skills")."""
    return " ".join(fold(text).split())


def words(text: str) -> list[str]:
    return WORD.findall(text)


# Names written with signs Pagefind drops: to it "C++" and "C#" are both "c", ".NET" is
# "net". The search page spells them out the same way (suche.js ``signed``): "cplusplus",
# "csharp", "dotnet". A letter, then the signs, standing alone ("C++-Kurs", "C++20" too).
SIGNED = re.compile(r"(?<![\w.+#])(?:([A-Za-z])(\+\+|#)|\.(net|NET|Net))(?![^\W\d]|[+#])")
SIGN_NAMES = {"++": "plusplus", "#": "sharp"}


def signed_words(text: str) -> list[str]:
    """The words for names written with signs in ``text``: "C++" → "cplusplus"."""
    # Run for every text of every page: the pattern only where one of its signs stands ("." alone
    # is in nearly every text).
    if "++" not in text and "#" not in text and ".net" not in text and ".NET" not in text and ".Net" not in text:
        return []
    return list(dict.fromkeys(
        f"{letter.lower()}{SIGN_NAMES[sign]}" if letter else "dotnet" for letter, sign, _ in SIGNED.findall(text)
    ))


# Words joined by slashes are one word to Pagefind ("B1/B2", "Kauffrau/Kaufmann"); their parts
# are search words too, so that "B2" and "Kaufmann" find them. Not a link's path (a slash
# before or after) and not a gendered ending ("Mitarbeiter/innen" gives "Mitarbeiter" only).
SLASH_WORD = re.compile(r"[^\W_]+(?:[-‐‑/][^\W_]+)*")
SLASHED = re.compile(r"(?<![\w/.:])[^\W_]+(?:/[^\W_]+)+(?![\w/])")
_ENDINGS_AFTER_SLASH = frozenset({"in", "innen", "r", "n", "e", "en", "er", "s"})


def slashed_words(text: str) -> list[str]:
    """The parts of words joined by slashes in ``text``: "Englisch (B1/B2)" → ["B1", "B2"]."""
    if "/" not in text:
        return []
    return list(dict.fromkeys(
        part for joined in SLASHED.findall(text) for part in joined.split("/")
        if len(part) >= 2 and part.casefold() not in _ENDINGS_AFTER_SLASH and fold(part) not in STOPWORDS
    ))


def unslashed_words(text: str) -> list[str]:
    """The words of ``text`` that stand without a slash (and the parts of hyphenated ones)."""
    return [part for token in SLASH_WORD.findall(text) if "/" not in token for part in HYPHENS.split(token)]


class Stems:
    """Snowball stems of folded words, remembered (a guide repeats its words a lot)."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("german")
        self._known: dict[str, str] = {}

    def __call__(self, folded: str) -> str:
        found = self._known.get(folded)
        if found is None:
            found = self._known[folded] = self._stemmer.stemWord(folded)
        return found


def key(word: str, stems: Stems) -> str:
    """What two spellings of one word share: the stem of the folded word without hyphens."""
    return stems(HYPHENS.sub("", fold(word)))


@dataclass
class Lexicon:
    """The guide's vocabulary: folded words, how many pages use each, a display form."""

    stems: Stems = field(default_factory=Stems)
    pages: Counter[str] = field(default_factory=Counter)  # folded word → pages using it
    shown: dict[str, str] = field(default_factory=dict)  # folded word → as written most often
    forms: frozenset[str] = frozenset()  # words and their inflected neighbours (see ``freeze``)
    words: frozenset[str] = frozenset()  # the words as they stand, without function words
    written: Counter[str] = field(default_factory=Counter)  # words as written → pages using them
    variants: dict[str, Counter[str]] = field(default_factory=dict)  # folded word → its spellings, counted

    @staticmethod
    def page_words(texts: Iterable[str]) -> frozenset[str]:
        """The distinct words of one page's texts, as written."""
        return frozenset(WORD.findall("\n".join(texts)))

    def add_page(self, texts: Iterable[str]) -> None:
        # Only set and Counter work per page (10,000 offers); each distinct word is folded once.
        self.written.update(self.page_words(texts))

    def _fold_written(self) -> None:
        variants: dict[str, Counter[str]] = {}
        for written, count in self.written.items():
            for part in HYPHENS.split(written):
                folded = fold(part)
                self.pages[folded] += count
                variants.setdefault(folded, Counter())[part] += count
        # The spelling used most often, then the first in sort order: the same on every build.
        self.shown = {f: _most_used(v) for f, v in variants.items()}
        self.variants = variants

    def freeze(self) -> None:
        """Once all pages are in: the words with an inflectional ending added or taken off.

        "fachkrafte" is then known from "Fachkraft", "kurs" from "Kurse". Only a compound's
        last part may be inflected this way; its first part must be a word as it stands
        (maybe with a linking element), else "Mittwoch" would split at "Mitt(e)|Woch(e)".
        """
        self._fold_written()
        self.words = frozenset(w for w in self.pages if w.isalpha() and w not in STOPWORDS)
        self.forms = frozenset(set().union(*map(_forms_of, self.words)) - STOPWORDS)

    def changed(self, delta: Counter[str]) -> Lexicon:
        """A frozen lexicon for these written words counted on more (or fewer) pages: what
        ``freeze`` gives for the whole new count, worked out from this frozen lexicon by
        looking at the changed words only (the live preview's edits; a few milliseconds
        where ``freeze`` takes a quarter of a second at 10,000 offers)."""
        written = self.written.copy()
        written.update(delta)
        pages, variants, shown = self.pages.copy(), dict(self.variants), dict(self.shown)
        touched: set[str] = set()
        for word, count in delta.items():
            for part in HYPHENS.split(word):
                folded = fold(part)
                if folded not in touched:
                    touched.add(folded)
                    variants[folded] = variants[folded].copy() if folded in variants else Counter()
                pages[folded] += count
                variants[folded][part] += count
        added, removed = set(), set()
        for folded in touched:
            if pages[folded] <= 0:
                for table in (pages, variants, shown):
                    table.pop(folded, None)
                if folded in self.pages:
                    removed.add(folded)
            else:
                variants[folded] = +variants[folded]
                shown[folded] = _most_used(variants[folded])
                if folded not in self.pages:
                    added.add(folded)
        plain = lambda found: {w for w in found if w.isalpha() and w not in STOPWORDS}  # noqa: E731
        added, removed = plain(added), plain(removed)
        words = (self.words - removed) | added
        forms = set(self.forms)
        for word in removed:  # a form goes when no remaining word makes it
            forms -= {f for f in _forms_of(word) if not _made(f, words)}
        for word in added:
            forms |= _forms_of(word)
        return Lexicon(
            stems=self.stems, pages=pages, shown=shown, forms=frozenset(forms - STOPWORDS), words=words,
            written=+written, variants=variants,
        )

    def noun(self, folded: str) -> bool:
        """Whether ``folded`` is a word of the guide written with a capital letter as a rule."""
        return folded in self.words and self.shown.get(folded, "")[:1].isupper()

    def knows(self, folded: str) -> bool:
        """Whether ``folded`` is a word of the guide, give or take an inflectional ending."""
        return folded in self.forms

    def says(self, phrase: str) -> bool:
        """Whether the guide's pages use every word of ``phrase`` (each part, if hyphenated)."""
        parts = [fold(part) for word in phrase.split() for part in HYPHENS.split(word) if part]
        return bool(parts) and all(self.knows(part) or part in self.pages for part in parts)

    def vocabulary(self, limit: int) -> list[str]:
        """Words worth suggesting: alphabetic, 3+ letters, the most used first."""
        usable = [(w, n) for w, n in self.pages.items() if len(w) >= 3 and w.isalpha() and w not in STOPWORDS]
        usable.sort(key=lambda item: (-item[1], item[0]))
        return [self.shown[w] for w, _ in usable[:limit]]


@functools.cache
def builtin_synonyms() -> tuple[tuple[str, ...], ...]:
    """The word groups Lotse gives every guide (data/synonyme.yaml)."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "synonyme.yaml").read_text(encoding="utf-8"))
    return tuple(tuple(str(word).strip() for word in group) for group in data["synonyms"])


# A broader term and the narrower words it means: (term, (narrower, …)).
Broader = tuple[str, tuple[str, ...]]


@functools.cache
def builtin_broader() -> tuple[Broader, ...]:
    """The broader terms Lotse gives every guide (data/synonyme.yaml, ``broader``)."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "synonyme.yaml").read_text(encoding="utf-8"))
    return tuple((str(entry["term"]).strip(), tuple(str(word).strip() for word in entry["narrower"])) for entry in data.get("broader") or [])


def merged_broader(own: Iterable[Broader], builtin: Iterable[Broader]) -> list[Broader]:
    """The guide's own broader terms, then each built-in one the guide has no entry for (its own
    entry for a term says what the term means here)."""
    entries = [(term, tuple(narrower)) for term, narrower in own]
    taken = {phrase_key(term) for term, _ in entries}
    return entries + [(term, tuple(narrower)) for term, narrower in builtin if phrase_key(term) not in taken]


def merged_synonyms(own: Iterable[Iterable[str]], builtin: Iterable[Iterable[str]]) -> list[list[str]]:
    """The guide's own groups, then each built-in group without the words an own group holds
    (an own group says what such a word means here); a group left with fewer than two words
    goes. Words compare as the search compares them (case, umlauts, spaces)."""
    groups = [list(group) for group in own]
    taken = {phrase_key(word) for group in groups for word in group}
    for group in builtin:
        rest = [word for word in group if phrase_key(word) not in taken]
        if len(rest) >= 2:
            groups.append(rest)
    return groups


@functools.cache
def _english() -> tuple[tuple[str, tuple[str, ...]], ...]:
    lines = (Path(__file__).parent / "data" / "englisch.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(";") for line in lines if line.strip() and not line.startswith("#")][1:]  # after the header
    return tuple((english.strip().casefold(), tuple(g.strip() for g in german.split("|"))) for english, german in rows)


def english_words(lexicon: Lexicon) -> dict[str, str]:
    """English words visitors type ("welding", "course") with the German word of this guide's
    pages to search instead (data/englisch.csv: the first of its words that the pages use);
    the search page tries it for an English word that finds nothing."""
    out = {}
    for english, german in _english():
        found = next((word for word in german if lexicon.says(word)), None)
        if found is not None:
            out[english] = found
    return out


def _most_used(variants: Counter[str]) -> str:
    return min(variants.items(), key=lambda item: (-item[1], item[0]))[0]


def _forms_of(word: str) -> set[str]:
    """A word of the guide and its inflected neighbours (see ``Lexicon.freeze``)."""
    forms = {word}
    for ending in ENDINGS:
        forms.add(word + ending)
        if word.endswith(ending) and len(word) - len(ending) >= MIN_TAIL:
            forms.add(word[: -len(ending)])
    return forms


def _made(form: str, words: frozenset[str]) -> bool:
    """Whether one of ``words`` has ``form`` among its ``_forms_of``."""
    if form in words:
        return True
    for ending in ENDINGS:
        if form.endswith(ending) and form[: -len(ending)] in words:
            return True
        if len(form) >= MIN_TAIL and form + ending in words:
            return True
    return False


@dataclass(frozen=True)
class Split:
    head: str  # as written in the word
    tail: str
    core: str | None  # the head without an agent "-er" ("Schweißer" → "Schweiß")
    inner: Split | None = None  # the tail split again, when it is a compound of known words


def _folded_cuts(word: str) -> tuple[str, list[int]]:
    """The folded word and, for each position in ``word``, the position in the folded one (ß → ss)."""
    folded = fold(word)
    if len(folded) == len(word):
        return folded, list(range(len(word) + 1))
    positions, at = [], 0
    for char in word:
        positions.append(at)
        at += len(fold(char))
    positions.append(at)
    return folded, positions


def _head_core(head: str, lexicon: Lexicon) -> tuple[bool, int]:
    """Whether the folded head is a word as it stands, maybe with a linking element, and the
    length of an agent "-er" whose verb the guide uses ("schweisser": "schweissen" → 2)."""
    known = head in lexicon.words or any(
        head.endswith(link) and len(head) - len(link) >= MIN_HEAD and head[: -len(link)] in lexicon.words for link in LINKS
    )
    if not known:
        return False, 0
    core = head[:-2]
    if head.endswith("er") and len(core) >= MIN_HEAD and (core + "en") in lexicon.words:
        return True, 2
    return True, 0


def split(word: str, lexicon: Lexicon, nested: bool = True) -> Split | None:
    """The compound ``word`` as head + tail, both words of the guide; the longest known tail wins.

    The head may end in a linking element (Beruf-s-, Arbeit-s-); with ``nested`` the tail may
    itself be a compound of two known words (Gebäude|energie|berater).
    """
    if len(word) < MIN_HEAD + SHORT_TAIL or not word.isalpha():
        return None
    folded, at = _folded_cuts(word)
    forms = lexicon.forms
    cuts = range(MIN_HEAD, len(word) - MIN_TAIL + 1)
    for cut in cuts:
        if folded[at[cut] :] in forms:
            known, core = _head_core(folded[: at[cut]], lexicon)
            if known:
                return Split(word[:cut], word[cut:], word[: cut - core] if core else None)
    cut = len(word) - SHORT_TAIL
    if cut >= MIN_HEAD and lexicon.noun(folded[at[cut] :]):
        known, core = _head_core(folded[: at[cut]], lexicon)
        if known:
            return Split(word[:cut], word[cut:], word[: cut - core] if core else None)
    if nested and len(word) >= 2 * MIN_HEAD + MIN_TAIL:
        for cut in cuts:
            known, core = _head_core(folded[: at[cut]], lexicon)
            if known:
                inner = split(word[cut:], lexicon, nested=False)
                if inner is not None:
                    return Split(word[:cut], word[cut:], word[: cut - core] if core else None, inner)
    return None


def _noun(part: str) -> str:
    return part[:1].upper() + part[1:]


def compound_forms(word: str, lexicon: Lexicon) -> list[str]:
    """Extra forms of one word: hyphen parts, compound parts, "Schweißerkurs" also as "Schweißkurs"."""
    out: list[str] = []
    if HYPHENS.search(word):
        pieces = [p for p in HYPHENS.split(word) if len(p) > 1 and not p.isdigit()]
        out += pieces
        for piece in pieces:
            out += compound_forms(piece, lexicon)
        return out
    found = split(word, lexicon)
    if found is None:
        return out
    tail = _noun(found.tail)
    out += [found.head, tail]
    if found.core is not None:
        out.append(found.core + found.tail.lower())
    inner = found.inner or split(tail, lexicon, nested=False)
    if inner is not None:
        out += [_noun(inner.head), _noun(inner.tail)]
    # Pflege|fachkräfte: "Pflegekräfte" too, when the guide uses that word elsewhere.
    for start in range(1, len(found.tail) - MIN_TAIL + 1):
        for head in {found.head, found.core or found.head}:
            shorter = head + found.tail[start:].lower()
            if fold(shorter) in lexicon.pages:
                out.append(shorter)
    return out


# Words a hyphen shortens in a row, which share the last word's end: "Physio- und
# Ergotherapeuten" are "Physiotherapeuten" and "Ergotherapeuten", "Kommunikations-,
# Präsentations- und Moderationstraining" three trainings. Pagefind sees "Physio" alone.
# Possessive (``++``): letters, hyphen and spaces never give back what they took, which no match
# needs (a letter cannot stand for a hyphen, nor a space for a letter), so that a word is not
# tried again from each of its letters.
ELIDED = re.compile(r"((?:(?<![\w‐‑-])[^\W\d_]{2,}+[-‐‑],?\s++)++)(?:und|oder|bzw\.|sowie)\s+([^\W\d_]{5,})")
_ELIDED_HEAD = re.compile(r"([^\W\d_]{2,})[-‐‑]")
# Where every match of ``ELIDED`` ends its shortened words: a letter, the hyphen, and the word
# that joins them to the whole one.
_ELIDED_JOIN = re.compile(r"[^\W\d_]-,?\s+(?:und|oder|bzw\.|sowie)\s")


def _elided(text: str) -> list[re.Match[str]]:
    if "\u2010" in text or "\u2011" in text:
        return list(ELIDED.finditer(text))
    if "- " not in text and "-," not in text:
        return []
    # Most texts with a "- " have it as a list's mark: ``ELIDED`` reads the whole text (a
    # description) only where a hyphen stands before a joining word, each hyphen looked at.
    at = text.find("-", 1)
    while at != -1:
        if _ELIDED_JOIN.match(text, at - 1):
            return list(ELIDED.finditer(text))
        at = text.find("-", at + 1)
    return []


def elided_words(text: str, lexicon: Lexicon) -> list[str]:
    """The whole words meant by the shortened ones in ``text``: "Physio- und Ergotherapeuten" →
    ["Physiotherapeuten"]. The shared end is the longest end of the last word that is a word of
    the guide ("therapeuten"), so it needs no dictionary; without one, nothing."""
    out: list[str] = []
    for match in _elided(text):
        last = match.group(2)
        folded, at = _folded_cuts(last)
        end = next((last[cut:] for cut in range(MIN_HEAD, len(last) - MIN_TAIL + 1) if folded[at[cut]:] in lexicon.forms), None)
        if end is None:
            continue
        for head in _ELIDED_HEAD.findall(match.group(1)):
            if fold(head) not in STOPWORDS:
                out.append(f"{head}-{_noun(end)}" if head.isupper() else head + end)
    return list(dict.fromkeys(out))


def key_length(word: str) -> int:
    """The length ``key`` compares forms by: of the folded word without hyphens."""
    return len(HYPHENS.sub("", fold(word)))


# A word shorter than a one-word member by this much or more is another word with the same
# stem, not a form of it: "meist" (mostly) is not "Meister", "Bau" not "Bauer", "Schweiß"
# (sweat) not "Schweißen". Forms add to the member ("Meisterin", "Kurse"), or drop one letter
# of it ("Grundlage" for "Grundlagen").
SHORTER = 2


@dataclass
class Synonyms:
    """The editors' groups, each member known by the keys of its words.

    A broader term's narrower words are one-way groups after them: each narrower word is the
    only word that finds such a group, and what the group adds to a page is the broader term
    (with its own group's members, if it is in one), never the other narrower words.
    """

    groups: list[list[str]]
    stems: Stems
    broader: list[Broader] = field(default_factory=list)
    # key of a one-word member → (group, the least length of a word that is a form of it,
    # whether the member is a noun: capitalised, so a word in small letters is no form of it)
    single: dict[str, list[tuple[int, int, bool]]] = field(default_factory=dict)
    phrases: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    members: list[list[tuple[str, str]]] = field(default_factory=list)  # per group: (key, member)
    single_keys: frozenset[str] = frozenset()
    phrase_starts: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)  # first key → phrases
    # first key → (keys, member): the phrase members, to find in long texts (``Expander.synonym_members``)
    phrase_members: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    phrase_keys: frozenset[str] = frozenset()  # the keys of the phrases' words
    oneway: frozenset[int] = frozenset()  # the numbers of the broader terms' one-way groups
    finders: list[list[str]] = field(default_factory=list)  # per group: the words that find it

    def _member(self, word: str) -> tuple[str, str]:
        return (key(word, self.stems) if " " not in word.strip() else " ".join(word.casefold().split()), word)

    def __post_init__(self) -> None:
        finders = self.finders
        for group in self.groups:
            self.members.append([self._member(m) for m in group])
            finders.append(group)
        of_word = {phrase_key(m): number for number, group in enumerate(self.groups) for m in group}
        for term, narrower in self.broader:
            # The term and the members of its group (true synonyms of it), but none of its
            # narrower words a group of the term's may hold ("PowerPoint" in Office's).
            same = of_word.get(phrase_key(term))
            below = {phrase_key(word) for word in narrower}
            adds = [m for m in self.members[same] if phrase_key(m[1]) not in below] if same is not None else [self._member(term)]
            for word in narrower:
                # The narrower word in its own forms only, not by the other members of a group
                # it may stand in: those say what the word means to a searcher, often more
                # widely ("Programmierung" of a CNC machine is no IT).
                finders.append([word])
                self.members.append(adds)
        self.oneway = frozenset(range(len(self.groups), len(self.members)))
        for number, group in enumerate(finders):
            for member in group:
                parts = tuple(key(w, self.stems) for w in WORD.findall(member))
                if len(parts) == 1:
                    entry = (number, key_length(member) - SHORTER + 1, member.strip()[:1].isupper())
                    # The stemmer takes an "s" off after some letters, but "es" or "e" whole:
                    # "kurs" → "kur", "kurses" → "kurs". The key of the member with an "e" is
                    # that of its other forms ("Erste-Hilfe-Kurses", "Malers").
                    for found in dict.fromkeys((parts[0], key(member.strip() + "e", self.stems))):
                        self.single.setdefault(found, []).append(entry)
                elif parts:
                    self.phrases.append((parts, number))
                    self.phrase_starts.setdefault(parts[0], []).append((parts, number))
                    if number < len(self.groups):  # of a description only synonyms count (``Expander.synonym_members``)
                        self.phrase_members.setdefault(parts[0], []).append((parts, member))
        self.single_keys = frozenset(self.single)
        self.phrase_keys = frozenset(k for parts, _ in self.phrases for k in parts)

    def fits(self, found_key: str, length: int, capital: int) -> list[int]:
        """The groups of which a word with this key and ``key_length`` is a one-word member;
        ``capital``: the length if the word begins with a capital letter, else -1. German
        writes nouns with one: "meistern" (to master) is no form of the member "Meister"."""
        return [number for number, least, noun in self.single.get(found_key, ()) if (capital if noun else length) >= least]

    def matching(self, key_set: set[str], longest: dict[str, tuple[int, int]], keys_in_order: Callable[[], list[str]]) -> set[int]:
        """The groups one of whose members occurs in a text with these word keys; ``longest``:
        for those that are keys of one-word members, the ``key_length`` of the text's longest
        word with that key, and of the longest such word with a capital letter (or -1).

        ``keys_in_order`` gives the text's keys in order; it is asked only when a phrase's
        words all occur, to see whether they stand together.
        """
        found = set()
        single = self.single
        for k in key_set & self.single_keys:  # ``fits`` of each key, written out (three times per text of every page)
            length, capital = longest[k]
            for number, least, noun in single[k]:
                if (capital if noun else length) >= least:
                    found.add(number)
        joined: str | None = None
        for first in key_set & self.phrase_starts.keys():
            for parts, number in self.phrase_starts[first]:
                if number in found or not key_set.issuperset(parts):
                    continue
                if joined is None:
                    joined = "\0" + "\0".join(keys_in_order()) + "\0"
                if "\0" + "\0".join(parts) + "\0" in joined:
                    found.add(number)
        return found


# Levels a course is marked with, which qualify a word rather than name a thing ("Basis-Englisch").
LEVEL_FRONTS = frozenset({"basis", "grund", "aufbau", "einstieg", "experte", "profi", "intensiv", "kompakt"})


def _kin(member: str, part: str) -> bool:
    """Whether a group member's key and a word's are forms of one word: they differ in at most
    their last three letters ("programmi", "programmier"; "systemadministrator",
    "systemadministration"), or the member is one word that ends with the other ("email" of
    "E-Mail" and "mail"). Four letters at least."""
    shorter = min(len(member), len(part))
    if shorter < 4:
        return False
    same = len(os.path.commonprefix([member, part]))
    return same >= shorter - 3 and same >= 4 or (" " not in member and member.endswith(part))


class Expander:
    """The extra search words of one page, with what each word contributes remembered across pages."""

    def __init__(self, lexicon: Lexicon, groups: list[list[str]], broader: Iterable[Broader] = (), broader_from: float = 0.0,
                 audiences: Iterable[str] = ()):
        """``broader_from``: the least weight of a text whose narrower words give a page their
        broader terms (a description that asks for "Grundkenntnisse in Excel" is no computer
        course, a summary or title that names Excel is), and the most a broader term weighs.
        ``audiences``: the labels of the guide's target groups ("Unternehmen", "Beschäftigte"),
        whose groups' words stay whole after a naming front (``_bound_parts``)."""
        self.lexicon = lexicon
        self.broader_from = broader_from
        self.stems = lexicon.stems
        self.synonyms = Synonyms(groups, self.stems, list(broader))
        self._key: dict[str, str] = {}  # word as written → key
        self._length: dict[str, int] = {}  # word as written → key_length
        self._extra: dict[str, tuple[tuple[str, str], ...]] = {}  # word → its extra forms (key, form)
        self._rich: set[str] = set()  # the words that have extra forms
        self._members: set[str] = set()  # words of long texts that are members of a group
        self._others: set[str] = set()  # and those that are not
        self._in_phrases: dict[str, str] = {}  # words of long texts whose key is that of a phrase member's word
        # hyphenated word → (keys of its parts after a naming front, keys of its other forms)
        self._bound: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._phrases = {phrase_key(word) for group in groups for word in group if len(word.split()) > 1}
        # The keys of the one-word members of the groups that name a target group of the guide.
        labels = {phrase_key(label) for label in audiences}
        self._who = {k for number, group in enumerate(groups) if labels & {phrase_key(word) for word in group}
                     for k, word in self.synonyms.members[number] if " " not in word.strip()}

    def synonym_members(self, text: str, tokens: list[str] | None = None) -> list[str]:
        """The words of a long text (a description) that are one-word members of a synonym
        group, sorted, and then the phrase members it says, in any of their forms and across
        hyphens ("pädagogische Fachkräfte", "Erste-Hilfe-Kurses" for "Erste Hilfe"): of such a
        text only these are expanded. Its own words are indexed as they stand; expanding all
        of them (forms, compound parts) doubled an offer page's render time, but a visitor who
        types "Word" should find "Textverarbeitung", and "Ersthelfer" a course with "Erste Hilfe".
        ``tokens``: ``WORD.findall(text)`` when the caller has it already."""
        if tokens is None:
            tokens = WORD.findall(text)
        distinct = set(tokens)
        # The parts of hyphenated words too, for phrases (``WORD`` keeps such words whole): split
        # from the few words with a hyphen, not read from the whole text a second time.
        split = {w: HYPHENS.split(w) for w in distinct if "-" in w or "\u2010" in w or "\u2011" in w}
        words = distinct.union(*split.values())
        members, others, in_phrases = self._members, self._others, self._in_phrases
        for word in words - members - others:  # words not seen in any text before
            length = key_length(word)
            found_key = key(word, self.stems)
            fitting = self.synonyms.fits(found_key, length, length if word[:1].isupper() else -1)
            (members if any(number not in self.synonyms.oneway for number in fitting) else others).add(word)
            if found_key in self.synonyms.phrase_keys:
                in_phrases[word] = found_key
        found = sorted(distinct & members)
        keys = {in_phrases[word] for word in words & in_phrases.keys()}
        # The phrases all of whose words the text has ("erste" alone is in many texts): only then
        # is their order looked at.
        phrases = [(parts, member) for first in sorted(keys & self.synonyms.phrase_members.keys())
                   for parts, member in self.synonyms.phrase_members[first] if keys.issuperset(parts)]
        if phrases:
            # The text's words in order as the keys of phrase words, any other word as a gap.
            parts_in_order = [p for t in tokens for p in split.get(t, (t,))] if split else tokens
            said = "\0" + "\0".join([in_phrases.get(part, "") for part in parts_in_order]) + "\0"
            found += list(dict.fromkeys(member for parts, member in phrases if "\0" + "\0".join(parts) + "\0" in said))
        return found

    def learn(self, word: str) -> None:
        forms = tuple(dict.fromkeys(compound_forms(word, self.lexicon)))
        self._key[word] = key(word, self.stems)
        self._length[word] = key_length(word)
        if forms:
            self._extra[word] = tuple((key(f, self.stems), f) for f in forms)
            self._rich.add(word)
            bound = self._bound_parts(word)
            if bound:
                free = frozenset(k for k, _ in self._extra[word]) - bound
                self._bound[word] = (bound - free, free)

    def naming(self, front: str) -> bool:
        """Whether ``front``, a part before a hyphen, names a thing of its own: an abbreviation
        ("CNC", "SPS") or a word the guide always writes with a capital letter ("Home",
        "Linux"). Not so a letter ("E-Mail"), a word the guide also writes in small letters
        ("Online" of "Online-Bewerbung" is "online") nor a level ("Basis", "Aufbau")."""
        if len(front) < 2 or not front.isalpha():
            return False
        if front.isupper():
            return True
        spellings = self.lexicon.variants.get(fold(front)) or Counter()
        return bool(spellings) and all(w[:1].isupper() for w in spellings) and fold(front) not in LEVEL_FRONTS

    def _bound_parts(self, word: str) -> frozenset[str]:
        """The keys of the parts of a hyphenated ``word`` (and of their forms) that stand after a
        naming front (``naming``): "Office" of "Home-Office", "Programmierung" of
        "CNC-Programmierung". Such a compound names another thing than its last part alone
        (working from home is no office software, programming a machine no software
        development), so that part brings only its own forms from a synonym group, not the
        group's other words (``Expander.page``); a broader term it has still holds. Not a part that makes a term of a group with
        its front ("MS-Office" is "MS Office"), nor a word of a group that names one of the
        guide's target groups (``audiences``): the front then only says which trade ("SHK-Betriebe",
        "IT-Firmen" are businesses, "Pflege-Mitarbeiter" employees), and the part keeps its group
        ("Unternehmen", "Firma"), where a job, a skill or a product names another thing after a
        front ("CNC-Fräser" is no "Dreher", "CNC-Programmierung" no "Softwareentwicklung")."""
        if not HYPHENS.search(word):
            return frozenset()
        pieces = [p for p in HYPHENS.split(word) if len(p) > 1 and not p.isdigit()]
        bound: set[str] = set()
        for front, part in zip(pieces, pieces[1:], strict=False):
            if not self.naming(front) or phrase_key(f"{front} {part}") in self._phrases or key(part, self.stems) in self._who:
                continue
            bound.add(key(part, self.stems))
            bound.update(key(f, self.stems) for f in compound_forms(part, self.lexicon))
        return frozenset(bound)

    def key_of(self, word: str) -> str:
        if word not in self._key:
            self.learn(word)
        return self._key[word]

    def _longest(self, key_set: set[str], distinct: set[str], extra: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
        """For the keys of one-word members only (most words are none): the ``key_length`` of
        the longest word with the key, and of the longest with a capital letter (or -1)."""
        longest: dict[str, tuple[int, int]] = {}
        hits = key_set & self.synonyms.single_keys
        if hits:
            keys_of, lengths = self._key, self._length
            for k, length, word in [(keys_of[w], lengths[w], w) for w in distinct if keys_of[w] in hits] + [
                (k, key_length(f), f) for k, f in extra if k in hits
            ]:
                most, capital = longest.get(k, (-1, -1))
                longest[k] = (max(most, length), max(capital, length if word[:1].isupper() else -1))
        return longest

    def _ordered_keys(self, tokens: list[list[str]]) -> list[str]:
        return [self.key_of(w) for ts in tokens for w in ts]

    def page(self, texts: dict[float, list[str]], generated: dict[float, list[str]] | None = None) -> list[tuple[float, list[str]]]:
        """A page's extra words by weight, highest first; none the page has already, none twice.

        ``texts`` are the page's texts by the weight their words carry; ``generated`` words the
        page does not show as text (its schedule in words), which are added as they are. This
        runs once per page (10,000 times for 10,000 offers): each text is read once, and per
        word only a key is looked up; the few words with extra forms are found by set
        intersection and handled in sorted order, so the output is the same on every build.
        """
        generated = generated or {}
        keys_of = self._key
        present: set[str] = set()
        classes = []
        for weight in sorted(set(texts) | set(generated), reverse=True):
            tokens = [WORD.findall("\n".join(texts.get(weight, [])))]
            own = generated.get(weight, [])
            distinct = set().union(*tokens)
            for word in distinct.difference(keys_of):
                self.learn(word)
            for word in own:
                self.key_of(word)
            keys = {keys_of[w] for w in distinct}
            present |= keys
            classes.append((weight, tokens + [own], distinct, keys, own))
        extras: list[tuple[float, list[tuple[str, str]]]] = []
        broads: dict[float, list[tuple[str, str]]] = {}  # by the weight they are given
        weights = {weight for weight, *_ in classes}
        for weight, tokens, distinct, keys, own in classes:
            extra = [(keys_of[w], w) for w in own]
            for word in sorted(distinct & self._rich):
                extra.extend(self._extra[word])
            key_set = keys | {k for k, _ in extra}
            in_order = functools.partial(self._ordered_keys, tokens)
            longest = self._longest(key_set, distinct, extra)
            groups = self.synonyms.matching(key_set, longest, in_order)
            if weight < self.broader_from:
                groups -= self.synonyms.oneway
            elif own and groups & self.synonyms.oneway:
                # A broader term only for what the page is about, not for a word it is given:
                # "Englisch", the language a course is held in, makes it no language course,
                # nor does its summary saying so ("Unterlagen auch auf Türkisch"); its title may.
                said = extra[len(own):]  # ``extra`` begins with the page's own generated words
                said_keys = (keys - {keys_of[w] for w in own}) | {k for k, _ in said}
                groups -= self.synonyms.oneway - self.synonyms.matching(said_keys, self._longest(said_keys, distinct, said), in_order)
            # A broader term weighs no more than ``broader_from``'s texts: it says what a page is
            # about, as its tags do, and a page the term only includes comes after one that says
            # it, or a synonym of it, in its title ("Excel" in a title is less of a computer
            # course than "Computerkurs").
            broad = broads.setdefault(min(weight, self.broader_from) if min(weight, self.broader_from) in weights else weight, [])
            # The groups only a part after a naming front finds ("Office" of "Home-Office"): of
            # those, only that part's own forms ("Programmieren" for "CNC-Programmierung", not
            # "Softwareentwicklung"; ``_bound_parts``).
            kin: dict[int, list[tuple[str, str]]] = {}
            boundwords = distinct & self._bound.keys()
            if boundwords and groups:
                bound = set().union(*(self._bound[w][0] for w in boundwords))
                bound -= keys | {k for k, _ in extra[: len(own)]} | set().union(*(self._bound[w][1] for w in boundwords))
                bound -= {k for w in distinct & self._rich - boundwords for k, _ in self._extra[w]}
                if bound:
                    free = key_set - bound
                    # A broader term holds for the compound, a kind of its last part ("WIG-Schweißen"
                    # is metalworking, "Business-Englisch" a language course); data/synonyme.yaml
                    # keeps words that often mean another thing out of those ("Office").
                    # ``longest`` of ``key_set`` serves its part ``free``: each key's lengths are its own words'.
                    only = groups - self.synonyms.oneway - self.synonyms.matching(free, longest, in_order)
                    groups -= only
                    for number in only:
                        kin[number] = [(k, m) for k, m in self.synonyms.members[number] if any(_kin(k, b) for b in bound)]
            for number in sorted(groups | kin.keys()):
                (broad if number in self.synonyms.oneway else extra).extend(kin.get(number, self.synonyms.members[number]))
            extras.append((weight, extra))
        out = []
        for weight, extra in extras:
            extra = extra + broads.get(weight, [])
            found = []
            for k, w in extra:
                if k not in present:
                    present.add(k)
                    found.append(w)
            out.append((weight, found))
        return out
