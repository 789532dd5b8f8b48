"""Markdown to safe HTML: rendered by Python-Markdown, then sanitised by nh3 (ammonia).

Everything an editor writes goes through ``MarkdownRenderer.html``: offers, providers,
advisory points, taxonomies and editorial pages, so all of it obeys one allow-list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "abbr",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
DROPPED_WITH_CONTENT = {"script", "style"}  # elements left out with all they hold (nh3's default)
# Images only from the site itself (a browser loads nothing from other servers): an image
# whose address is not root-relative ("/assets/haus.jpg") is left out (``report`` lists it).
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")  # marked decorative: alt=""

_HEADING = re.compile(r"<(/?)h([1-6])([ >])")


def on_this_site(address: str) -> bool:
    """Whether a link or image address is root-relative: a file of this site (the base path
    is put in front), not one of another server ("//host/…") or a relative one."""
    return address.startswith("/") and not address.startswith("//")


class LazyHtml:
    """Markdown that is turned into HTML on first use.

    The model is built once, in one process; pages are rendered in several. Deferring the
    Markdown work to the first template that shows it spreads it over the render workers.
    """

    __slots__ = ("_renderer", "_text", "_level", "_html")

    def __init__(self, renderer: MarkdownRenderer, text: str | None, level: int):
        self._renderer, self._text, self._level = renderer, text, level
        self._html: Markup | None = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._renderer.html(self._text, self._level)
        return str(self._html)

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return bool(self._text)


class MarkdownRenderer:
    """Renders editor Markdown; root-relative links get the site's base path."""

    def __init__(self, base_path: str = "/"):
        self.base_path = base_path
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self._cache: dict[tuple[str, int], Markup] = {}

    def _attribute(self, tag: str, attribute: str, value: str) -> str | None:
        own = on_this_site(value)
        if tag == "img" and attribute == "src":
            return self.base_path + value.lstrip("/") if own else None
        if tag == "a" and attribute == "href" and own:
            return self.base_path + value.lstrip("/")
        return value

    def lazy(self, text: str | None, top_level: int = 2) -> LazyHtml:
        return LazyHtml(self, text, top_level)

    def html(self, text: str | None, top_level: int = 2) -> Markup:
        """Sanitised HTML whose highest heading is ``top_level`` (h1 is the page title's)."""
        if not text:
            return Markup("")
        key = (text, top_level)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        clean = sanitise(self.raw(text, top_level), self._attribute)
        if "<img" in clean:
            # Loaded when scrolled to (nh3's own way of adding attributes orders them by chance).
            clean = _IMAGE_WITHOUT_ALT.sub('<img alt=""', _IMAGE_WITHOUT_SOURCE.sub("", clean))
            clean = clean.replace("<img ", '<img loading="lazy" decoding="async" ')
        result = Markup(clean)
        self._cache[key] = result
        return result

    def raw(self, text: str, top_level: int = 2) -> str:
        """The HTML Markdown makes of ``text``, before it is sanitised."""
        text = lists_after_paragraphs(pasted_bullets(text))
        raw = simple_markdown(text)
        if raw is None:
            raw = self._md.reset().convert(nested_lists(text))
        return shift_headings(raw, top_level)

    def dropped(self, text: str | None) -> list[Dropped]:
        """What the sanitiser leaves out of what the editor wrote in ``text`` (see ``dropped``)."""
        if not text or not ("<" in text or _LINK_WITH_SCHEME.search(text)):
            return []  # no HTML, and no link the sanitiser could refuse
        return dropped(text, self.raw(text))


