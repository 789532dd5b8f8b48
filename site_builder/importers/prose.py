"""Catalog text (HTML, or plain text with KURSNET's list marks) → clean Markdown and a teaser.

Both readers produce the same blocks (paragraph, heading, list item); Markdown and the
plain-text summary are rendered from those, so the two never disagree. The site sanitises
the Markdown again when it renders it: this module only has to keep the text's meaning.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_HTML_TAG = re.compile(r"</?(p|br|div|ul|ol|li|b|strong|i|em|a|span|h[1-6]|table|tr|td)\b[^>]*>", re.I)
_BLOCK_TAG = re.compile(r"</?(p|br|div|ul|ol|li|h[1-6]|table|tr|td)\b", re.I)
_PLAIN_MARK = re.compile(r"^(!{1,3}|\*{1,3}|#{1,3}|[-•–·]|\d{1,2}[.)](?=\s))\s*(.*)$")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_BLOCK_START = re.compile(r"^(#|>|[-+*]\s|\d+[.)]\s|=+$|-+$)")


@dataclass
class Block:
    kind: str  # "p", "h", "ul" or "ol"
    level: int
    md: str
    plain: str
    number: int = 1  # an ordered item's number as the catalog wrote it


def escape(text: str) -> str:
    """Plain text that Markdown renders as it is: no accidental emphasis, links or tags."""
    text = text.replace("\\", "\\\\").replace("`", "\\`").replace("*", "\\*")
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    return text.replace("](", "]\\(")


def guard(md: str) -> str:
    """A paragraph that would start a list, quote or heading gets its first mark escaped."""
    if _BLOCK_START.match(md):
        match = re.match(r"\d+", md)
        return md[: match.end()] + "\\" + md[match.end() :] if match else "\\" + md
    return md


def paragraph(text: str) -> Block:
    return Block("p", 0, guard(escape(text)), text)


def heading(text: str) -> Block:
    return Block("h", 1, escape(text), text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text))


def blocks(text: str) -> list[Block]:
    if not looks_like_html(text) and _ENTITY.search(text):
        # Entities in plain text ("f&uuml;r", "&nbsp;") or HTML escaped once more than the
        # format wants ("&lt;p&gt;…", as XML "&amp;lt;p&amp;gt;"): read what they stand for.
        text = html.unescape(text)
    if not looks_like_html(text):
        return from_plain(text)
    if "\n" in text.strip() and not _BLOCK_TAG.search(text):
        # Lines with a few inline tags ("<b>Kursinhalt:</b>\n- A\n- B"): the lines carry the
        # structure, as in plain text; an HTML reader would run them into one paragraph.
        return from_plain(text, inline=True)
    return from_html(text)


def _inline(text: str) -> tuple[str, str]:
    """Markdown and plain text of one line that may hold inline tags."""
    if not looks_like_html(text):
        return escape(text), text
    read = from_html(text)
    return " ".join(b.md for b in read), " ".join(b.plain for b in read)


def from_plain(text: str, inline: bool = False) -> list[Block]:
    """One block per line; KURSNET marks lists with * / ** and # / ## and headings with !.

    Bullets right after a numbered item belong to it ("1. Untersuchung:" then "*Atmung"), so
    they are nested under it rather than breaking the numbering.
    """
    out: list[Block] = []
    under_number = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        match = _PLAIN_MARK.match(line)
        if match and match.group(2):
            mark, rest = match.groups()
            md, said = _inline(rest) if inline else (escape(rest), rest)
            if mark[0] == "!":
                out.append(Block("h", len(mark), md, said))
                under_number = 0
            elif mark[0] in "*-•–·":
                depth = len(mark) if mark[0] == "*" else 1
                out.append(Block("ul", depth + under_number, guard(md), said))
            else:
                depth = len(mark) if mark[0] == "#" else 1
                number = int(mark.rstrip(".)")) if mark[0].isdigit() else 1
                out.append(Block("ol", depth, guard(md), said, number))
                under_number = depth
        else:
            md, said = _inline(line) if inline else (escape(line), line)
            out.append(Block("p", 0, guard(md), said))
            under_number = 0
    return out


class _HtmlReader(HTMLParser):
    """Keeps structure (paragraphs, headings, lists, emphasis, links), drops everything else."""

    INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.kind = ("p", 0)
        self.spans: list[tuple[str, str, list[str], list[str]]] = [("", "", [], [])]
        self.skipping = 0

    def flush(self) -> None:
        while len(self.spans) > 1:
            self._close_span()
        _, _, md, plain = self.spans[0]
        md_text, plain_text = " ".join("".join(md).split()), " ".join("".join(plain).split())
        if plain_text:
            kind, level = self.kind
            self.blocks.append(Block(kind, level, md_text if kind == "h" else guard(md_text), plain_text))
        self.spans = [("", "", [], [])]

    def _close_span(self) -> None:
        tag, href, md, plain = self.spans.pop()
        inner, text = "".join(md), "".join(plain)
        core = inner.strip()
        if core and tag in self.INLINE:
            mark = self.INLINE[tag]
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = " " if inner != inner.rstrip() else ""
            inner = f"{lead}{mark}{core}{mark}{trail}"  # "** fett**" would not be bold
        elif core and tag == "a" and re.match(r"(https?://|mailto:)\S+$", href):
            inner = f"[{core}]({href.replace(')', '%29')})"
        self.spans[-1][2].append(inner)
        self.spans[-1][3].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.INLINE or tag == "a":
            self.spans.append((tag, dict(attrs).get("href") or "", [], []))
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append(tag)
            self.kind = ("p", 0)
        elif tag == "li":
            self.flush()
            self.kind = (self.lists[-1] if self.lists else "ul", max(1, len(self.lists)))
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.kind = ("h", max(1, int(tag[1]) - 1))
        elif tag == "br" and self.kind[0] in ("ul", "ol"):
            self.handle_data(" ")  # a line break inside a list item keeps the item together
        elif tag in ("p", "div", "br", "tr", "table", "section", "article", "blockquote", "hr"):
            self.flush()
            self.kind = ("p", 0)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.INLINE or tag == "a":
            if len(self.spans) > 1 and self.spans[-1][0] == tag:
                self._close_span()
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.kind = (self.lists[-1], len(self.lists)) if self.lists else ("p", 0)
        elif tag in ("li", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr"):
            self.flush()
            self.kind = (self.lists[-1], len(self.lists)) if self.lists and tag != "li" else ("p", 0)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.spans[-1][2].append(escape(data))
            self.spans[-1][3].append(data)


def from_html(text: str) -> list[Block]:
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    reader.flush()
    return reader.blocks


def markdown(items: list[Block]) -> str:
    out = ""
    previous: Block | None = None
    for block in items:
        if block.kind == "h":
            line = "#" * min(6, block.level + 1) + " " + block.md
        elif block.kind in ("ul", "ol"):
            line = "    " * (block.level - 1) + ("- " if block.kind == "ul" else f"{block.number}. ") + block.md
        else:
            line = block.md
        if previous is not None:
            # Python-Markdown needs a blank line around a list, but none between its items.
            same_list = (
                block.kind in ("ul", "ol")
                and previous.kind in ("ul", "ol")
                and (block.kind == previous.kind or block.level != previous.level)
            )
            out += "\n" if same_list else "\n\n"
        out += line
        previous = block
    return out


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:·-–") + "…"


def summary(items: list[Block], limit: int = 300) -> str:
    """The first sentences of the text: list items joined with ' · ', prose with spaces."""
    text = ""
    for block in items:
        if block.kind == "h":
            continue
        sep = "" if not text else (" " if text[-1] in ".!?:;" else " · ")
        text += sep + block.plain
        if len(text) > limit:
            break
    return shorten(text, limit)


def with_times(description: str, said: str) -> str:
    """``description`` with a section "Zeiten": a start any time has no date to carry its weekly
    time ("montags 18–21 Uhr"), so the text says it."""
    return description.rstrip() + "\n\n" + markdown([heading("Zeiten"), paragraph(said)])
