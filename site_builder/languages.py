"""ISO 639-1 language codes, with German names for the ones a regional guide meets."""

from __future__ import annotations

import re

ISO_639_1 = frozenset(
    ["aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu"]
)

GERMAN_NAMES = {
    "ar": "Arabisch", "bg": "Bulgarisch", "bs": "Bosnisch", "cs": "Tschechisch",
    "da": "Dänisch", "de": "Deutsch", "el": "Griechisch", "en": "Englisch", "es": "Spanisch",
    "fa": "Persisch", "fi": "Finnisch", "fr": "Französisch", "he": "Hebräisch", "hi": "Hindi",
    "hr": "Kroatisch", "hu": "Ungarisch", "hy": "Armenisch", "it": "Italienisch",
    "ja": "Japanisch", "ka": "Georgisch", "ko": "Koreanisch", "ku": "Kurdisch",
    "lt": "Litauisch", "lv": "Lettisch", "mk": "Mazedonisch", "nl": "Niederländisch",
    "no": "Norwegisch", "pl": "Polnisch", "ps": "Paschtu", "pt": "Portugiesisch",
    "ro": "Rumänisch", "ru": "Russisch", "sk": "Slowakisch", "sl": "Slowenisch",
    "so": "Somali", "sq": "Albanisch", "sr": "Serbisch", "sv": "Schwedisch", "sw": "Swahili",
    "ta": "Tamil", "ti": "Tigrinya", "tr": "Türkisch", "uk": "Ukrainisch", "ur": "Urdu",
    "vi": "Vietnamesisch", "zh": "Chinesisch",
}


def language_name(code: str) -> str:
    return GERMAN_NAMES.get(code, code.upper())


# The commonest short words of the languages whose courses a German guide lists most: enough
# to tell which language a course text is written in (an English-taught course described in
# English), not a language identifier.
FUNCTION_WORDS = {
    "de": frozenset(("der", "die", "das", "und", "ist", "mit", "für", "von", "zu", "den", "im", "ein", "eine", "sie", "wir", "auf", "auch", "nicht", "sich", "bei", "oder", "werden", "wird")),
    "en": frozenset(("the", "and", "of", "to", "is", "with", "for", "you", "your", "in", "on", "are", "be", "this", "that", "will", "our", "from", "we", "it", "an")),
    "fr": frozenset(("le", "la", "les", "et", "des", "est", "avec", "pour", "vous", "un", "une", "du", "dans", "sur", "nous", "en", "au", "sont")),
    "es": frozenset(("el", "la", "los", "las", "y", "de", "es", "con", "para", "usted", "un", "una", "del", "en", "que", "por", "se", "al")),
    "it": frozenset(("il", "lo", "la", "gli", "le", "e", "di", "con", "per", "un", "una", "del", "nel", "che", "sono", "si", "al", "della")),
    "tr": frozenset(("ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "çok", "daha", "en", "gibi", "her")),
}


def written_in(text: str, declared: list[str], site_language: str = "de") -> str | None:
    """The language ``text`` is written in when it is one of ``declared`` (a course's
    languages) other than the site's and clearly outnumbers the site's own little words;
    None when the text is in the site's language or cannot be told."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    own = sum(word in FUNCTION_WORDS.get(site_language, ()) for word in words)
    best, count = None, 0
    for code in declared:
        if code == site_language or code not in FUNCTION_WORDS:
            continue
        found = sum(word in FUNCTION_WORDS[code] for word in words)
        if found > count:
            best, count = code, found
    return best if count >= 3 and count >= 2 * own else None