def sanitise(html: str, attribute_filter: Callable[[str, str, str], str | None] | None = None, more_schemes: Collection[str] = ()) -> str:
    """``html`` as the allow-list keeps it: the one place the sanitiser's rules are given."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES.union(more_schemes) if more_schemes else URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=attribute_filter,
        strip_comments=True,
    )


# --- What the sanitiser leaves out ----------------------------------------------------------

# A link written in Markdown whose address starts with a scheme ("[x](ftp://…)", "[x]: tel:…"):
# the sanitiser may refuse it even in a text without HTML.
_LINK_WITH_SCHEME = re.compile(r"\]\(\s*<?[A-Za-z][A-Za-z0-9+.\-]*:|^ {0,3}\[[^\]\n]+\]:[ \t]*<?[A-Za-z][A-Za-z0-9+.\-]*:", re.M)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_IGNORED = re.compile("[\t\n\r]")  # left out of an address before it is read (URL standard)
_URL_TRIMMED = "".join(map(chr, range(0x21)))  # trimmed off both ends of an address: controls, space

REASON = "Texte sind Markdown; Skripte, Formulare, eingebettete Seiten, Stilangaben und Ereignis-Attribute werden entfernt"


@dataclass(frozen=True)
class Dropped:
    """One thing the sanitiser leaves out: an element, an attribute, or an address's scheme."""

    what: str  # "element", "attribute" or "scheme"
    name: str  # the element's or attribute's name, or the scheme ("javascript")
    tags: tuple[str, ...] = ()  # the elements the attribute or address stood on
    at: int = -1  # where the editor wrote it in the text (-1: not found)

    @property
    def message(self) -> str:
        """One German sentence for the editor."""
        on = ", ".join(f"<{tag}>" for tag in self.tags)
        if self.what == "element":
            whole = " samt Inhalt" if self.name in DROPPED_WITH_CONTENT else ""
            return f"HTML-Element <{self.name}> wird{whole} nicht übernommen ({REASON})"
        if self.what == "attribute":
            return f"HTML-Attribut {self.name} an {on} wird nicht übernommen ({REASON})"
        allowed = sorted(URL_SCHEMES)
        schemes = ", ".join(f"{s}:" for s in allowed[:-1]) + f" und {allowed[-1]}:"
        return f"Adresse mit {self.name}: an {on} wird nicht übernommen (erlaubt sind nur {schemes})"


# Elements whose content an HTML parser (the sanitiser's too) reads as text (HTML standard).
_TEXT_ONLY = {"script", "style", "iframe", "noembed", "noframes", "textarea", "title", "xmp"}


class _Inventory(HTMLParser):
    """Every start tag of some HTML, in order: (element, attribute, the scheme of its value)."""


    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: dict[str, None] = {}
        self.attributes: dict[tuple[str, str, str], None] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.setdefault(tag)
        if tag in _TEXT_ONLY:
            self.set_cdata_mode(tag)
        for name, value in attrs:
            scheme = _SCHEME.match(_URL_IGNORED.sub("", value or "").lstrip(_URL_TRIMMED))
            self.attributes.setdefault((tag, name, scheme.group(1).lower() if scheme else ""))


def dropped(text: str, raw: str) -> list[Dropped]:
    """What the sanitiser leaves out of ``raw`` (the HTML Markdown made of the editor's ``text``),
    in the order the editor wrote it, each element, attribute or scheme once.

    The sanitiser decides, not a list kept here: the elements and attributes of ``raw`` are
    compared with those of its sanitised HTML. An attribute counts only on an element that is
    kept (the element's finding says enough); an address refused for its scheme is told apart
    by sanitising once more with that scheme allowed. Elements and attributes Markdown makes
    itself (a table column's ``style="text-align: …"``) are not the editor's: only what stands
    in ``text`` is named. Comments are left out silently.
    """
    before, after = _Inventory(raw), _Inventory(sanitise(raw))
    found: list[Dropped] = []
    for tag in before.elements:
        if tag not in after.elements:
            at = _written(text, rf"<{re.escape(tag)}(?=[\s/>]|$)")
            if at >= 0:
                found.append(Dropped("element", tag, at=at))
    lost = [key for key in before.attributes if key[0] in after.elements and key not in after.attributes]
    refused = {scheme for _, _, scheme in lost if scheme}
    allowed = _Inventory(sanitise(raw, more_schemes=refused)).attributes if refused else {}
    attributes: dict[str, list[str]] = {}
    schemes: dict[str, list[str]] = {}
    for tag, name, scheme in lost:
        if scheme and (tag, name, scheme) in allowed:
            schemes.setdefault(scheme, []).append(tag)
        else:
            attributes.setdefault(name, []).append(tag)
    for name, tags in attributes.items():
        places = {tag: _written(text, rf"<{re.escape(tag)}(?=[\s/])[^<>]*?\s(?P<at>{re.escape(name)})(?=[\s=/>]|$)") for tag in tags}
        written = {tag: at for tag, at in places.items() if at >= 0}
        if written:
            found.append(Dropped("attribute", name, tuple(written), min(written.values())))
    for scheme, tags in schemes.items():
        found.append(Dropped("scheme", scheme, tuple(dict.fromkeys(tags)), _written(text, rf"(?<![A-Za-z0-9+.\-]){re.escape(scheme)}:")))
    return sorted(found, key=lambda d: (d.at < 0, d.at))


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _written(text: str, pattern: str) -> int:
    """Where ``pattern`` (its group ``at`` if it has one) first matches in ``text``, or -1."""
    match = _pattern(pattern).search(text)
    if match is None:
        return -1
    return match.start("at") if "at" in match.re.groupindex else match.start()


