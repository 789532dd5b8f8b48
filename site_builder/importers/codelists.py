"""The KURSNET code lists ("Wertebereiche") the importer needs, as its own short tables.

The labels only explain unmapped codes to editors; the mappings that decide something
(instruction form → format, language → ISO 639-1) are the importer's own. ``--codelists DIR``
reads the BA's current ``*.dat`` files over these labels, because the lists grow between
releases and an import should name a new code by its real meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Unterrichtsform (INSTRUCTION_FORM@type) → (label, format). The codes 0–9 are from before
# 2021 and still appear in old deliveries; 101–403 are the current ones.
INSTRUCTION_FORMS: dict[str, tuple[str, str]] = {
    "0": ("Auf Anfrage", "praesenz"),
    "1": ("Vor-Ort-Vollzeit", "praesenz"),
    "2": ("Vor-Ort-Teilzeit", "praesenz"),
    "3": ("Wochenendveranstaltung", "praesenz"),
    "4": ("Fernunterricht/Fernstudium", "online"),
    # Blended learning is part on site: "hybrid" never sends anyone to a room that isn't there.
    "5": ("E-Learning/Blended Learning/Virtuelles Klassenzimmer", "hybrid"),
    "6": ("Blockunterricht", "praesenz"),
    "7": ("Inhouse-/Firmenseminar", "praesenz"),
    "8": ("Einzelmaßnahme", "praesenz"),
    "9": ("Gruppenmaßnahme", "praesenz"),
    "101": ("Präsenzunterricht", "praesenz"),
    "102": ("Seminar", "praesenz"),
    "103": ("Workshop", "praesenz"),
    "104": ("Praxistraining", "praesenz"),
    "105": ("Sonstige Präsenzveranstaltung", "praesenz"),
    "201": ("Virtuelles Klassenzimmer", "online"),
    "202": ("Online-Seminar", "online"),
    "203": ("Online-Coaching", "online"),
    "204": ("Selbstlernmodul", "online"),
    "205": ("Virtual Reality", "online"),
    "206": ("Sonstige digitale Lernform", "online"),
    "301": ("Blended Learning", "hybrid"),
    "302": ("Combined Learning", "hybrid"),
    "303": ("Hybrid Learning", "hybrid"),
    "304": ("Sonstige kombinierte Lernform", "hybrid"),
    "401": ("Fernunterricht", "online"),
    "402": ("Fernlehrgang", "online"),
    "403": ("Sonstiger Fernunterricht", "online"),
}

# Förderarten bundesweit (FUNDING_TYPES_FEDERAL@type).
FUNDING_FEDERAL: dict[str, str] = {
    "1": "Aufstiegs-BAföG (AFBG)",
    "2": "Bildungsgutschein",
    "4": "Aufstiegsstipendium der Stiftung Begabtenförderung berufliche Bildung",
    "5": "Weiterbildungsstipendium der Stiftung Begabtenförderung berufliche Bildung",
    "6": "Weiterbildung in der Binnenschifffahrt",
    "7": "Weiterbildung im Güterkraftverkehr",
    "8": "Qualifizierungsgeld",
    "9": "Weiterbildung Beschäftigter in Transfergesellschaften",
    "10": "KOMPASS für Solo-Selbstständige",
    "11": "Zuschuss zur Qualifizierung Beschäftigter",
    "12": "Arbeitslosengeld bei beruflicher Weiterbildung",
    "13": "Förderung von Menschen mit gesundheitlicher Beeinträchtigung",
}

# Förderarten der Länder (FUNDING_TYPES_REGIONAL@type); the codes are unique across states.
FUNDING_REGIONAL: dict[str, str] = {
    "19": "Coaching-Programm Personalentwicklung und Weiterbildungsberatung (Baden-Württemberg)",
    "20": "ESF-Plus-Fachkurse (Baden-Württemberg)",
    "53": "Bildungszeit (Baden-Württemberg)",
    "21": "ESF-Plus-Förderung für Unternehmen (Bayern)",
    "22": "Meisterbonus (Bayern)",
    "1": "Bildungszeit (Berlin)",
    "6": "Bildungsscheck (Brandenburg)",
    "23": "Bildungsfreistellung (Brandenburg)",
    "24": "Förderung von Hebammen (Brandenburg)",
    "25": "Förderung für Unternehmen und Vereine (Brandenburg)",
    "7": "Bildungszeit (Bremen)",
    "26": "Aufstiegsfortbildungs-Prämie (Bremen)",
    "8": "Bildungsurlaub (Hamburg)",
    "30": "Meisterprämie (Hamburg)",
    "31": "Weiterbildungsbonus PLUS (Hamburg)",
    "32": "Aufstiegsprämie (Hessen)",
    "12": "Bildungsfreistellung (Mecklenburg-Vorpommern)",
    "33": "Erstattung Bildungsfreistellung für Unternehmen (Mecklenburg-Vorpommern)",
    "34": "Bildungsschecks für Unternehmen (Mecklenburg-Vorpommern)",
    "35": "Meister-Extra (Mecklenburg-Vorpommern)",
    "36": "Unternehmensspezifische Vorhaben (Mecklenburg-Vorpommern)",
    "37": "Bildungsurlaub (Niedersachsen)",
    "38": "Meisterprämie im Handwerk (Niedersachsen)",
    "39": "Weiterbildungsprämie (Niedersachsen)",
    "40": "Arbeitnehmerweiterbildung / Bildungsurlaub (Nordrhein-Westfalen)",
    "15": "Bildungsfreistellung (Rheinland-Pfalz)",
    "16": "QualiScheck (Rheinland-Pfalz)",
    "41": "Betriebliche Weiterbildung (Rheinland-Pfalz)",
    "42": "Erstattung Bildungsfreistellung für Unternehmen (Rheinland-Pfalz)",
    "43": "Aus- und Weiterbildungskredit (Rheinland-Pfalz)",
    "44": "Aufstiegsbonus (Saarland)",
    "45": "Weiterbildung in großen Unternehmen (Saarland)",
    "46": "Kompetenz durch Weiterbildung (Saarland)",
    "47": "Meisterbonus (Sachsen)",
    "54": "Individuelle berufsbezogene Weiterbildung (Sachsen)",
    "55": "Betriebliche Weiterbildung (Sachsen)",
    "56": "Bildungsfreistellung (Sachsen-Anhalt)",
    "57": "Individuelle berufliche Weiterbildung DIREKT (Sachsen-Anhalt)",
    "58": "Betriebliche Weiterbildung (Sachsen-Anhalt)",
    "18": "Bildungsfreistellung (Schleswig-Holstein)",
    "49": "Weiterbildungsbonus (Schleswig-Holstein)",
    "50": "Berufliche Anpassungsqualifizierung (Thüringen)",
    "51": "Anpassungsqualifizierung für Unternehmen (Thüringen)",
    "52": "Weiterbildungsscheck (Thüringen)",
}

# Unterrichtssprache: KURSNET uses ISO 639-2/B (and "svk" for Slovak); the guide wants 639-1.
LANGUAGES: dict[str, str] = {
    "deu": "de", "ger": "de", "eng": "en", "fra": "fr", "fre": "fr", "nld": "nl", "dut": "nl",
    "dan": "da", "nor": "no", "swe": "sv", "pol": "pl", "ita": "it", "cze": "cs", "ces": "cs",
    "svk": "sk", "slo": "sk", "slk": "sk", "ukr": "uk", "rus": "ru", "spa": "es", "tur": "tr",
    "ara": "ar", "gre": "el", "ell": "el", "por": "pt", "rum": "ro", "ron": "ro", "bul": "bg",
    "hrv": "hr", "srp": "sr", "bos": "bs", "slv": "sl", "hun": "hu", "fin": "fi", "est": "et",
    "lav": "lv", "lit": "lt", "alb": "sq", "sqi": "sq", "per": "fa", "fas": "fa", "kur": "ku",
    "chi": "zh", "zho": "zh", "jpn": "ja", "kor": "ko", "vie": "vi", "heb": "he", "hin": "hi",
    "urd": "ur", "pus": "ps", "tir": "ti", "som": "so", "amh": "am", "mac": "mk", "mkd": "mk",
}
LANGUAGE_LABELS: dict[str, str] = {
    "dgs": "Deutsche Gebärdensprache (DGS)",
    "oth": "andere Sprache",
}

# Dauerklassen (MODULE_COURSE/DURATION@type), used when the delivery has no duration text.
DURATION_CLASSES: dict[str, str] = {
    "1": "bis 3 Tage",
    "2": "mehr als 3 Tage bis 1 Woche",
    "3": "mehr als 1 Woche bis 1 Monat",
    "4": "mehr als 1 bis 3 Monate",
    "5": "mehr als 3 bis 6 Monate",
    "6": "mehr als 6 Monate bis 1 Jahr",
    "7": "mehr als 1 bis 2 Jahre",
    "8": "mehr als 2 bis 3 Jahre",
    "9": "mehr als 3 Jahre",
}

# DVV-Programmbereiche: the first digit of an Open-vhs dvv_kategorie.
DVV_AREAS: dict[str, str] = {
    "1": "Politik – Gesellschaft – Umwelt",
    "2": "Kultur – Gestalten",
    "3": "Gesundheit",
    "4": "Sprachen",
    "5": "Arbeit – Beruf",
    "6": "Grundbildung – Schulabschlüsse",
}


@dataclass
class CodeLists:
    """Labels for explaining codes; start from the built-in tables, optionally update from files."""

    instruction_forms: dict[str, str] = field(default_factory=lambda: {k: v[0] for k, v in INSTRUCTION_FORMS.items()})
    funding_federal: dict[str, str] = field(default_factory=lambda: dict(FUNDING_FEDERAL))
    funding_regional: dict[str, str] = field(default_factory=lambda: dict(FUNDING_REGIONAL))
    languages: dict[str, str] = field(default_factory=lambda: dict(LANGUAGE_LABELS))
    durations: dict[str, str] = field(default_factory=lambda: dict(DURATION_CLASSES))

    def update_from(self, folder: Path) -> list[str]:
        """Read the BA's ``*.dat`` files found in ``folder``; return the names read."""
        files = {
            "unterrichtsform.dat": self.instruction_forms,
            "foerderartenbund.dat": self.funding_federal,
            "foerderartenland.dat": self.funding_regional,
            "unterrichtssprache.dat": self.languages,
            "dauerklassen.dat": self.durations,
        }
        read = []
        for name, table in files.items():
            path = folder / name
            if path.is_file():
                table.update(parse_dat(path.read_bytes(), state_headers=name == "foerderartenland.dat"))
                read.append(name)
        return read


def parse_dat(raw: bytes, state_headers: bool = False) -> dict[str, str]:
    """``code|label`` lines. The BA ships some lists in Latin-1, others in UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    table: dict[str, str] = {}
    state = ""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if "|" not in line:
            state = line if state_headers else state  # a state heading in foerderartenland.dat
            continue
        code, label = (part.strip() for part in line.split("|", 1))
        table[code] = f"{label} ({state})" if state and state not in label else label
    return table