# A list item: its indentation, its marker and the spaces after it (up to four).
_ITEM = re.compile(r"( *)([-+*]|\d{1,9}[.)])( {1,4}|$)")
_FENCE = re.compile(r" {0,3}(```|~~~)")


# A bullet as Word and web pages paste it: a sign of its own (the middle dot Word's lists use,
# "•", "▪", "◦", Symbol's private-use bullet) and blanks, also non-breaking ones or "&nbsp;".
_PASTED_BULLET = re.compile(r"( {0,3})[•·▪◦\uf0b7](?:[ \t\u00a0\u2002-\u200a\u202f]|&nbsp;)+(?=\S)")


def pasted_bullets(text: str) -> str:
    """Markdown with the bullets of text pasted from Word as list items ("· Paddeltechnik" →
    "- Paddeltechnik"), the blank lines between such items dropped: one list, which a screen
    reader announces as a list, not paragraphs that begin with a dot. Fenced code stays."""
    if not any(sign in text for sign in "•·▪◦\uf0b7"):
        return text
    out: list[str] = []
    fenced = False
    item = False  # the last line that was not blank was a pasted bullet
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _PASTED_BULLET.match(line)
        if match is not None:
            while item and out and not out[-1].strip():
                out.pop()  # "· a", "", "· b": one list
            line = f"{match.group(1)}- {line[match.end():]}"
        if line.strip():
            item = match is not None
        out.append(line)
    return "\n".join(out)


# A line that starts a list where a paragraph line was: a bullet, or a number after a colon.
_BULLET_START = re.compile(r" {0,3}[-+*] +\S")
_NUMBER_START = re.compile(r" {0,3}\d{1,9}[.)] +\S")


def lists_after_paragraphs(text: str) -> str:
    """Markdown with a blank line before each list that follows a paragraph line directly.

    Editors write "Sie lernen:" and the items on the next lines, as GitHub (CommonMark) shows
    them: a list. Python-Markdown wants a blank line first and showed "- Tabellen anlegen" as
    text. A bullet starts a list after any paragraph line; a number only after a line ending
    in a colon ("Der Kurs beginnt am" and "1. März" on the next line stay one sentence).
    Fenced code stays as it is.
    """
    if "\n" not in text or not ("- " in text or "* " in text or "+ " in text or ". " in text or ") " in text):
        return text
    out: list[str] = []
    fenced = False
    before = ""  # the last line outside fenced code, when it was a paragraph's (else "")
    listed = False  # within a list (up to the next blank line)
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced, before = not fenced, ""
        if fenced or _FENCE.match(line):
            out.append(line)
            continue
        if not line.strip():
            before, listed = "", False
            out.append(line)
            continue
        # (A number at the start of a block begins a list anyway.)
        starts = bool(_BULLET_START.match(line)) or (bool(_NUMBER_START.match(line)) and (not before or before.rstrip().endswith(":")))
        if starts and before and not listed:
            out.append("")
        listed = listed or starts
        before = "" if listed or line.lstrip().startswith(("|", "#", ">")) else line
        out.append(line)
    return "\n".join(out)


def nested_lists(text: str) -> str:
    """Markdown whose sub-lists are indented by four spaces per level, as Python-Markdown
    reads them, however far the editor indented them.

    Editors (and GitHub, and CommonMark) indent a sub-list as far as its parent item's text
    begins: two spaces under "- ", three under "1. ". Python-Markdown wants four, and put
    such a sub-item beside its parent ("- Punkt" then "  - Unterpunkt": two items). As in
    CommonMark, a line belongs to the deepest open item whose text it is indented to; each
    such item counts as one level. Fenced code stays as it is.
    """
    if "\n " not in text:
        return text  # nothing is indented
    out: list[str] = []
    items: list[int] = []  # the text column of each open item, outermost first
    fenced = code = False
    blank = True  # the line before was blank (or there was none)
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        indent = len(line) - len(line.lstrip(" "))
        after_blank = blank
        # Indented code: four spaces outside a list, after a blank line; it ends at less.
        code = (code or (blank and not items)) and indent >= 4 if line.strip() else code
        blank = not line.strip()
        if fenced or code or blank:
            out.append(line)
            continue
        item = _ITEM.match(line)
        if not after_blank and (item is None or not items):
            # A lazy line continues the paragraph it follows, at any indent; so does a list
            # marker right after a paragraph (a list begins after a blank line).
            out.append(line)
            continue
        while items and indent < items[-1]:
            items.pop()
        if items:
            line = " " * (4 * len(items)) + line[indent:]
        if item is not None:
            items.append(indent + len(item.group(2)) + max(1, len(item.group(3))))
        out.append(line)
    return "\n".join(out)


# The quick path: Markdown made only of paragraphs, "## " headings and "- " lists of plain
# text (most offer descriptions) is turned into exactly the HTML Python-Markdown gives, about
# twenty times faster. Anything else (emphasis, links, code, HTML, indentation, numbers that
# could start a list, ...) returns None and goes to Python-Markdown; tests compare the two.
_SPECIAL = re.compile(r"[*_`\[\]<>&\\|!\t\r]|^[ ]|[ ]$|^\d+[.)]\s|^[-=*_+ ]+$|^[-+*]\S|^[+*] |^-  ", re.M)
_BLANK_LINES = re.compile(r"\n\n+")
_HEADING_LINE = re.compile(r"(#{1,6}) (?=\S)([^#]*[^#\s])\Z")


def simple_markdown(text: str) -> str | None:
    """HTML for plain Markdown as Python-Markdown writes it, or None when it is not that plain."""
    if _SPECIAL.search(text) or not text.strip():
        return None
    out: list[str] = []
    previous = ""
    for block in _BLANK_LINES.split(text.strip("\n")):
        lines = block.split("\n")
        if lines[0].startswith("#"):
            heading = _HEADING_LINE.match(lines[0])
            if heading is None:
                return None
            level = len(heading.group(1))
            out.append(f"<h{level}>{heading.group(2)}</h{level}>")
            lines = lines[1:]
            previous = "heading"
            if not lines:
                continue
        if lines[0].startswith("- "):
            if previous == "list" or not all(line.startswith("- ") for line in lines):
                return None  # a loose list (<li><p>) or lazy continuation lines
            out.append("<ul>\n" + "".join(f"<li>{line[2:]}</li>\n" for line in lines) + "</ul>")
            previous = "list"
            continue
        if any(line.startswith(("#", "- ")) for line in lines):
            return None
        out.append("<p>" + "\n".join(lines) + "</p>")
        previous = "paragraph"
    return "\n".join(out)


def shift_headings(html: str, top_level: int) -> str:
    levels = [int(m.group(2)) for m in _HEADING.finditer(html) if not m.group(1)]
    if not levels:
        return html
    shift = top_level - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, max(top_level, int(m.group(2)) + shift))}{m.group(3)}", html)


_EDITOR_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)  # as the sanitiser leaves it: no attributes
_ID = re.compile(r'\sid="([^"]*)"')
_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading (and so what editors link to): its words in lower
    case, spaces as hyphens, punctuation left out; "Über uns & Team" gives "über-uns--team"."""
    return _NOT_IN_ANCHOR.sub("", plain_text(heading).lower()).replace(" ", "-")


def with_anchors(page: str, body: str) -> str:
    """``page`` with an id on each heading of ``body`` (an editor's text within it), so that a
    link "[…](#server-logdateien)" reaches its section, from this page or another one.

    An anchor the page already uses (the templates' "inhalt", an earlier heading's) gets "-1",
    "-2", … as a repeated heading does on GitHub.
    """
    if "<h" not in body or body not in page:
        return page
    taken = set(_ID.findall(page))

    def add_id(match: re.Match[str]) -> str:
        base = anchor(match.group(2)) or "abschnitt"
        ident, count = base, 0
        while ident in taken:
            count += 1
            ident = f"{base}-{count}"
        taken.add(ident)
        return f'<h{match.group(1)} id="{ident}">{match.group(2)}</h{match.group(1)}>'

    return page.replace(body, _EDITOR_HEADING.sub(add_id, body), 1)


def plain_text(html: str) -> str:
    """Text of sanitised HTML, for feeds and JSON-LD descriptions."""
    return re.sub(r"\s+", " ", unescape(nh3.clean(html, tags=set()))).strip()
