// Lotse search page: full-text and faceted search on Pagefind's JS API, for what people type.
//
// A query is read before it is searched: place names, "kostenlos", "online", "abends" …
// become filter chips (removable), function words and words every page uses ("Kurs",
// "Weiterbildung") are left out, and when all words together find nothing the page tries
// word forms ("geschweißt" → "schweiß"), compound parts and spelling corrections from the
// guide's own vocabulary (/suche/woerter.json, loaded only then), and at last the most specific
// words alone, and says so. A result that matched a word only through a much shorter prefix
// (Pagefind's last resort: "Exel" → "e") is never shown.
//
// Offers, advisory points and pages are three tabs with their counts. State lives in the URL
// (?q=…&region=…&sort=…&art=…), so a search can be shared, bookmarked and restored with
// Back/Forward. Facets are OR within a key and AND across keys; the counts of a key are those
// with every other key's selection applied, so a visitor sees what each value would add.
(function () {
  "use strict";

  var app = document.getElementById("suche-app");
  var form = document.getElementById("suche-formular");
  var input = document.getElementById("suche-q");
  if (!app || !form || !input || !window.fetch || !window.Promise) return;

  var FACETS = JSON.parse(app.getAttribute("data-facets")).filter(function (f) { return f.key !== "art"; });
  var DATA = JSON.parse(app.getAttribute("data-suche") || "{}");
  // Availability, start range, distance, facet order, result facts: suche-planung.js. Without
  // it (a failed download) the search still works, without those controls.
  var planning = window.LotsePlanung || {
    read: function () {}, write: function () {}, active: function () { return false; }, chosen: function () { return 0; },
    reset: function () {}, apply: function (f) { return f; }, describe: function () { return []; },
    constraints: function () { return []; }, without: function (c, build) { return build(); }, lift: function () {},
    mount: function () {}, sync: function () {}, ready: function () { return Promise.resolve(); },
    near: function () { return false; }, ranged: function () { return false; }, narrows: function () { return false; }, fold: function () {}, count: function () {},
    order: function (facet, values) { return valueOrder(facet, values); },
    byDistance: function (find, filters, answer) { return Promise.resolve(answer.results); }, decorate: function () {},
    // Without the range, only a month facet narrows by start: its months without "jederzeit".
    strictly: function (f) {
      var out = {};
      Object.keys(f).forEach(function (key) { out[key] = f[key]; });
      if (f.beginn) {
        var kept = f.beginn.any.filter(function (v) { return v !== "jederzeit"; });
        out.beginn = { any: kept.length ? kept : ["0000-00-00"] };
      }
      return out;
    },
  };
  var PAGE = 10;
  var MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
  // Short enough to stand beside "Sortieren nach" on a phone.
  var SORTS = { relevanz: "Relevanz", beginn: "frühester Beginn", preis: "niedrigster Preis", entfernung: "geringste Entfernung" };
  var SORTED = { beginn: "nach Beginn sortiert", preis: "nach Preis sortiert", entfernung: "nach Entfernung sortiert" };
  var KINDS = [
    { art: "Angebot", label: "Angebote", one: "Angebot", keys: null },
    { art: "Beratungsstelle", label: "Beratungsstellen", one: "Beratungsstelle", keys: ["region", "thema", "sprache"] },
    { art: "Seite", label: "Seiten", one: "Seite", keys: [] },
  ];
  var MARKER = "⁂"; // where a page's visible text ends and its extra search words begin

  // --- Words ------------------------------------------------------------------------------

  function fold(word) {
    return String(word).toLowerCase().replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/ß/g, "ss").replace(/[éè]/g, "e");
  }

  function setOf(text) {
    var out = {};
    text.split(/\s+/).forEach(function (w) { if (w) out[fold(w)] = true; });
    return out;
  }

  // Function words never narrow a search.
  var STOP = setOf(
    "ab aber alle als also am an auch auf aus bei beim bin bis bitte da das dass dem den der des die dies diese dieser doch dort du durch ein eine einem einen einer eines es etwa fur gegen gern gerne gibt habe haben hat hier ich ihr im in ins ist ja je kann kein keine konnen kreis landkreis lkr man mein meine mich mir mit mochte mochten muss nach nahe nahe naehe nicht noch nur ob oder ohne per pro raum sehr sich sie sind so sowie suche suchen uber um und umgebung uns unter vom von vor wann was welche welcher welches wenn wer werden wie will wir wird wo zu zum zur kostet " +
    "bereits erst ganz immer jetzt meist meistens oft schon sonst wieder " +
    "meinem meinen meiner meines dein deine deinem deinen deiner deines sein seine seinem seinen seiner seines " +
    "ihre ihrem ihren ihrer ihres unser unsere unserem unseren unserer unseres euer eure eurem euren eurer " +
    "dauert lange wieviel viel viele teuer brauche brauchen benotige benotigen finde finden " +
    "werde wenig spreche kenne weiss zahlt zahlen bezahlt ubernimmt ubernehmen " +
    "beantragen beantragt beantrage beantragung antrag antrage antragen antragstellung bekomme bekommen bekommt kriege kriegen passt passen"
  );
  // Words (almost) every page of a continuing-education guide uses: they never make a query fail.
  // The second line: labels every offer page shows, which are kept out of the index
  // (data-pagefind-ignore in offer.html); "Excel Preis" finds what "Excel" finds.
  var GENERIC = setOf(
    "kurs kurse kursen kurses weiterbildung weiterbildungen fortbildung fortbildungen lehrgang lehrgange lehrgangs seminar seminare seminaren schulung schulungen angebot angebote angeboten lernen lerne lernt machen moglichkeit moglichkeiten thema themen bereich " +
    "preis preise kosten termin termine beginn zeiten ort format dauer niveau sprache sprachen zielgruppe anbieter region beschreibung voraussetzungen stichworter"
  );
  // The words of the guide's topic labels (search.py ``page_data``): a generic word that names
  // a topic ("Sprachen") is searched.
  var TOPIC_WORDS = {};

  // A folded word that says nothing of what is sought ("kurs", "preis"), unless a topic is
  // called by it.
  function tooGeneric(folded) {
    return !!GENERIC[folded] && !TOPIC_WORDS[folded];
  }

  // Words that are filters, as a rule on the folded word: [test, facet key, value, chip label].
  var CHIPS = [
    [/^(kostenlos|kostenfrei|gebuhrenfrei|gratis|umsonst)(e|er|es|en|em)?$/, "preis", "kostenfrei", "kostenlos"],
    [/^(online|onlinekurs|onlinekurse|onlineseminar|onlineseminare|webinar|webinare|fernkurs|fernkurse|fernstudium|fernlehrgang|fernlehrgange|fernunterricht)$/, "format", "Online", "online"],
    [/^(prasenz|prasenzkurs|prasenzkurse|prasenzunterricht|prasenzseminar)$/, "format", "Präsenz", "in Präsenz"],
    [/^(hybrid|hybridkurs)$/, "format", "Hybrid", "hybrid"],
    [/^(tageskurs|tageskurse|tagesseminar|tagesseminare|eintagesseminar|eintageskurs|tagesworkshop)$/, "dauer", "bis 1 Tag", "bis 1 Tag"],
    [/^(abends|abend|feierabend|abendschule|(feier)?abend(kurs|kurse|lehrgang|lehrgange|seminar|seminare|unterricht))$/, "tageszeit", "abends", "abends"],
    [/^(wochenende|wochenenden|wochenends|wochenendkurs|wochenendkurse)$/, "wochentage", "Wochenende", "am Wochenende"],
    // A weekday: the offers that meet on it (the hidden filter "wochentag", search.py).
    [/^montags?$/, "wochentag", "mo", "montags"],
    [/^dienstags?$/, "wochentag", "di", "dienstags"],
    [/^mittwochs?$/, "wochentag", "mi", "mittwochs"],
    [/^donnerstags?$/, "wochentag", "do", "donnerstags"],
    [/^freitags?$/, "wochentag", "fr", "freitags"],
    [/^(samstags?|samstage|sonnabends?)$/, "wochentag", "sa", "samstags"],
    [/^sonntags?$/, "wochentag", "so", "sonntags"],
    [/^(vormittags|vormittag|morgens|vormittagskurs|vormittagskurse)$/, "tageszeit", "vormittags", "vormittags"],
    [/^(nachmittags|nachmittag)$/, "tageszeit", "nachmittags", "nachmittags"],
    [/^(beratung|beratungen|beratungsstelle|beratungsstellen|berater|beraterin|beraten|beratungsangebot)$/, "art", "Beratungsstelle", "Beratungsstellen"],
    // More than a record of attendance (search.py ``qualifying``); "ohne Abschluss" is who a
    // course is for, not what it ends with (``analyse``).
    [/^(zertifikat|zertifikate|zertifikaten|zertifiziert|zertifizierte|zertifizierten|zertifizierung|abschluss|abschlusse|abschlussen|abschlussprufung)$/, "abschluss", "ja", "Zertifikat oder Abschluss"],
  ];
  var CHEAP = /^(gunstig|billig|preiswert|preisgunstig|guenstig|preisguenstig)(e|er|es|en|em|ste|sten)?$/;
  var PHRASE_CHIPS = {
    "vor ort": ["format", "Präsenz", "in Präsenz"],
    "am morgen": ["tageszeit", "vormittags", "vormittags"], "jeden morgen": ["tageszeit", "vormittags", "vormittags"],
    "blended learning": ["format", "Hybrid", "hybrid"],
    "ohne kosten": ["preis", "kostenfrei", "kostenlos"], "keine kosten": ["preis", "kostenfrei", "kostenlos"],
    "ohne gebuhr": ["preis", "kostenfrei", "kostenlos"], "ohne gebuhren": ["preis", "kostenfrei", "kostenlos"],
    "unter der woche": ["wochentage", "werktags", "werktags"],
  };
  // A value of a filter with a fixed list of values ("werktags", "bis 1 Woche", "Preis auf
  // Anfrage"), typed as the filter's label says it, is that value's chip, where no rule above
  // already says it ("abends", "Wochenende", "kostenfrei" have their own): folded words →
  // [key, value, label]. Not the scope: "Teilzeit", "berufsbegleitend" are search words of each
  // offer that has them (search.py), and so find also the offers whose text says it.
  var VALUE_CHIPS = {};
  var HOW = {}; // the values of those filters, folded: words that say how, not what (``replaceWords``)
  FACETS.forEach(function (facet) {
    (facet.order || []).forEach(function (value) { HOW[value.split(/\s+/).map(fold).join(" ")] = true; });
    if (facet.key === "umfang") return;
    (facet.order || []).forEach(function (value) {
      var key = value.split(/\s+/).map(fold).join(" ");
      var said = CHIPS.some(function (rule) { return (rule[1] === facet.key && rule[2] === value) || rule[0].test(key); });
      if (!said && !STOP[key] && !GENERIC[key] && /[a-z]/.test(key)) VALUE_CHIPS[key] = [facet.key, value, value];
    });
  });
  // Participles and their word stems: "geschweißt" → "schweiß", "weitergebildet" → "weiterbild".
  var SEPARABLE = "ab|an|auf|aus|bei|dar|ein|fest|fort|frei|her|hin|los|mit|nach|um|vor|weg|weiter|zu|zurück|zusammen";
  var PARTICIPLE = new RegExp("^(" + SEPARABLE + ")?ge(.{3,}?)(et|t|en)(e|er|es|en|em)?$");

  function tokens(text) {
    return text.split(/\s+/).map(function (t) { return signed(t).replace(/^[^\wäöüÄÖÜß]+|[^\wäöüÄÖÜß]+$/g, ""); }).filter(Boolean);
  }

  // Names written with signs Pagefind drops ("C++" and "C#" are both "c" to it): spelled out as
  // the index has them (wordforms.py ``signed_words``), and shown as written in notes.
  var SIGN_NAMES = { "++": "plusplus", "#": "sharp" };
  function signed(token) {
    // An age with a plus ("50+"): as "50plus", which ``age`` reads (the plus is no letter).
    var older = /^(\d{2})\+$/.exec(token);
    if (older && Number(older[1]) >= 18 && Number(older[1]) <= 79) return older[1] + "plus";
    var m = /^[^\w.]*([A-Za-z])(\+\+|#)\d*[^\w+#]*$/.exec(token);
    if (m) return m[1].toLowerCase() + SIGN_NAMES[m[2]];
    return /^[^\w.]*\.net[^\w]*$/i.test(token) ? "dotnet" : token;
  }
  function unsigned(word) {
    var m = /^([a-z])(plusplus|sharp)$/.exec(word);
    if (m) return m[1].toUpperCase() + (m[2] === "sharp" ? "#" : "++");
    return word === "dotnet" ? ".NET" : word;
  }

  var unknownCodes = {}; // postal codes typed that have no centroid

  function regionFor(code) {
    var best = null;
    Object.keys(DATA.plz || {}).sort().forEach(function (region) {
      DATA.plz[region].forEach(function (pattern) {
        var score = -1;
        if (pattern.indexOf("-") >= 0) {
          var bounds = pattern.split("-");
          if (bounds[0] <= code && code <= bounds[1]) score = 6;
        } else if (code.indexOf(pattern) === 0) {
          score = pattern.length;
        }
        if (score >= 0 && (best === null || score > best.score)) best = { score: score, region: region };
      });
    });
    return best ? best.region : null;
  }

  // Umlauts written out ("Boeblingen") meet the place names as the guide writes them.
  function spelledOut(key) {
    return key.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }

  var placesByKey = null;

  function placeFor(key) {
    if (!placesByKey) {
      placesByKey = {};
      var named = DATA.orte || {};
      Object.keys(named).sort().forEach(function (k) { placesByKey[spelledOut(k)] = placesByKey[spelledOut(k)] || named[k]; });
      Object.keys(named).forEach(function (k) { placesByKey[k] = named[k]; });
    }
    return placesByKey[key] || placesByKey[spelledOut(key)] || null;
  }

  // A town of the guide's regions where nothing takes place (search.py, ``town_names``): the
  // place to measure from, at its postal code ("Excel Kirchheim unter Teck").
  function townFor(key) {
    var towns = DATA.gemeinden || {};
    return towns[key] || towns[spelledOut(key)] || null;
  }

  // "Region Esslingen (Nürtingen)"; a label with a bracket of its own without it ("Umland West
  // (Garbsen, Wunstorf)" with "Garbsen": "Region Umland West (Garbsen)", as model.Term.short_label).
  function regionChipLabel(label, named) {
    if (!named) return "Region " + label;
    return "Region " + (label.replace(/\s*\([^()]*\)$/, "") || label) + " (" + named + ")";
  }

  // ``key``: the place as typed, folded; a town's chip carries the postal code it is measured
  // from when nothing takes place in its region (``nearbyFirst``).
  function placeChip(place, words, key) {
    var chip = { key: "region", value: place[0], label: regionChipLabel(place[0], place[1] !== place[0] ? place[1] : ""), words: words };
    var code = (DATA.ortplz || {})[key] || (DATA.ortplz || {})[spelledOut(key)];
    if (code) { chip.code = code; chip.name = place[1]; }
    return chip;
  }

  // --- Dates as people say them ------------------------------------------------------------

  function isoDay(d) {
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  // Dates as people plan with them, typed into the search box: the start range they mean, and
  // how many words say it (from ``toks[i]``); null for none. "nächste Woche", "übernächste
  // Woche", "ab nächster Woche", "in zwei Wochen", "in den nächsten Wochen", "diesen Monat",
  // "übernächsten Monat", "Ende des Monats", "nächstes Jahr", "heute", "morgen", "bald", "KW 12", "ab KW 3", "bis zur KW 10",
  // "im März", "März 2027", "im Feb.", "ab März", "bis Juni", "Anfang/Mitte/Ende April", "bis Ende Januar",
  // "Januar bis März", "im Januar oder Februar", "Januar Februar", "Jan/Feb", "nächste 2 Monate", "Q1", "im ersten Quartal 2027", "Anfang
  // nächsten Jahres", "im Jahr 2027", "ab 2027", "im Herbst", "nächsten Sommer", "ab sofort"; days: "ab 15.3.", "am 2.2.2027", "15.03.2027",
  // "vom 1.3. bis 15.3.", "zwischen 1. und 15. März". A month, quarter or season without a year
  // is the next one (the current one from today); so is a day without a year. A day without a
  // year counts only after "ab", "bis", "am", "vom" … ("Python 3.11" is no 3 November).
  var SEASONS = { fruhjahr: 2, fruhling: 2, sommer: 5, herbst: 8, winter: 11 }; // first month
  var NUMBER_WORDS = { ein: 1, einer: 1, einem: 1, zwei: 2, drei: 3, vier: 4, funf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwolf: 12 };
  var ORDINALS = { erste: 1, ersten: 1, erstes: 1, zweite: 2, zweiten: 2, zweites: 2, dritte: 3, dritten: 3, drittes: 3, vierte: 4, vierten: 4, viertes: 4 };
  var YEAR_PARTS = { anfang: [0, 2], mitte: [4, 7], ende: [9, 11] }; // months: Jan–Mar, May–Aug, Oct–Dec
  var YEAR_PART_WORD = /^jahres(anfang|beginn|mitte|ende)$/;
  var ARTICLE = /^(dem|den|der|die|zum|zur)$/;
  var LEADS = { ab: "from", fruhestens: "from", bis: "to", spatestens: "to", am: "on", vom: "span", von: "span", zwischen: "span", im: "in", in: "in", wahrend: "in", nach: "after", vor: "before", uber: "on", an: "on", zu: "on" };
  // Holidays people plan around: [first, last] day of a year (Easter Sunday from ``easter``).
  function easter(year) {
    // The Gregorian computus (Meeus/Jones/Butcher).
    var a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
    var f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
    var i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    var month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
    return [month - 1, day];
  }
  var HOLIDAYS = {
    ostern: function (y) { var e = easter(y); return [[e[0], e[1] - 2], [e[0], e[1] + 1]]; }, // Good Friday to Easter Monday
    pfingsten: function (y) { var e = easter(y); return [[e[0], e[1] + 49], [e[0], e[1] + 50]]; },
    weihnachten: function () { return [[11, 24], [11, 26]]; },
    feiertage: function () { return [[11, 24], [12, 1]]; }, // Christmas to New Year's Day ("nach den Feiertagen")
    feiertagen: function () { return [[11, 24], [12, 1]]; },
    silvester: function () { return [[11, 31], [11, 31]]; },
    neujahr: function () { return [[0, 1], [0, 1]]; },
  };
  // School holidays of the guide's Land (search.py ``page_data``, holidays.py): folded name →
  // [[first, last] ISO days]; "Ferien" and "Schulferien" are any of them.
  // Where the regions lie in several Länder (``DATA.ferienlaender``): those of the Land of the
  // regions chosen (``holidayRegions``: the region filter, and regions the query names), of
  // several such Länder one span per holidays and year from the first Land's first day to the
  // last Land's last; with no region chosen those of the site's Land (``DATA.ferienland``),
  // without one those of all Länder (search.py ``page_data``, model.py ``spanning``).
  var schoolHolidays = {};
  var holidayRegions = [];
  function holidayLands() {
    if (!DATA.ferienlaender) return [];
    var lands = [];
    holidayRegions.forEach(function (label) {
      var land = (DATA.regionland || {})[label];
      if (land && lands.indexOf(land) < 0) lands.push(land);
    });
    if (lands.length) return lands;
    return DATA.ferienland ? [DATA.ferienland] : Object.keys(DATA.ferienlaender);
  }
  function holidayTable(lands) {
    if (!lands.length) return DATA.ferien || {};
    var byYear = {};
    lands.forEach(function (land) {
      var table = DATA.ferienlaender[land] || {};
      Object.keys(table).forEach(function (name) {
        var years = byYear[name] = byYear[name] || {};
        table[name].forEach(function (s) {
          var y = s[0].slice(0, 4), known = years[y];
          years[y] = known ? [s[0] < known[0] ? s[0] : known[0], s[1] > known[1] ? s[1] : known[1]] : s.slice();
        });
      });
    });
    var out = {};
    Object.keys(byYear).forEach(function (name) {
      out[name] = Object.keys(byYear[name]).sort().map(function (y) { return byYear[name][y]; });
    });
    return out;
  }
  function holidaySpans(word) {
    var lands = holidayLands(), key = lands.join("|");
    if (!schoolHolidays[key]) {
      var found = schoolHolidays[key] = {}, table = holidayTable(lands);
      var all = [];
      Object.keys(table).forEach(function (name) {
        found[fold(name)] = table[name];
        all = all.concat(table[name]);
      });
      if (all.length) found.ferien = found.schulferien = all.sort();
    }
    return schoolHolidays[key][word] || null;
  }
  // School holidays the site has no dates for (no table for the Land, none for that year):
  // "in den Sommerferien", "nach den Herbstferien 2031", "Faschingsferien". They are no words to
  // look for on the pages (a course that says "auch in den Ferien" is no answer to them) but
  // dates the site does not know: they leave the query, and the status line says so
  // (``renderNotes``). "Ferien" alone only after "in den", "nach den" …, as ``dateRange`` reads
  // it. Tried where ``dateRange`` found nothing: {n: tokens taken, name: as typed}, or null.
  var SCHOOL_HOLIDAY = /^(schul|sommer|herbst|winter|weihnachts|oster|pfingst|faschings|fastnachts|fasnachts|karnevals|fruhjahrs|fruhlings)?ferien$/;
  function unknownHolidays(toks, i) {
    var t = toks.slice(i, i + 4).map(function (w) { return fold(w).replace(/\.$/, ""); });
    var lead = LEADS[t[0]] ? 1 : 0;
    var article = lead && ARTICLE.test(t[1] || "") ? 1 : 0;
    var k = lead + article, w = t[k] || "";
    if (!SCHOOL_HOLIDAY.test(w) || (w === "ferien" && !article)) return null;
    var year = /^20\d\d$/.test(t[k + 1] || "") ? 1 : 0;
    return { n: k + 1 + year, name: toks.slice(i + k, i + k + 1 + year).join(" ") };
  }
  // Whose school holidays ``holidaySpans`` reads, for the status line: "Schulferien in
  // Bayern"; "" where the guide has one Land.
  function holidaysWhose() {
    var lands = holidayLands();
    if (!lands.length) return "";
    return "Schulferien in " + (lands.length > 1 ? lands.slice(0, -1).join(", ") + " und " + lands[lands.length - 1] : lands[0]);
  }
  // Months as people write them: whole ("März", "Maerz") or short ("Jan", "Jan.", "Mrz",
  // "Sept"), each only as a word of its own ("Augenoptik" holds no August): folded → 0-11.
  var MONTH_WORDS = {};
  MONTHS.forEach(function (name, i) { MONTH_WORDS[fold(name)] = i; });
  [["jan", 0], ["janner", 0], ["feb", 1], ["mar", 2], ["mrz", 2], ["maerz", 2], ["apr", 3], ["jun", 5], ["jul", 6],
    ["aug", 7], ["sep", 8], ["sept", 8], ["okt", 9], ["nov", 10], ["dez", 11]].forEach(function (p) { MONTH_WORDS[p[0]] = p[1]; });
  function monthOf(folded) {
    return Object.prototype.hasOwnProperty.call(MONTH_WORDS, folded) ? MONTH_WORDS[folded] : -1;
  }
  function dateRange(toks, i) {
    var t = toks.slice(i, i + 8).map(function (w) { return fold(w).replace(/\.$/, ""); });
    var today = new Date();
    today.setHours(12, 0, 0, 0);
    var day = function (y, m, d) { return new Date(y, m, d, 12); };
    var y = today.getFullYear(), m = today.getMonth();
    var since = function (d) { return d < today ? today : d; };
    var whose = ""; // whose school holidays the range holds ("Schulferien in Bayern"), where a guide has several Länder
    var range = function (from, to, n) {
      var out = { from: isoDay(since(from)), to: to ? isoDay(to) : "", n: n };
      if (whose) out.whose = whose;
      return out;
    };
    var yearAt = function (k) {
      var w = t[k] || "";
      return /^20\d\d$/.test(w) ? Number(w) : null;
    };
    var monthAt = function (k) { return monthOf(t[k] || ""); };
    // The months written at ``k``: one ("März", "Jan."), or two joined ("Jan/Feb", "Jan–Feb"); null for none.
    var monthsAt = function (k) {
      var one = monthAt(k);
      if (one >= 0) return [one];
      var two = /^([a-z]+)\.?[/–-]([a-z]+)$/.exec(t[k] || "");
      return two && monthOf(two[1]) >= 0 && monthOf(two[2]) >= 0 ? [monthOf(two[1]), monthOf(two[2])] : null;
    };
    // The month ``mo`` of the year at ``k`` if one is written there, else its next occurrence.
    var monthYear = function (mo, k) { var yy = yearAt(k); return yy !== null ? yy : (mo < m ? y + 1 : y); };
    var a = t[0], b = t[1] || "";
    var NEXT = /^(nachste|nachsten|nachster|nachstem|nachstes|kommende|kommenden|kommender|kommendem|kommendes)$/;
    var CURRENT = /^(diese|diesen|dieser|diesem|dieses)$/;
    var AFTER_NEXT = /^(ubernachste|ubernachsten|ubernachster|ubernachstem|ubernachstes)$/;
    var monday = day(y, m, today.getDate() - ((today.getDay() + 6) % 7));
    // "in den nächsten (zwei) Wochen", "in den kommenden 3 Monaten", "in den nächsten Tagen",
    // "für die nächsten 2 Monate", "nächste 2 Monate", "die kommenden Wochen": from today;
    // without a number four weeks, three months, a week. (A unit in the plural: "nächste
    // Woche" is that week, below.)
    var ahead = (a === "in" && b === "den") || (a === "fur" && b === "die") || (a === "innerhalb" && b === "der") ? 2 : ARTICLE.test(a) ? 1 : 0;
    if (NEXT.test(t[ahead] || "")) {
      var many = /^\d{1,2}$/.test(t[ahead + 1] || "") ? Number(t[ahead + 1]) : NUMBER_WORDS[t[ahead + 1] || ""];
      var unit = t[ahead + 1 + (many ? 1 : 0)] || "";
      var used = ahead + 2 + (many ? 1 : 0);
      if (/^(tagen|tage)$/.test(unit)) return range(today, day(y, m, today.getDate() + (many || 7)), used);
      if (/^(wochen)$/.test(unit)) return range(today, day(y, m, today.getDate() + 7 * (many || 4)), used);
      if (/^(monaten|monate)$/.test(unit)) return range(today, day(y, m + (many || 3), today.getDate()), used);
    }
    // "demnächst", "bald", "zeitnah": the next four weeks.
    if (/^(demnachst|bald|zeitnah)$/.test(a)) return range(today, day(y, m, today.getDate() + 28), 1);
    if (a === "im" && b === "neuen" && t[2] === "jahr") return range(day(y + 1, 0, 1), day(y + 1, 11, 31), 3);
    // "zwischen den Jahren": the working days from 27 to 30 December.
    if (a === "zwischen" && b === "den" && t[2] === "jahren") {
      var late = day(y, 11, 30) < today ? y + 1 : y;
      return range(day(late, 11, 27), day(late, 11, 30), 3);
    }
    if ((a === "ab" && b === "sofort") || a === "sofort") return range(today, null, a === "ab" ? 2 : 1);
    // "in zwei Wochen" (that week), "in 3 Monaten" (that month).
    var count = /^\d{1,2}$/.test(b) ? Number(b) : NUMBER_WORDS[b];
    if (a === "in" && count && /^(woche|wochen)$/.test(t[2] || "")) {
      var later = day(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7 * count);
      return range(later, day(later.getFullYear(), later.getMonth(), later.getDate() + 6), 3);
    }
    if (a === "in" && count && /^(monat|monaten)$/.test(t[2] || "")) return range(day(y, m + count, 1), day(y, m + count + 1, 0), 3);
    // A point in time at ``k``: {from, to, n (words)}, or null. ``sure``: a day without a year
    // counts (a word before says it is a date).
    function point(k, sure) {
      var w = t[k] || "";
      var unitAfter = t[k + 1] || "";
      // "heute", "morgen", "übermorgen": that day (``day``: a day meant as itself, not as "from").
      var dayOffset = { heute: 0, morgen: 1, ubermorgen: 2 }[w];
      var before = k > 0 ? t[k - 1] : fold(toks[i - 1] || "");
      if (dayOffset !== undefined && !(w === "morgen" && /^(am|den|jeden|pro)$/.test(before))) { // "am Morgen": a time of day
        var that = day(y, m, today.getDate() + dayOffset);
        return { from: that, to: that, n: 1, day: true };
      }
      // Calendar week: "KW 12", "KW12", "Kalenderwoche 12 (2027)": that ISO week (the next such).
      var kw = /^kw(\d{1,2})$/.exec(w);
      var week = kw ? Number(kw[1]) : (w === "kw" || w === "kalenderwoche") && /^\d{1,2}$/.test(unitAfter) ? Number(unitAfter) : null;
      if (week !== null && week >= 1 && week <= 53) {
        var wn = kw ? 1 : 2, wy = yearAt(k + wn);
        var weekStart = function (yy) {
          var jan4 = day(yy, 0, 4);
          return day(yy, 0, 4 - ((jan4.getDay() + 6) % 7) + (week - 1) * 7);
        };
        var first = weekStart(wy !== null ? wy : y);
        if (wy === null && day(first.getFullYear(), first.getMonth(), first.getDate() + 6) < today) first = weekStart(y + 1);
        return { from: first, to: day(first.getFullYear(), first.getMonth(), first.getDate() + 6), n: wn + (wy !== null ? 1 : 0) };
      }
      // "nächste Woche", "diesen Monat", "übernächsten Monat", "kommendes Jahr": that span.
      var shift = NEXT.test(w) ? 1 : CURRENT.test(w) ? 0 : AFTER_NEXT.test(w) ? 2 : null;
      if (shift !== null && unitAfter === "woche") {
        var start = day(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7 * shift);
        return { from: start, to: day(start.getFullYear(), start.getMonth(), start.getDate() + 6), n: 2 };
      }
      if (shift !== null && unitAfter === "monat") return { from: day(y, m + shift, 1), to: day(y, m + shift + 1, 0), n: 2 };
      if (shift !== null && unitAfter === "jahr") return { from: day(y + shift, 0, 1), to: day(y + shift, 11, 31), n: 2 };
      // "nächsten Sommer", "dieses Frühjahr": the season (next: the next one not yet begun).
      if (shift !== null && shift < 2 && unitAfter in SEASONS) {
        var opens = SEASONS[unitAfter];
        var begins = day(y - (opens === 11 && m < 2 ? 1 : 0), opens, 1); // this year's (a winter begun last December)
        if (shift === 1 && begins <= today) begins = day(begins.getFullYear() + 1, opens, 1);
        return { from: begins, to: day(begins.getFullYear(), opens + 3, 0), n: 2 };
      }
      var d = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?$/.exec(w) || /^(\d{4})-(\d{2})-(\d{2})$/.exec(w);
      if (d) {
        var iso = w.indexOf("-") > 0;
        var dd = Number(iso ? d[3] : d[1]), mo = Number(d[2]) - 1;
        var yy = iso ? Number(d[1]) : d[3] ? Number(d[3].length === 2 ? "20" + d[3] : d[3]) : null;
        if (yy === null && !sure) return null;
        if (yy === null) yy = day(y, mo, dd) < today ? y + 1 : y;
        var one = day(yy, mo, dd);
        if (mo < 0 || mo > 11 || one.getMonth() !== mo || one.getDate() !== dd) return null;
        return { from: one, to: one, n: 1 };
      }
      // "15. März (2027)": a day of a month.
      if (/^\d{1,2}$/.test(w) && monthAt(k + 1) >= 0) {
        var dm = monthAt(k + 1), dy = monthYear(dm, k + 2), the = day(dy, dm, Number(w));
        if (the.getMonth() !== dm) return null;
        if (yearAt(k + 2) === null && the < today) the = day(dy + 1, dm, Number(w));
        return { from: the, to: the, n: 2 + (yearAt(k + 2) !== null ? 1 : 0) };
      }
      // "Anfang/Mitte/Ende April": days 1-10, 11-20, 21 to the end.
      var part = { anfang: [1, 10], mitte: [11, 20], ende: [21, 31] }[w];
      // ... "des Monats", "dieses Monats", "nächsten Monats": of this month or the next.
      var which = t[k + 1] === "des" || CURRENT.test(t[k + 1] || "") ? 0 : NEXT.test(t[k + 1] || "") ? 1 : null;
      if (part && which !== null && t[k + 2] === "monats") {
        var monthEnd = day(y, m + which + 1, 0).getDate();
        return { from: day(y, m + which, part[0]), to: day(y, m + which, Math.min(part[1], monthEnd)), n: 3 };
      }
      if (part && monthAt(k + 1) >= 0) {
        var pm = monthAt(k + 1), py = monthYear(pm, k + 2), last = day(py, pm + 1, 0).getDate();
        return { from: day(py, pm, part[0]), to: day(py, pm, Math.min(part[1], last)), n: 2 + (yearAt(k + 2) !== null ? 1 : 0) };
      }
      // "Jahresende", "Jahresanfang 2027": as "Ende des Jahres", "Anfang 2027".
      var yearPart = YEAR_PART_WORD.exec(w);
      if (yearPart) {
        var ypart = YEAR_PARTS[yearPart[1] === "beginn" ? "anfang" : yearPart[1]], yy2 = yearAt(k + 1);
        var ystart = yy2 !== null ? yy2 : (day(y, ypart[1] + 1, 0) < today ? y + 1 : y);
        return { from: day(ystart, ypart[0], 1), to: day(ystart, ypart[1] + 1, 0), n: 1 + (yy2 !== null ? 1 : 0) };
      }
      // "Anfang 2027", "Ende nächsten Jahres", "Mitte des Jahres": months 1-3, 5-8, 10-12.
      if (YEAR_PARTS[w]) {
        var rest = t.slice(k + 1, k + 4), used = 1, year = null;
        if (rest[0] === "des" || rest[0] === "diesen" || rest[0] === "dieses") { used++; rest.shift(); year = y; }
        if (/^(nachsten|kommenden)$/.test(rest[0] || "") && rest[1] === "jahres") { year = y + 1; used += 2; }
        else if (rest[0] === "jahres" && year !== null) used++;
        else if (yearAt(k + 1) !== null) { year = yearAt(k + 1); used++; }
        else year = null;
        if (year !== null) {
          var span = YEAR_PARTS[w];
          return { from: day(year, span[0], 1), to: day(year, span[1] + 1, 0), n: used };
        }
      }
      // "im Jahr 2027", "Jahr 2027"; after "ab", "bis", "in", "nach", "vor" the year alone ("ab
      // 2027", "in 2027"): that year (from today if it is this one; none if it is over). A year
      // alone is searched as a word: "Lohnsteuer 2027" may be the seminar on that year's rules.
      var wholeYear = w === "jahr" ? yearAt(k + 1) : (sure || (k > 0 && t[k - 1] === "in")) ? yearAt(k) : null;
      if (wholeYear !== null) {
        var yearEnd = day(wholeYear, 11, 31);
        return yearEnd < today ? null : { from: day(wholeYear, 0, 1), to: yearEnd, n: w === "jahr" ? 2 : 1 };
      }
      // Quarters: "Q1", "Q1 2027", "1. Quartal", "ersten Quartal", "Quartal 2".
      var q = /^q([1-4])$/.exec(w);
      var quarter = q ? Number(q[1]) : null, qn = 1;
      if (quarter === null && (ORDINALS[w] || /^[1-4]$/.test(w)) && t[k + 1] === "quartal") { quarter = ORDINALS[w] || Number(w); qn = 2; }
      if (quarter === null && w === "quartal" && /^[1-4]$/.test(t[k + 1] || "")) { quarter = Number(t[k + 1]); qn = 2; }
      if (quarter !== null) {
        var qy = yearAt(k + qn), qm = (quarter - 1) * 3;
        if (qy === null) qy = day(y, qm + 3, 0) < today ? y + 1 : y;
        return { from: day(qy, qm, 1), to: day(qy, qm + 3, 0), n: qn + (yearAt(k + qn) !== null ? 1 : 0) };
      }
      // "Ostern", "Pfingsten 2027", "Weihnachten": the holidays (the next ones); "Feiertage"
      // only after "nach", "vor" … (alone it may be what a course on labour law is about).
      if (HOLIDAYS[w] && (sure || !/^feiertage/.test(w))) {
        var hy = yearAt(k + 1), spanOf = function (yy) {
          var days = HOLIDAYS[w](yy);
          return { from: day(yy, days[0][0], days[0][1]), to: day(yy, days[1][0], days[1][1]) };
        };
        var hol = spanOf(hy !== null ? hy : y);
        if (hy === null && hol.to < today) hol = spanOf(y + 1);
        return { from: hol.from, to: hol.to, n: 1 + (hy !== null ? 1 : 0) };
      }
      // "Sommerferien", "Schulferien", "Herbstferien 2027" (those that begin in 2027); "Ferien" only after
      // "in den", "nach den" …: the next ones not yet over, as the guide's Land has them.
      var holidays = holidaySpans(w);
      if (holidays && (sure || w !== "ferien")) {
        var fy = yearAt(k + 1), now = isoDay(today);
        var hit = holidays.filter(function (s) { return fy !== null ? Number(s[0].slice(0, 4)) === fy : s[1] >= now; })[0];
        if (!hit) return null;
        var parse = function (d) { return day(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))); };
        whose = holidaysWhose();
        return { from: parse(hit[0]), to: parse(hit[1]), n: 1 + (fy !== null ? 1 : 0) };
      }
      // "März (2027)", "Jan.": the month. Months side by side or joined ("Januar Februar",
      // "Jan/Feb", "Nov–Jan 2028"): from the first to the end of the last, each after the one
      // before (a year written after them is the last one's; without one, the next such run
      // not yet over).
      var run = monthsAt(k);
      if (run) {
        var rn = 1, more;
        while (rn < 6 && (more = monthsAt(k + rn))) { run = run.concat(more); rn++; }
        var wraps = run.filter(function (mo, j) { return j > 0 && mo < run[j - 1]; }).length;
        var ry = yearAt(k + rn), lastMonth = run[run.length - 1], firstYear = ry !== null ? ry - wraps : y - 1;
        while (ry === null && day(firstYear + wraps, lastMonth + 1, 0) < today) firstYear++;
        return { from: day(firstYear, run[0], 1), to: day(firstYear + wraps, lastMonth + 1, 0), n: rn + (ry !== null ? 1 : 0) };
      }
      return null;
    }

    var lead = LEADS[a] || null;
    // "nach den Feiertagen", "vor den Sommerferien", "in den Herbstferien", "während der
    // Ferien", "ab dem 15.1.", "bis zum 31. März", "vom 1. bis zum 15. März": an article between.
    var article = ARTICLE.test(b) && (lead === "after" || lead === "before" || lead === "from" || lead === "to" ||
      lead === "span" || holidaySpans(t[2] || "") !== null);
    var at = lead ? (article ? 2 : 1) : 0;
    var head = point(at, Boolean(lead) && (lead !== "in" || article));
    // "1." before "bis"/"und" and a day of a month: "vom 1. bis 15. März", "zwischen 1. und 15. März".
    var bare = !head && /^\d{1,2}$/.test(t[at] || "") ? Number(t[at]) : null;
    var joiner = t[at + (head ? head.n : 1)] || "";
    var spans = !lead || lead === "span" || lead === "in" || (lead === "from" && joiner === "bis"); // "ab März bis Mai"
    if ((head || bare !== null) && /^(bis|und|oder|–|-)$/.test(joiner) && spans) {
      var next = at + (head ? head.n : 1) + 1;
      if (ARTICLE.test(t[next] || "")) next++; // "bis zum 15. März"
      var tail = point(next, true);
      if (tail && (head || bare !== null)) {
        var from = head ? head.from : day(tail.from.getFullYear(), tail.from.getMonth(), bare);
        if (from <= tail.to) return range(from, tail.to, next + tail.n);
      }
    }
    if (head) {
      if (lead === "from") return range(head.from, null, at + head.n);
      if (lead === "to") return range(today, head.to, at + head.n);
      // "nach Ostern": from the day after; "vor Pfingsten", "vor Juni": until the day before.
      if (lead === "after") return range(day(head.to.getFullYear(), head.to.getMonth(), head.to.getDate() + 1), null, at + head.n);
      if (lead === "before") return range(today, day(head.from.getFullYear(), head.from.getMonth(), head.from.getDate() - 1), at + head.n);
      // A day alone ("15.03.2027"): from that day on; a month, a part or a quarter: that span.
      if (!lead && head.from === head.to && !head.day) return range(head.from, null, head.n);
      return range(head.from, head.to, at + head.n);
    }
    // "im Herbst", "Frühjahr 2027", "Englisch Herbst": three months from the season's first
    // (winter: December to February). Without a year the current one, else the next; a season
    // word that begins the query ("Sommer") is searched as a word.
    // "vor dem Sommer", "nach dem Winter", "ab Herbst", "bis zum Frühjahr": before its first
    // day, after its last, from its first, until the day before it.
    var sk = t[at] in SEASONS ? t[at] : null;
    var sy = yearAt(at + 1);
    if (sk && (lead === "in" || lead === "before" || lead === "after" || lead === "from" || lead === "to" || sy !== null || (!lead && i > 0))) {
      var sm = SEASONS[sk];
      var years = sy !== null ? [sy] : [y - 1, y, y + 1];
      var sfrom = null;
      for (var k = 0; k < years.length && !sfrom; k++) {
        if (sy !== null || day(years[k], sm + 3, 0) >= today) sfrom = day(years[k], sm, 1);
      }
      var sto = day(sfrom.getFullYear(), sfrom.getMonth() + 3, 0), sn = at + 1 + (sy !== null ? 1 : 0);
      var eve = day(sfrom.getFullYear(), sfrom.getMonth(), 0);
      if (lead === "before" || lead === "to") return eve < today ? null : range(today, eve, sn);
      if (lead === "after") return range(day(sto.getFullYear(), sto.getMonth(), sto.getDate() + 1), null, sn);
      if (lead === "from") return range(sfrom, null, sn);
      return range(sfrom, sto, sn);
    }
    return null;
  }

  // The start range ``words`` say ("im Juni", "Herbst") as ``analyse`` reads them today after a
  // word of a query ("Führung Herbst"), {from, to}; null unless all of them say it. A link's
  // ``wann`` (suche-planung.js ``read``) is named only beside the days it says.
  function rangeSaid(words) {
    var toks = tokens(words);
    var range = toks.length ? dateRange(["suche"].concat(toks), 1) : null;
    return range && range.n === toks.length ? { from: range.from, to: range.to, whose: range.whose || "" } : null;
  }

  // "bis 500 Euro", "unter 1.000", "max. 300 €", "höchstens 2000", "weniger als 800": one chip for
  // the price steps up to the limit (search.py ``PRICE_STEPS``: every 50 € up to 2.000 €), exact
  // for a limit on a step; without steps (an older index) the price bands that begin below it.
  // An amount under 20 is no price ("bis 12 Uhr").
  var LIMIT_WORDS = /^(bis|unter|max|maximal|hochstens|weniger)$/;
  function priceLimit(toks, i) {
    if (!LIMIT_WORDS.test(fold(toks[i] || ""))) return null;
    var n = fold(toks[i + 1] || "") === "als" ? 2 : 1;
    var m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$/.exec(toks[i + n] || "");
    if (!m) return null;
    var amount = Number(m[1].replace(/\./g, ""));
    var words = toks.slice(i, i + n + 1);
    if (/^(euro|eur)$/.test(fold(toks[i + n + 1] || ""))) words.push(toks[i + n + 1]);
    if (amount < 20) return null;
    var steps = (DATA.preisstufen || []).filter(function (step) { return step <= amount; });
    if (steps.length) {
      var label = (/^unter|weniger/.test(fold(toks[i])) ? "unter " : "bis ") + amount.toLocaleString("de-DE") + " €";
      return { key: "preisstufe", value: String(steps[0]), values: steps.map(String), label: label, words: words };
    }
    var facet = FACETS.filter(function (f) { return f.key === "preis"; })[0];
    var chips = ((facet && facet.order) || []).filter(function (band) {
      var floor = bandFloor(band);
      return floor !== null && floor < amount;
    }).map(function (band) { return { key: "preis", value: band, label: band === "kostenfrei" ? "kostenlos" : band, words: words }; });
    if (!chips.length) return null;
    chips[0].also = chips.slice(1);
    return chips[0];
  }

  // The lowest price a band of the price facet holds: "kostenfrei" 0, "bis 500 €" a cent,
  // "500–2.000 €" and "über 2.000 €" their first number; null for "Preis auf Anfrage".
  function bandFloor(band) {
    if (fold(band) === "kostenfrei") return 0;
    var numbers = band.replace(/\./g, "").match(/\d+/g);
    if (!numbers || /anfrage/i.test(band)) return null;
    return /^bis\b/i.test(band) ? 0.01 : Number(numbers[0]);
  }

  // Free seats asked for, as the filter "Nur mit freien Plätzen" says it: "freie Plätze", "mit
  // freien Plätzen", "noch Plätze frei", "Restplätze", "noch buchbar", "nicht ausgebucht". How
  // many words from ``toks[i]`` say it (0 for none); "noch", "mit", "nur" before go with them.
  var SEATS = /^(kurs|teilnahme|teilnehmer)?(platz|platze|platzen)$/;
  var FREE = /^(frei|freie|freien|freier|freies|offen|offene|offenen|verfugbar|verfugbare|verfugbaren)$/;
  function freeSeats(toks, i) {
    var t = toks.slice(i, i + 5).map(fold);
    var k = 0;
    while (k < 2 && /^(noch|mit|nur)$/.test(t[k] || "")) k++;
    var a = t[k] || "", b = t[k + 1] || "", c = t[k + 2] || "";
    if (FREE.test(a) && SEATS.test(b)) return k + 2; // "(noch) freie Plätze", "mit freien Kursplätzen"
    if (SEATS.test(a) && FREE.test(b)) return k + 2; // "Plätze frei"
    if (SEATS.test(a) && b === "noch" && FREE.test(c)) return k + 3; // "Plätze noch frei"
    if (/^restplatz(e|en)?$/.test(a)) return k + 1;
    if (t[0] === "noch" && /^(frei|buchbar|verfugbar)$/.test(t[1] || "")) return 2;
    if (t[0] === "nicht" && t[1] === "ausgebucht") return 2;
    return 0;
  }

  // A course a company books for its own staff, asked for as the filter "Als Inhouse-Schulung
  // buchbar" says it (search.py ``INHOUSE``): "inhouse", "In-House-Training", "Firmenschulung",
  // "firmenintern", "bei uns im Betrieb", "in unserem Haus". How many words from ``toks[i]`` say
  // it (0 for none). A place in the firm only as a phrase: "Betrieb", "Unternehmen" or "Haus"
  // alone is a topic ("Betriebswirtschaft", "Unternehmensführung", "Haustechnik").
  // The words for a course, alone or at the end of a compound ("Schweißkurs"), folded.
  var COURSE_ENDS = "kurs|kurse|seminar|seminare|lehrgang|lehrgange|schulung|schulungen|weiterbildung|weiterbildungen|" +
    "fortbildung|fortbildungen|workshop|workshops|umschulung|umschulungen|training|trainings";
  var INHOUSE_KIND = "schulung|schulungen|seminar|seminare|training|trainings|kurs|kurse|workshop|workshops|weiterbildung|weiterbildungen|" +
    "fortbildung|fortbildungen|lehrgang|lehrgange|angebot|angebote|veranstaltung|veranstaltungen";
  var INHOUSE_WORD = new RegExp("^(inhouse(" + INHOUSE_KIND + ")?|firmen(schulung|schulungen|seminar|seminare|training|trainings|kurs|kurse)|" +
    "(firmen|betriebs|unternehmens|haus)intern(e|er|es|en|em)?)$");
  var INHOUSE_AFTER = new RegExp("^(" + INHOUSE_KIND + ")$"); // "Inhouse Schulung", "In-House Training"
  // The visitor's own firm: always the place of the course.
  var OWN_FIRM = [
    "im eigenen betrieb", "im eigenen unternehmen", "im eigenen haus", "im eigenen hause",
    "in unserem betrieb", "in unserem unternehmen", "in unserem haus", "in unserer firma",
    "in unseren betrieb", "in unser unternehmen", "in unser haus", "in unsere firma",
  ];
  // A firm in general is as often what a course is about as where it is held: "Arbeitsschutz im
  // Betrieb", "Gesundheitsmanagement im Betrieb", "Ersthelfer im Betrieb", "Datenschutz im
  // Unternehmen" are topics (titles say so), and the visitor did not ask for an in-house course.
  // The phrase says where only when it belongs to a course: right after a word that names one
  // ("Schulung im Betrieb", "Schweißkurs im Betrieb", "Erste-Hilfe-Kurs im Unternehmen") or
  // after "bei uns", "zu uns" ("Staplerschein bei uns im Betrieb"). After any other word it is
  // part of the topic and searched as text.
  var ANY_FIRM = ["im betrieb", "im unternehmen", "in der firma", "in den betrieb", "ins unternehmen", "in die firma"];
  // Only after "bei uns", "zu uns": after a course "vor Ort" is a course held in person, and
  // "im Haus" a house's name ("Kurs im Haus der Wirtschaft").
  var AT_US = ["im haus", "im hause", "ins haus", "vor ort"];
  // A word naming a course, or a compound that ends in one ("Schweißkurs", "Staplerschulung"),
  // or in the licence or instruction it leads to ("Staplerschein", "Sicherheitsunterweisung");
  // not "Konkurs", "Diskurs", "Exkurs".
  var COURSE = new RegExp("^(" + INHOUSE_KIND + ")$|(" + COURSE_ENDS + "|schein|scheine|unterweisung|unterweisungen)$");
  var NO_COURSE = /^(kon|dis|ex)kurs/;
  function inhouse(toks, i) {
    var bare = function (w) { return fold(w).replace(/[-‐]/g, ""); };
    var t = toks.slice(i, i + 6).map(bare);
    var n = INHOUSE_WORD.test(t[0] || "") ? 1 : t[0] === "in" && t[1] === "house" ? 2 : 0;
    if (n) return n + ((t[0] === "inhouse" || n === 2) && INHOUSE_AFTER.test(t[n] || "") ? 1 : 0);
    var phrase = function (k, list) {
      return list.reduce(function (found, p) {
        var words = p.split(" ");
        return found || (words.every(function (w, j) { return t[k + j] === w; }) ? words.length : 0);
      }, 0);
    };
    var at = /^(bei|zu)$/.test(t[0] || "") && t[1] === "uns" ? 2 : 0;
    var before = i > 0 ? bare(toks[i - 1]) : "";
    var course = COURSE.test(before) && !NO_COURSE.test(before);
    var place = phrase(at, OWN_FIRM) || (at || course ? phrase(at, ANY_FIRM) : 0) || (at ? phrase(at, AT_US) : 0);
    return place ? at + place : 0;
  }

  // A number of people ("für 3 Mitarbeiter", "5 Personen", "für zwei Kollegen"): who is to be
  // trained, never what; how many words from ``toks[i]`` say it (0 for none).
  var PEOPLE = /^(mitarbeiter|mitarbeitern|mitarbeiterin|mitarbeiterinnen|mitarbeitende|mitarbeitenden|ma|personen|person|pers|teilnehmer|teilnehmern|teilnehmerin|teilnehmerinnen|teilnehmende|teilnehmenden|tn|leute|leuten|kollegen|kollegin|kolleginnen|beschaftigte|beschaftigten|angestellte|angestellten|azubis|auszubildende|auszubildenden|fahrer|mann)$/;
  function headcount(toks, i) {
    var t = toks.slice(i, i + 3).map(fold);
    var k = /^(fur|mit|bis|ca|etwa|rund)$/.test(t[0] || "") ? 1 : 0;
    var n = t[k] || "";
    if (!(/^\d{1,4}$/.test(n) || NUMBER_WORDS[n]) || !PEOPLE.test(t[k + 1] || "")) return 0;
    return k + 2;
  }

  // An age said with the words ("Weiterbildung mit 50", "ab 55 Jahren", "über 45", "Ü50",
  // "50plus"): not searched (the number finds prices, hours and dates); what funding there is
  // may depend on it, so the Förder-Check is linked (``moneyPage``). How many words from
  // ``toks[i]`` say it (0 for none). A number of people is ``headcount``'s; one before a unit
  // ("über 50 Stunden", "ab 50 Euro") is no age.
  var AGE_LEAD = /^(mit|ab|uber|als|jenseits)$/;
  var AGE_WORD = /^(jahren|jahre|jahrig|jahrige|jahrigen|jahriger|jahrigem|plus)$/;
  var NOT_AGE = /^(stunden|std|ue|ustd|unterrichtsstunden|euro|eur|prozent|km|kilometer|minuten|min|tage|tagen|wochen|monate|monaten|platze|platzen|teilnehmer|teilnehmende|teilnehmenden|personen|seiten|punkte|punkten|prozentpunkte)$/;
  function age(toks, i) {
    var t = toks.slice(i, i + 3).map(fold);
    var alone = /^(?:u(\d{2})|(\d{2})plus)$/.exec(t[0] || "");
    if (alone) return Number(alone[1] || alone[2]) >= 18 ? 1 : 0;
    if (!AGE_LEAD.test(t[0] || "") || !/^\d{2}$/.test(t[1] || "")) return 0;
    var years = Number(t[1]), after = t[2] || "";
    if (years < 18 || years > 79 || NOT_AGE.test(after)) return 0;
    return AGE_WORD.test(after) ? 3 : 2;
  }

  // What a query asks for: the words to search, the filters it names, what was left out.
  // ``filters``: those chosen beside it (the visible selection's, unless given).
  function analyse(q, filters) {
    var toks = tokens(q);
    // ``joins``: words that may be one word typed apart (``joinWords``).
    var out = { words: [], chips: [], dropped: [], joins: [] };
    holidayRegions = ((filters || state.filters).region || []).slice();
    for (var i = 0; i < toks.length; i++) {
      var found = null;
      var people = headcount(toks, i);
      if (people) {
        out.dropped = out.dropped.concat(toks.slice(i, i + people));
        i += people - 1;
        continue;
      }
      var aged = age(toks, i);
      if (aged) {
        out.dropped = out.dropped.concat(toks.slice(i, i + aged));
        out.age = true;
        i += aged - 1;
        continue;
      }
      var range = planning.between ? dateRange(toks, i) : null; // the planning controls set it
      if (range) {
        out.chips.push({ key: "zeitraum", from: range.from, to: range.to, words: toks.slice(i, i + range.n), whose: range.whose || "", at: i });
        i += range.n - 1;
        continue;
      }
      var blind = planning.between ? unknownHolidays(toks, i) : null;
      if (blind) {
        out.holidays = (out.holidays || []).concat([{ name: blind.name, at: i, n: blind.n }]);
        i += blind.n - 1;
        continue;
      }
      var seats = planning.seats ? freeSeats(toks, i) : 0; // the planning controls set it
      if (seats) {
        out.chips.push({ key: "frei", words: toks.slice(i, i + seats) });
        i += seats - 1;
        continue;
      }
      var firm = planning.inhouse ? inhouse(toks, i) : 0; // the planning controls set it
      if (firm) {
        out.chips.push({ key: "inhouse", words: toks.slice(i, i + firm) });
        i += firm - 1;
        continue;
      }
      for (var n = Math.min(4, toks.length - i); n >= 1 && !found; n--) {
        var phrase = toks.slice(i, i + n);
        var key = phrase.map(function (t) { return fold(t).replace(/[-‐]/g, " "); }).join(" ");
        var place = placeFor(key);
        var other = !place && planning.place ? townFor(key) : null;
        if (other && unknownCodes[other[0]]) other = null;
        if (place) {
          found = placeChip(place, phrase, key);
        } else if (PHRASE_CHIPS[key] || VALUE_CHIPS[key]) {
          var listed = PHRASE_CHIPS[key] || VALUE_CHIPS[key];
          found = { key: listed[0], value: listed[1], label: listed[2], words: phrase };
        } else if (other) {
          found = { key: "plz", value: other[0], name: other[1], label: "Umkreis um " + other[1], words: phrase };
        }
      }
      // A part of a town ("Stuttgart-Vaihingen", "Esslingen-Zell") stands for its town.
      var part = fold(toks[i].split(/[-‐]/)[0]);
      var town = !found && /[-‐]/.test(toks[i]) ? placeFor(part) : null;
      if (town) found = placeChip(town, [toks[i]], part);
      if (!found && /^\d{5}$/.test(toks[i])) {
        // A postal code is a place to measure from (see run); one the distance search does not
        // know, or without it, stands for its region.
        var region = regionFor(toks[i]);
        if (planning.place && !unknownCodes[toks[i]]) found = { key: "plz", value: toks[i], label: "Umkreis um " + toks[i], words: [toks[i]] };
        else if (region) found = { key: "region", value: region, label: regionChipLabel(region, toks[i]), words: [toks[i]] };
      }
      var folded = fold(toks[i]);
      if (!found) {
        var without = i > 0 && fold(toks[i - 1]) === "ohne";
        CHIPS.forEach(function (rule) {
          if (!found && rule[0].test(folded) && !(without && rule[1] === "abschluss")) found = { key: rule[1], value: rule[2], label: rule[3], words: [toks[i]] };
        });
      }
      if (!found && CHEAP.test(folded)) {
        // "günstig", "billig": the free offers and those up to 500 € (two values of one facet),
        // one chip: two ("kostenlos", "bis 500 €") read as if an offer had to be both.
        found = { key: "preis", value: "bis 500 €", values: ["kostenfrei", "bis 500 €"], label: "bis 500 €", words: [toks[i]] };
      }
      if (!found) found = priceLimit(toks, i);
      if (found) {
        [found].concat(found.also || []).forEach(function (chip) {
          if (chip && !out.chips.some(function (c) { return c.key === chip.key && c.value === chip.value; })) out.chips.push(chip);
        });
        // "Online Bewerbung": maybe the topic "Online-Bewerbung", not the format.
        if (folded === "online" && found.key === "format" && plainWord(toks[i + 1])) {
          out.joins.push({ part: toks[i + 1], joined: toks[i] + "-" + toks[i + 1], chip: found });
        }
        i += found.words.length - 1;
      } else if (STOP[folded] || tooGeneric(folded) || folded.length < 2) {
        // "E Auto", "E Learning": the letter and the next word.
        if (folded === "e" && plainWord(toks[i + 1])) out.joins.push({ part: toks[i + 1], joined: toks[i] + "-" + toks[i + 1] });
        out.dropped.push(toks[i]);
      } else {
        out.words.push(toks[i]);
        // "EDV Kurs", "Deutsch Kurs": maybe the compound a synonym group or a page has
        // ("EDV-Kurs", "Deutschkurs"), which says more than the first word alone.
        var next = toks[i + 1];
        if (next && tooGeneric(fold(next))) out.joins.push({ part: toks[i], joined: toks[i] + "-" + next });
      }
    }
    // "Neu-Ulm in den Sommerferien": the school holidays of the Land of the regions the query
    // names too (``holidayLands``), where the guide has several.
    var when = out.chips.filter(function (c) { return c.key === "zeitraum" && c.whose; })[0];
    var named = [];
    out.chips.forEach(function (c) { if (c.key === "region") named = named.concat(c.values || [c.value]); });
    if (when && named.length) {
      holidayRegions = holidayRegions.concat(named);
      var again = dateRange(toks, when.at);
      if (again && again.n === when.words.length) {
        when.from = again.from;
        when.to = again.to;
        when.whose = again.whose || "";
      }
    }
    // School holidays unknown in the site's Land may be known in the Land of a region the
    // query names ("Neu-Ulm in den Sommerferien"): then they are the start range after all.
    if (out.holidays && named.length && !when) {
      holidayRegions = holidayRegions.concat(named);
      out.holidays = out.holidays.filter(function (h) {
        var known = dateRange(toks, h.at);
        if (!known || known.n !== h.n) return true;
        out.chips.push({ key: "zeitraum", from: known.from, to: known.to, words: toks.slice(h.at, h.at + h.n), whose: known.whose || "", at: h.at });
        return false;
      });
      if (!out.holidays.length) delete out.holidays;
    }
    return out;
  }

  // A token that is searched as a word, not a filter, place or function word: the second half
  // of a word typed apart.
  function plainWord(token) {
    if (!token) return false;
    var f = fold(token);
    return f.length >= 2 && /^[a-z]/.test(f) && !STOP[f] && !tooGeneric(f) && !placeFor(f) &&
      !CHIPS.some(function (rule) { return rule[0].test(f); });
  }

  // Words typed apart that the index has as one word ("EDV Kurs" → "EDV-Kurs", "E Auto" →
  // "E-Auto", "Online Bewerbung" → "Online-Bewerbung"): searched as that word, which Pagefind
  // reads without its hyphen, when the best result has the whole of it (give or take an
  // ending) as a word, not only its start (Pagefind's last resort for "Excelkurs" is "excel",
  // for "Schweißenkurs" "schweißen"). The typed "Online" is then no filter. Where the index has
  // no such word, the words are searched as typed.
  function joinWords(analysis) {
    if (!analysis.joins.length) return Promise.resolve();
    return Promise.all(analysis.joins.map(function (join) {
      var whole = fold(join.joined).replace(/[^a-z0-9]/g, "");
      return find(whole, {}).then(function (r) {
        if (!r.results.length) return false;
        var best = r.results[0];
        return best.data().then(function (data) {
          var stem = lightStem(whole);
          return hitWords(data, best.words || []).some(function (w) { return fold(w).replace(/[^a-z0-9]/g, "").indexOf(stem) === 0; });
        });
      });
    })).then(function (ok) {
      analysis.joins.forEach(function (join, k) {
        var at = analysis.words.indexOf(join.part);
        if (!ok[k] || at < 0) return;
        analysis.words[at] = join.joined;
        if (join.chip) analysis.chips = analysis.chips.filter(function (c) { return c !== join.chip; });
      });
    });
  }

  function participleStem(word) {
    var m = PARTICIPLE.exec(word.toLowerCase());
    if (!m || word.length < 7) return null;
    return (m[1] || "") + m[2];
  }

  // The other forms of a word of the Latin "-ieren" family, which the German stemmer does not
  // bring together: "präsentieren", "präsentiert" → "Präsentation", "Präsentierung";
  // "Moderation" → "moderieren".
  function derivedForms(word) {
    var verb = /^(.{3,}?)(ieren|iert|ierte|ierten|iertes|ierter)$/i.exec(word);
    var noun = /^(.{3,}?)(ation|ationen)$/i.exec(word);
    var capital = function (w) { return w.charAt(0).toUpperCase() + w.slice(1); };
    if (verb) return [capital(verb[1] + "ation"), capital(verb[1] + "ierung")];
    if (noun) return [noun[1].toLowerCase() + "ieren"];
    return [];
  }

  // Roughly what Pagefind's stemmer leaves of a folded word: one ending off.
  var STEM_ENDINGS = ["ungen", "ung", "heit", "keit", "lich", "isch", "ern", "em", "en", "er", "es", "e", "n", "s"];

  function lightStem(folded) {
    for (var i = 0; i < STEM_ENDINGS.length; i++) {
      var e = STEM_ENDINGS[i];
      if (folded.length - e.length >= 3 && folded.slice(-e.length) === e) return folded.slice(0, -e.length);
    }
    return folded;
  }

  // --- The guide's vocabulary (only for weak queries) -------------------------------------

  var vocabulary = null;

  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = fetch(DATA.woerter).then(function (r) { return r.json(); }).then(function (data) {
        data.folded = {};
        data.woerter.forEach(function (w, i) { var f = fold(w); if (!(f in data.folded)) data.folded[f] = i; });
        return data;
      }).catch(function () { return { woerter: [], folded: {}, themen: [], beratung: [] }; });
    }
    return vocabulary;
  }

  var ENDINGS = ["", "e", "en", "n", "s", "er", "es", "ern"];
  // The letters that join the words of a compound ("Arbeit-s-zeit", "Kasse-n-system").
  var LINKS = ["s", "es", "n", "en", "er", "e"];

  function knownWord(voc, folded) {
    return ENDINGS.some(function (e) { return (folded + e) in voc.folded; }) ||
      ENDINGS.some(function (e) { return e && folded.length - e.length >= 4 && folded.slice(-e.length) === e && folded.slice(0, -e.length) in voc.folded; });
  }

  // What ``word`` holds from the ``cut``-th character of its folded form on, as typed:
  // "Gabelstaplerführerschein" from 12 is "führerschein", not the folded "fuhrerschein"
  // (a "ß" folds to two characters).
  function typedFrom(word, cut) {
    var length = 0;
    for (var i = 0; i < word.length; i++) {
      if (length >= cut) return word.slice(i).toLowerCase();
      length += fold(word.charAt(i)).length;
    }
    return "";
  }

  // What ``word`` holds before the ``cut``-th character of its folded form, as typed and
  // without a hyphen at its end ("Werkstatt-" of "Werkstatt-Training").
  function typedFront(word, cut) {
    return word.slice(0, word.length - typedFrom(word, cut).length).replace(/-$/, "");
  }

  // Adverbs a page may use ("zum ersten Mal") that are no compound's front: "Malkurs" (painting)
  // is no "mal" and "Kurs". Typed alone they are searched as any word.
  var ADVERB_FRONT = setOf("mal einmal");

  // A compound typed as one word, split into words of the guide ("Staplerkurs" → "Stapler", "kurs").
  function compoundParts(voc, word) {
    var folded = fold(word);
    for (var cut = 3; cut <= folded.length - 3; cut++) {
      var head = folded.slice(0, cut);
      var tail = folded.slice(cut);
      if (!knownWord(voc, tail) && !GENERIC[tail] && !KIND_END.test(tail)) continue;
      var heads = [head].concat(LINKS.filter(function (l) { return head.slice(-l.length) === l && head.length - l.length >= 3; }).map(function (l) { return head.slice(0, -l.length); }));
      for (var i = 0; i < heads.length; i++) {
        if (STOP[heads[i]] || ADVERB_FRONT[heads[i]]) continue; // "Ersthelfer" is no "erst" and "Helfer"
        // The guide's own form of the head ("Schweißkurs" → "Schweißen"; cut from the typed
        // word, a folded "ss" for "ß" left "Schweißk"). A form with an "-e" only vouches for the
        // head as typed, the shortest form: it may be a dative the guide says in a phrase
        // ("zu Hause"), no word for the compound's front ("Hausmeister" is no "Hause Meister").
        var end = tail in voc.folded ? voc.woerter[voc.folded[tail]] : typedFrom(word, cut);
        var known = [heads[i], heads[i] + "en"].filter(function (k) { return k in voc.folded; })[0];
        if (known) return [voc.woerter[voc.folded[known]], end];
        var withE = voc.woerter[voc.folded[heads[i] + "e"]];
        if (withE) return [withE.charAt(0) + typedFront(word, heads[i].length).slice(1), end];
      }
    }
    return null;
  }

  // A compound typed as one word whose end is no word of the guide but whose front is, maybe
  // with a linking "s" ("Rückenschmerzen", "Bewerbungsfotos"): that front as the guide writes
  // it and the rest as typed ("Rücken", "schmerzen"); null for none. The front must be a word
  // of its own (five letters at least, no function word, no generic one, no level) and the
  // rest five letters at least: a shorter rest is more often an ending or the rest of another
  // word than a word of its own ("Erzieher|in", "Excel|sior"). The front the guide uses as it stands comes first, the
  // shortest such ("Rücken|schmerzen", not "Rückens|chmerzen"); else the longest one it uses
  // with an inflectional ending (``knownWord``). Only where ``compoundParts``, a kind of
  // course (``kindFront``) and a known end (``compoundEnd``) have found nothing.
  function knownFront(voc, word) {
    var folded = fold(word);
    var accept = function (cut, exact) {
      var typed = typedFront(word, cut);
      var fronts = [typed, unlinked(typed)];
      for (var i = 0; i < fronts.length; i++) {
        var f = fold(fronts[i]);
        if (f.length < 5 || STOP[f] || GENERIC[f] || LEVELS[f] || !/^[a-z]+$/.test(f)) continue;
        if (exact ? f in voc.folded : knownWord(voc, f)) {
          return [f in voc.folded ? voc.woerter[voc.folded[f]] : fronts[i], typedFrom(word, cut)];
        }
      }
      return null;
    };
    var cut, found;
    for (cut = 5; cut <= folded.length - 5; cut++) if ((found = accept(cut, true))) return found;
    for (cut = folded.length - 5; cut >= 5; cut--) if ((found = accept(cut, false))) return found;
    return null;
  }

  // A compound misspelt after its front ("Gabelstaplerfürerschein"): the longest front that is
  // a word of the guide (five letters at least, no function word, no generic one, no level) and
  // the guide's word for the rest, a misspelt word of five letters or more (``correction``):
  // "Gabelstapler Führerschein"; "" for none. Where the rest is a word of the guide as typed,
  // the compound is none of this (``compoundParts``).
  function mendedCompound(voc, word) {
    var folded = fold(word);
    for (var cut = folded.length - 5; cut >= 5; cut--) {
      var f = folded.slice(0, cut);
      if (!(f in voc.folded) || STOP[f] || GENERIC[f] || LEVELS[f]) continue;
      var rest = typedFrom(word, cut);
      var fixed = knownWord(voc, fold(rest)) ? null : correction(voc, rest);
      if (fixed) return voc.woerter[voc.folded[f]] + " " + fixed;
    }
    return "";
  }

  // The end of a compound that names a kind of course or of school, not its subject
  // ("Verkaufstraining", "Staplerworkshop", "Rückenschule").
  var KIND_END = new RegExp("^(" + COURSE_ENDS + "|schule|schulen)$");

  // The subject of a compound that ends in such a kind (``KIND_END``), as typed and without a
  // linking "s" ("Verkaufstraining" → "Verkauf", "Arbeitsschutzschulung" → "Arbeitsschutz"),
  // whether or not the guide uses the whole word (a front of four letters only if it does:
  // "Lohn", not "Fahr"); "" where that front is no word of its own, null for any other word.
  // Its generic end ("Schule", "Training") is no fallback: alone it finds courses on anything.
  function kindFront(voc, word) {
    var front = kindSubject(word);
    if (front === null) return null;
    var f = fold(front);
    return (f.length >= 5 || knownWord(voc, f)) && !STOP[f] && !GENERIC[f] ? front : "";
  }

  // The front of a compound that ends in a kind of course (``KIND_END``), as typed and without
  // a linking "s", whatever it is ("Exelkurs" → "Exel"); null for any other word.
  function kindSubject(word) {
    var folded = fold(word);
    for (var cut = 4; cut <= folded.length - 4; cut++) {
      if (KIND_END.test(folded.slice(cut))) return unlinked(typedFront(word, cut));
    }
    return null;
  }

  // A compound's front without its linking "s": the stemmer's own rule, an "s" after these
  // letters is an ending ("Arbeits", "Versicherungs"; not "Prozess").
  function unlinked(front) {
    return /[bdfghklmnrt]s$/.test(fold(front)) && fold(front).length > 5 ? front.slice(0, -1) : front;
  }

  // The longest word of the guide (six letters at least, no generic one, no level an offer is
  // marked with) that ``word`` ends with after three letters or more; null for none.
  // ("Wiedereinstieg", in a guide that does not use it, is no "Einstieg": that word stands on
  // every beginners' course.)
  var LEVELS = setOf("einstieg aufbau experte");
  function compoundEnd(voc, word) {
    var folded = fold(word);
    for (var cut = 3; cut <= folded.length - 6; cut++) {
      var tail = folded.slice(cut);
      if (tail in voc.folded && !GENERIC[tail] && !LEVELS[tail]) return voc.woerter[voc.folded[tail]];
    }
    return null;
  }

  // What ``word`` holds before its ``end`` (a word of the guide it ends with), as typed, if that
  // is a word of its own: five letters at least and longer than the end ("Brandschutz" in
  // "Brandschutzhelfer"; not "Alten" in "Altenpflegehelferin", not "Kran" in "Kranschein").
  function compoundFront(word, end) {
    var front = typedFront(word, fold(word).length - fold(end).length);
    var f = fold(front);
    return f.length >= 5 && f.length > fold(end).length && !STOP[f] && !GENERIC[f] ? front : null;
  }

  // ``front``, the front of a compound before its ``end`` (a word of the guide), where the guide
  // has that end only as the last word of a term of its synonym groups with another word
  // before it ("Medizinische Fachangestellte", woerter.json ``phrasen``): the end alone would
  // be that term, another one than the compound names ("Steuerfachangestellte"). Only a front
  // that is a word of its own (four letters at least, no function word, no generic one, no
  // filter word: "Onlinemarketing" is no "Online"; no level); null otherwise.
  function givesWay(voc, front, end) {
    var e = fold(end), f = fold(front);
    var other = (voc.phrasen || []).some(function (phrase) {
      var parts = fold(phrase).split(/[^a-z0-9]+/).filter(Boolean);
      return parts.length >= 2 && parts[parts.length - 1] === e && parts.indexOf(f) < 0;
    });
    return other && f.length >= 4 && plainWord(front) && !LEVELS[f] && !levelWord(front) ? front : null;
  }

  // Letters people confuse by ear cost half a change: "Stabler" is nearer "Stapler" than "stabiler".
  // An "e" is heard like an "ä" ("Lermschutz" for "Lärmschutz"), not like a plain "a": "Stress"
  // is no misspelt "Straße". So the words are compared with their "ä" kept (``spelt``), and an
  // "a" typed for an "ä" costs nothing, as folding made it before.
  var ALIKE = { bp: 1, pb: 1, dt: 1, td: 1, gk: 1, kg: 1, fv: 1, vf: 1, ck: 1, kc: 1, cz: 1, zc: 1, iy: 1, yi: 1, sz: 1, zs: 1, "eä": 1, "äe": 1 };
  var SAME = { "aä": 1, "äa": 1 };

  // A word folded as ``fold`` does, but with its "ä" kept (for ``distance``).
  function spelt(word) {
    return String(word).toLowerCase().split("ä").map(fold).join("ä");
  }

  function sounds(word) {
    return word.replace(/ph/g, "f").replace(/th/g, "t").replace(/ck/g, "k").replace(/dt$/, "t");
  }

  // Damerau-Levenshtein distance, or more than ``limit`` as soon as that is certain.
  function distance(a, b, limit) {
    a = sounds(a);
    b = sounds(b);
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], row, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var pair = a[i - 1] + b[j - 1];
        var cost = a[i - 1] === b[j - 1] || SAME[pair] ? 0 : ALIKE[pair] ? 0.5 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v);
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // The guide's word closest to a misspelt one; the most used wins a tie (the list is sorted so).
  function correction(voc, word) {
    var folded = fold(word);
    // A word the search knows for what it is ("Ferien") is no misspelt other ("Verein").
    if (folded.length < 4 || folded in voc.folded || holidaySpans(folded) || folded in SEASONS || YEAR_PART_WORD.test(folded)) return null;
    // Two changes only in a long word: in "Friseur" they make "Fräser", another trade. A short
    // word keeps its first letter (as search engines' fuzzy matching does): "Koch" is no
    // misspelt "hoch", but "Exel" is "Excel".
    var limit = folded.length <= 5 ? 1 : folded.length <= 7 ? 1.5 : 2;
    var best = null, bestDistance = limit + 1, typed = spelt(word);
    for (var i = 0; i < voc.woerter.length && bestDistance > 0.5; i++) {
      var other = fold(voc.woerter[i]);
      if (folded.length <= 6 && other.charAt(0) !== folded.charAt(0)) continue;
      // (``distance`` stops early only where every way is over the limit: its answer may be over.)
      var d = distance(typed, spelt(voc.woerter[i]), Math.min(limit, bestDistance));
      if (d <= limit && d < bestDistance) { best = voc.woerter[i]; bestDistance = d; }
    }
    return best;
  }

  // --- State and URL ----------------------------------------------------------------------

  var pagefind = null;
  var allFilters = null; // every filter value with its count; loaded after the first answer
  var state = { q: "", filters: {}, sort: "relevanz", art: "" };
  var answer = null; // what the last search found
  var shown = 0;
  var runId = 0;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var next = { q: params.get("q") || "", filters: {}, sort: params.get("sort") || "relevanz", art: params.get("art") || "" };
    if (!SORTS[next.sort]) next.sort = "relevanz";
    if (!KINDS.some(function (k) { return k.art === next.art; })) next.art = "";
    FACETS.forEach(function (facet) {
      var values = params.getAll(facet.key).filter(Boolean);
      if (values.length) next.filters[facet.key] = values;
    });
    // Whose school holidays the address's words say: the regions chosen and named in the query.
    analyse(next.q, next.filters).chips.forEach(function (c) {
      if (c.key === "region") holidayRegions = holidayRegions.concat(c.values || [c.value]);
    });
    planning.read(params, rangeSaid);
    return next;
  }

  function urlFor(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    FACETS.forEach(function (facet) {
      (s.filters[facet.key] || []).forEach(function (value) { params.append(facet.key, value); });
    });
    planning.write(params);
    if (s.art) params.set("art", s.art);
    if (s.sort !== "relevanz") params.set("sort", s.sort);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // The word being typed (folded), while the box is typed into with the caret at its end:
  // it may be unfinished, so a word of the guide it only begins counts ("Buchh"). A search
  // sent (Enter, a link, a chip) takes every word as meant.
  var unfinished = "";

  function commit(push, typed) {
    typedRun = !!typed;
    unfinished = "";
    if (typed && input.selectionStart === input.value.length && /\S$/.test(input.value)) {
      unfinished = fold(input.value.trim().split(/\s+/).pop()).replace(/[^a-z0-9]/g, "");
    }
    var url = urlFor(state);
    if (url !== location.pathname + location.search) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    run();
  }

  // --- Searching --------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (attrs[key] === true) node.setAttribute(key, "");
      else if (attrs[key] !== false && attrs[key] != null) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }

  // The filters of the visible selection plus the query's chips (OR within a key).
  function chosenFilters(chips) {
    var out = {};
    Object.keys(state.filters).forEach(function (key) { out[key] = state.filters[key].slice(); });
    chips.forEach(function (chip) {
      if (chip.key === "art") return;
      out[chip.key] = out[chip.key] || [];
      (chip.values || [chip.value]).forEach(function (value) {
        if (out[chip.key].indexOf(value) < 0) out[chip.key].push(value);
      });
    });
    return out;
  }

  // Pagefind filters for one kind of page: keys it does not carry are left out for it
  // (an advisory point has no price), and ``leaveOut`` is the facet whose counts are wanted.
  function filtersFor(kind, chosen, leaveOut) {
    var out = { art: { any: [kind.art] } };
    Object.keys(chosen).forEach(function (key) {
      if (key === leaveOut || !chosen[key].length) return;
      if (kind.keys && kind.keys.indexOf(key) < 0) return;
      out[key] = { any: chosen[key].slice() };
    });
    return planning.apply(out, leaveOut, kind.art);
  }

  function hasAny(chosen) {
    return Object.keys(chosen).some(function (key) { return chosen[key].length; });
  }

  // A word of two letters ("KI", "IT", "EU") is searched as written, not as the start of
  // longer words: Pagefind would find "KI" in "Kindertagespflege". Not the one being typed.
  function asWritten(term) {
    if (!term) return term;
    return term.split(" ").map(function (w) {
      var f = fold(w);
      return /^[a-z]{2}$/.test(f) && !STOP[f] && f !== unfinished ? '"' + w + '"' : w;
    }).join(" ");
  }

  // One query asks Pagefind the same thing more than once: a word alone and then again as the
  // words kept, the facets each the answer's own search where none of their values is
  // chosen. Within a run (``run``) each search is made once and its answer handed out as a
  // copy (callers merge into ``results``). Pagefind counts only the filters whose files are
  // loaded, so an answer counted before a file came (``loadFilters``) is not reused after it.
  var searches = {}; // JSON of [term, filters, sort, filters loaded] -> promise of the answer
  var filtersLoaded = ""; // the filter files loaded on purpose so far ("*": all of them)

  function find(term, filters, sort) {
    var key = JSON.stringify([term || null, filters || {}, sort || null, filtersLoaded]);
    var made = searches;
    if (!made[key]) made[key] = search(term, filters, sort);
    return made[key].then(function (r) {
      var copy = {};
      Object.keys(r).forEach(function (k) { copy[k] = r[k]; });
      copy.results = r.results.slice();
      copy.filters = {};
      Object.keys(r.filters || {}).forEach(function (k) {
        copy.filters[k] = {};
        Object.keys(r.filters[k]).forEach(function (v) { copy.filters[k][v] = r.filters[k][v]; });
      });
      return copy;
    });
  }

  function search(term, filters, sort) {
    var options = { filters: filters };
    if (sort) options.sort = sort;
    // The exact searches ``wholeFirst`` needs run beside the search itself (on a slow phone
    // one after the other cost a tenth of a second each).
    var words = term && !sort ? judgedWords(term) : [];
    var wholes = Promise.all(words.map(wholeIds));
    return pagefind.search(asWritten(term) || null, options).then(function (r) {
      r = r || { results: [], filters: {} };
      if (!words.length) {
        return term ? Promise.resolve(termOnly(judgedWords(term), r)).then(function (kept) { return adjectiveOnly(judgedWords(term), kept); }) : r;
      }
      return wholes.then(function (sets) {
        return Promise.resolve(wholeFirst(words, sets, r)).then(function (ranked) { return typedFirst(term, ranked); }).then(function (ranked) {
          return ownWordFirst(words, sets, ranked);
        }).then(function (ranked) { return termOnly(words, ranked); }).then(function (ranked) { return adjectiveOnly(words, ranked, sets); });
      });
    });
  }

  // --- A word found only inside a longer term -----------------------------------------------
  // The terms of several words in the guide's synonym groups ("Deutsch als Fremdsprache", of
  // the group of "Deutschkurs") stand among a page's extra search words word by word, and
  // Pagefind finds each of them alone: "Fremdsprachen", a broader term of its own (the English
  // courses), found every German course. A page whose hits for a typed word all stand after
  // MARKER inside such a term (the term's words in order around the hit) is about the term,
  // not the word. Where another result has the word on its own (in its text, or as an extra
  // word outside such a term) or the word is a broader term of the guide (woerter.json
  // ``oberbegriffe``), those pages are left out, and the filter counts without them. Where
  // neither ("Zweitsprache": only in "Deutsch als Zweitsprache"), the term is what the word
  // means on this site, and all stay; so do pages when the query names the whole term. Only
  // the first page of results is looked at, whose fragments are loaded to show them anyway.
  var TERM_WORDS = {}; // the stems of the words of those terms (``begriffswoerter``)
  (DATA.begriffswoerter || []).forEach(function (w) { TERM_WORDS[lightStem(fold(w))] = true; });

  function termOnly(words, r) {
    var top = r.results.slice(0, PAGE);
    var stems = words.map(lightStem);
    // Only a word of such a term needs a look ("Schweißen", "Excel" never load a fragment for it).
    if (!stems.some(function (s) { return TERM_WORDS[s]; }) || top.length < 2) return r;
    var texts = {};
    var token = function (t, i) { return fold(t.text[i] || "").replace(/[^a-z0-9]/g, ""); };
    // Where word ``k`` of the query stands on page ``x`` (the positions of its hits).
    var hitsOf = function (x, k) {
      var t = texts[x.id];
      return t ? (x.words || []).filter(function (at) { return token(t, at).indexOf(stems[k]) === 0; }) : [];
    };
    // First without the vocabulary: is any hit of a word after MARKER at all?
    return Promise.all(top.map(function (x) {
      return x.data().then(function (data) {
        var text = String(data.content || "").split(/\s+/);
        var end = text.indexOf(MARKER);
        texts[x.id] = { text: text, end: end, filters: data.filters || {} };
        return end >= 0 && (x.words || []).some(function (at) { return at > end; });
      }, function () { return false; });
    })).then(function (late) {
      // Only where some page has a word only among its extra words is the vocabulary (the
      // terms) loaded: "Excel", in the text of every page it finds, never asks for it.
      var judge = words.some(function (w, k) {
        return top.some(function (x) {
          var t = texts[x.id];
          var hits = hitsOf(x, k);
          return hits.length > 0 && hits.every(function (at) { return t.end >= 0 && at > t.end; });
        });
      });
      if (late.indexOf(true) < 0 || !judge) return r;
      return loadVocabulary().then(function (voc) {
        var typed = words.slice();
        // The terms the query does not name whole, as folded words.
        var terms = (voc.phrasen || []).map(function (phrase) {
          return fold(phrase).split(/[^a-z0-9]+/).filter(Boolean);
        }).filter(function (parts) {
          return parts.length >= 2 && !parts.every(function (p) { return STOP[p] || typed.indexOf(p) >= 0; });
        });
        var inTerm = function (t, at) {
          var here = token(t, at);
          return terms.some(function (parts) {
            return parts.some(function (part, k) {
              if (part !== here && lightStem(part) !== lightStem(here)) return false;
              return parts.every(function (p, m) { return m === k || token(t, at - k + m) === p; });
            });
          });
        };
        // Per word and page: "own", "term" or "none" (no hit for that word).
        var said = words.map(function (w, k) {
          return top.map(function (x) {
            var t = texts[x.id];
            var hits = hitsOf(x, k);
            if (!hits.length) return "none";
            return hits.every(function (at) { return t.end >= 0 && at > t.end && inTerm(t, at); }) ? "term" : "own";
          });
        });
        // A broader term of the guide is a word of its own, whatever these results say.
        var broader = (voc.oberbegriffe || []).map(function (term) { return lightStem(fold(term)); });
        var out = {};
        said.forEach(function (each, k) {
          if (each.indexOf("own") < 0 && broader.indexOf(stems[k]) < 0) return;
          top.forEach(function (x, i) { if (each[i] === "term") out[x.id] = texts[x.id].filters; });
        });
        return withoutPages(r, out);
      });
    });
  }

  // --- Whole words before words they only begin ---------------------------------------------
  // Pagefind finds a word as the start of longer ones as well ("Bus" in "Business") and ranks
  // those by how often and where a page says them, the longer word a little lower: a course
  // whose title says "Business" twice came before the one for bus drivers. Its term similarity
  // (the length penalty) cannot tell a longer word that is another word from an inflected form
  // or a compound ("Busfahrerinnen"). So: a word some page has whole (Pagefind's exact search:
  // the word, a form its stemmer joins, or a compound part from the hidden block) is looked for
  // in the pages that come before such a page without having it whole: where each of their
  // words that begins with it goes on with more than an ending and the rest is no word of the
  // guide ("Business", "Businessplan"), the page follows all the others, in Pagefind's order.
  // A compound's rest ("Bussysteme") or an ending ("Busse", "Fahrerin") keeps the page.
  var JUDGED = 20; // results looked at (each a fragment to load unless it has the word whole)
  var wholeSets = {}; // folded word -> promise of {id: number of its whole hits} for the pages that have it whole
  var begunOnly = {}; // page id + " " + folded word -> promise of true/false

  function wholeIds(folded) {
    if (!wholeSets[folded]) {
      wholeSets[folded] = pagefind.search('"' + folded + '"', { filters: {} }).then(function (r) {
        var ids = {};
        ((r && r.results) || []).forEach(function (x) { ids[x.id] = Math.max(1, (x.words || []).length); });
        return ids;
      }).catch(function () { return {}; });
    }
    return wholeSets[folded];
  }

  // The folded words of ``term`` whose whole occurrences are looked for (three letters or more,
  // no function word, none quoted).
  function judgedWords(term) {
    var typed = term.split(" ");
    return typed.map(function (w) { return fold(w).replace(/[^a-z0-9]/g, ""); }).filter(function (f, i, all) {
      return f.length >= 3 && !STOP[f] && !/^"/.test(typed[i]) && all.indexOf(f) === i;
    });
  }

  function wholeFirst(words, sets, r) {
    var judged = words.map(function (w, i) { return { word: w, ids: sets[i] }; }).filter(function (j) {
      return Object.keys(j.ids).length > 0; // no page has it whole: nothing to prefer
    });
    var whole = function (x) { return judged.every(function (j) { return j.ids[x.id]; }); };
    var doubtful = r.results.slice(0, JUDGED).filter(function (x) { return !whole(x); });
    if (r.results.length < 2 || !judged.length || !doubtful.length || !r.results.some(whole)) return r;
    return loadVocabulary().then(function (voc) {
      return Promise.all(doubtful.map(function (x) {
        return Promise.all(judged.filter(function (j) { return !j.ids[x.id]; }).map(function (j) {
          var key = x.id + " " + j.word;
          // (A fragment that cannot be loaded, as when the visitor leaves meanwhile: no evidence.)
          if (!(key in begunOnly)) begunOnly[key] = x.data().then(function (data) { return onlyBegun(voc, hitWords(data, x.words || []), j.word); }, function () { return false; });
          return begunOnly[key];
        })).then(function (each) { return each.some(Boolean); });
      }));
    }).then(function (flags) {
      var aside = {};
      doubtful.forEach(function (x, i) { if (flags[i]) aside[x.id] = true; });
      if (!Object.keys(aside).length) return r;
      r.results = inOrder(r.results.filter(function (x) { return !aside[x.id]; }), r.results.filter(function (x) { return aside[x.id]; }));
      return r;
    });
  }


  // Whether the hit words that begin with ``folded`` all go on with more than an ending into
  // something that is no word of the guide (false where none begins with it: no evidence).
  function onlyBegun(voc, hits, folded) {
    var stem = lightStem(folded);
    var begun = 0, other = 0;
    hits.forEach(function (w) {
      fold(w.replace(/([a-zäöüß])([A-ZÄÖÜ])/g, "$1 $2")).split(/[^a-z0-9]+/).forEach(function (piece) {
        if (piece.indexOf(stem) !== 0) return;
        var at = stem.length;
        while (at < folded.length && piece.charAt(at) === folded.charAt(at)) at++;
        var rest = piece.slice(at);
        // ("Busfahrerinnen": the guide may say "Fahrer" only.)
        var male = rest.replace(/in(nen)?$/, "");
        if (rest.length <= 3 || rest === "innen" || continues(voc, rest) || (male.length >= 4 && continues(voc, male))) begun++;
        else other++;
      });
    });
    return other > 0 && begun === 0;
  }

  // --- The typed word before words that only share its stem ---------------------------------
  // Pagefind stems a typed word and finds the stem as the start of longer words. Mostly the
  // stem is the word without an ending, and its longer words are what a visitor means
  // ("Pfleger": "Pflege", "Pflegekräfte"; "Schweißer": "Schweißtechnik"). But a suffix may make
  // a new word of another one: the stem of "Gründer" is "grund", and "Grundkurs", "Grundlagen"
  // are about no founding; a beginners' course on bookkeeping came before the seminar for
  // founders, whose text says "Gründerinnen". Whether the stem is another word shows in the
  // hit words of the first results: one is the bare stem ("Grund", "Mal" for "Maler"), or one
  // has the stem's letters without the typed word's umlaut ("Grundkurs" for "Gründer"). Then,
  // of the first ``JUDGED``, the pages whose hit words contain the typed word itself
  // ("Gründer", "Gründerinnen", "Existenzgründer", "Gründerzuschuss") come first, the others
  // follow in Pagefind's order. Where no page has the word itself, the order stays.
  var SUFFIXED = /(er|ung|heit|keit|lich|isch)$/;
  var typedHits = {}; // page id + " " + typed core -> promise of [says it, says another word] (null: not loaded)

  // Per typed word ending in such a suffix: ``core``, the folded word without the endings of its
  // forms ("Gründerinnen", "Gründern" → "grunder"; "Erziehungen" → "erziehung"), ``stem``, the
  // core without the suffix (three letters or more), and ``marked``, the stem as typed
  // (lower case, umlauts kept). None for a word that is its stem with an ending ("Kurse").
  function typedCores(term) {
    return term.split(" ").map(function (w) {
      if (/^"/.test(w)) return null;
      var lower = w.toLowerCase().replace(/ß/g, "ss").replace(/[^a-z0-9äöüéè]/g, "");
      var f = fold(lower).replace(/erin(nen)?$/, "er");
      var m = /^(.{4,}?)(en|es|em|e|n|s)$/.exec(f);
      if (m && SUFFIXED.test(m[1])) f = m[1];
      var suffix = SUFFIXED.exec(f);
      if (!suffix || f.length - suffix[0].length < 3 || STOP[f]) return null;
      var stem = f.slice(0, -suffix[0].length);
      return { core: f, stem: stem, marked: lower.slice(0, stem.length) };
    }).filter(Boolean);
  }

  function typedFirst(term, r) {
    var cores = typedCores(term);
    var top = r.results.slice(0, JUDGED);
    if (!cores.length || top.length < 2) return r;
    var judge = function (results) {
      return Promise.all(results.map(function (x) {
        return Promise.all(cores.map(function (c) {
          var key = x.id + " " + c.core;
          if (!(key in typedHits)) {
            typedHits[key] = x.data().then(function (data) { return typedOrOther(hitWords(data, x.words || []), c); }, function () { return null; });
          }
          return typedHits[key];
        }));
      }));
    };
    // The typed words whose stem is another word in these results.
    var acting = function (found) {
      return cores.map(function (c, k) { return found.some(function (each) { return each[k] && each[k][1]; }); });
    };
    // The first page of results first: their fragments are loaded to show them anyway. Only
    // where they show the stem as another word are the rest looked at.
    return judge(top.slice(0, PAGE)).then(function (first) {
      if (acting(first).indexOf(true) < 0) return null;
      return judge(top.slice(PAGE)).then(function (rest) { return first.concat(rest); });
    }).then(function (found) {
      if (!found) return r;
      var act = acting(found);
      // A page that could not be loaded is no evidence: it is not set back.
      var says = found.map(function (each) {
        return each.every(function (hit, k) { return !act[k] || !hit || hit[0]; });
      });
      var front = top.filter(function (x, i) { return says[i]; });
      // Nothing to move: no page has the words themselves, or those that have them lead already.
      if (!front.length || says.lastIndexOf(true) === front.length - 1) return r;
      r.results = inOrder(front, top, r.results);
      return r;
    });
  }

  // Of a result's hit words: whether one contains the typed word ``c.core``, and whether one is
  // another word that only shares its stem (the bare stem, or the stem without the typed umlaut).
  function typedOrOther(hits, c) {
    var says = false, other = false;
    hits.forEach(function (w) {
      var lower = w.toLowerCase().replace(/ß/g, "ss");
      // The parts of "Gründer-Zuschuss" and "DeuFöV" as well, as Pagefind indexes them.
      var parts = w.replace(/([a-zäöüß])([A-ZÄÖÜ])/g, "$1 $2").toLowerCase().replace(/ß/g, "ss");
      var pieces = parts.split(/[^a-z0-9äöüéè]+/).concat([lower.replace(/[^a-z0-9äöüéè]/g, "")]);
      pieces.forEach(function (p) {
        var f = fold(p);
        if (f.indexOf(c.core) >= 0) says = true;
        else if (f === c.stem || (f.indexOf(c.stem) === 0 && p.slice(0, c.stem.length) !== c.marked)) other = true;
      });
    });
    return [says, other];
  }

  // --- The typed word before other words that begin with its stem ---------------------------
  // Pagefind cuts a typed word to its stem and finds every word that begins with the stem:
  // "Rücken" is "rück" to it, and a course that says "Rückmeldung" or "Rückkehr" came before
  // the one on working "rückenschonend". Such a word leaves the typed word before its end
  // ("Rück|meldung", "Krank|heit" for "Kranken") and goes on with neither an ending nor a word
  // the guide has ("meldung" is none of its words, "kehr" neither). A page whose hit words for
  // a typed word are all like that follows the pages that have the word itself, a form of it
  // ("Rückens", "Kurs" for "Kurse") or a compound it begins ("Rückenschule",
  // "Rückenschonendes", "Steuerrecht") – in Pagefind's order otherwise. A word that goes on
  // after the whole typed word with a suffix that makes nouns ("Steuer|ung", "Bild|ung",
  // "Wirt|schaft", ``NEW_WORD``) and a rest that is no word of the guide is another word too,
  // and counts against the word: a page more of whose hit words are such than say the word
  // follows as well (a course on PLCs that says "Steuerung" four times and the verb "steuern"
  // once came before the courses on taxes). A word that leaves the typed one for a word of the
  // guide ("Schweiß|technik" for "Schweißen") is no evidence either way, nor is a stem's
  // compound beside the word ("Pflegedokumentation" beside "Pflege" for "Pfleger"). Only the first page of results is looked at, whose fragments are
  // loaded to show them anyway; a page further down that has the word whole (Pagefind's exact
  // search, asked for ``wholeFirst``) counts as having it.
  var ownWords = {}; // page id + " " + folded word -> promise of {says, rests, newer} (null: not loaded)
  // The suffixes that make a noun of another word, at the start of what follows the typed word.
  var NEW_WORD = /^(ung|heit|keit|schaft|nis|tum|ling)/;

  function ownWordFirst(words, sets, r) {
    // (A word the stemmer leaves whole can only be begun by other words: looked at where some
    // page has it whole, else there is nothing to prefer.)
    var judged = words.map(function (w, i) { return { word: w, stem: lightStem(w), ids: sets[i] || {} }; }).filter(function (j) {
      return j.word !== unfinished && (j.stem !== j.word || Object.keys(j.ids).length > 0);
    });
    var top = r.results.slice(0, PAGE);
    if (!judged.length || top.length < 2) return r;
    return Promise.all(top.map(function (x) {
      return Promise.all(judged.map(function (j) {
        // A page that has the word whole at least as often as it has other hits can have no
        // more other words than the word (``newer``): it says it, and its fragment is not
        // needed ("Schweißen" on every page of a welding course).
        var whole = j.ids[x.id] || 0;
        if (whole && whole * 2 >= (x.words || []).length) return { says: whole, rests: [], newer: [] };
        var key = x.id + " " + j.word;
        if (!(key in ownWords)) {
          ownWords[key] = x.data().then(function (data) { return ownWordIn(hitWords(data, x.words || []), j); }, function () { return null; });
        }
        return ownWords[key];
      }));
    })).then(function (found) {
      // The pages that may follow: where a word is only the start of others, or more of its
      // hit words go on after it than are it; the vocabulary (loaded only for these) tells a
      // rest that is a word of the guide.
      var doubtful = top.filter(function (x, i) {
        return found[i].some(function (f, k) { return f && (f.newer.length > f.says || (!f.says && !judged[k].ids[x.id] && f.rests.length)); });
      });
      if (!doubtful.length) return r;
      return loadVocabulary().then(function (voc) {
        // Per page of the first ones and word: none of its hit words is the word itself, a form
        // or a compound of it, but one leaves it for a rest that is no word of the guide; or
        // more of them are another word after the whole word than are the word.
        // (A page Pagefind's exact search finds has the word whole: a form the stemmer joins.)
        var other = found.map(function (each, i) {
          return each.map(function (f, k) {
            if (!f) return false; // not loaded: no evidence
            var own = f.says, others = 0;
            f.newer.forEach(function (rest) { if (continues(voc, rest)) own++; else others++; });
            var whole = own || judged[k].ids[top[i].id];
            return others > own || (!whole && f.rests.some(function (rest) { return !continues(voc, rest); }));
          });
        });
        // Something to prefer: a page of the first ones, or one further down, has every word itself.
        var says = function (x, i) {
          return judged.every(function (j, k) { return i < top.length ? found[i][k] && (found[i][k].says > 0 || j.ids[x.id]) && !other[i][k] : j.ids[x.id]; });
        };
        var aside = {};
        top.forEach(function (x, i) { if (other[i].some(Boolean)) aside[x.id] = true; });
        if (Object.keys(aside).length && r.results.some(says)) r.results = inOrder(r.results.filter(function (x) { return !aside[x.id]; }), r.results);
        return r;
      });
    });
  }

  // Of a result's hit words, counted per hit word: how many are the typed word ``j.word``
  // itself, a form of it or a compound it begins (``says``: "Steuern", "Steuerrecht",
  // "Rückengerecht"); what follows the whole word in those that go on with a suffix that makes
  // another word (``newer``: "ungstechnik" of "Steuerungstechnik", ``NEW_WORD``); and what
  // follows the stem in those that leave the typed word before its end with more than an
  // ending (``rests``: "meldung" of "Rückmeldung"). The vocabulary judges the last two.
  function ownWordIn(hits, j) {
    var says = 0, rests = [], newer = [];
    // The noun of a typed verb is the word itself ("Führung", "Führungsrolle" for "führen").
    var verb = /n$/.test(j.word);
    hits.forEach(function (w) {
      // The parts of "Rücken-Training" and "RückenFit" too, as Pagefind indexes them.
      var pieces = fold(w.replace(/([a-zäöüß])([A-ZÄÖÜ])/g, "$1 $2")).split(/[^a-z0-9]+/).concat([fold(w).replace(/[^a-z0-9]/g, "")]);
      var itself = false, after = null, rest = null;
      pieces.forEach(function (p) {
        if (itself || p.indexOf(j.stem) !== 0) return;
        if (p.indexOf(j.word) === 0) {
          var more = p.slice(j.word.length);
          if (NEW_WORD.test(more) && !(verb && /^ung/.test(more))) after = more;
          else itself = true;
          return;
        }
        var at = j.stem.length;
        while (p.charAt(at) === j.word.charAt(at)) at++;
        var r = p.slice(at);
        // "Kurs", "Kursen" for "Kurse".
        if (FORM_ENDS.indexOf(r) >= 0 || (/^ung/.test(r) && verb)) itself = true;
        else rest = r;
      });
      if (itself) says++;
      else if (after !== null) newer.push(after);
      else if (rest !== null) rests.push(rest);
    });
    return { says: says, rests: rests, newer: newer };
  }

  // What follows a word's stem in its forms: the endings of nouns and adjectives, the
  // feminine "-in", and those of a verb ("pflegt", "pflegte").
  var FORM_ENDS = ["", "e", "en", "n", "s", "er", "es", "em", "ern", "in", "innen", "t", "st", "et", "te", "ten", "tes", "ter", "end", "ende", "enden"];

  // --- No typed word in an adjective made of its stem ---------------------------------------
  // Pagefind cuts "Schweißen" to "schweiß" and finds it at the start of "schweißtreibendes": a
  // fitness course came up among the welding courses. A compound whose second part makes an
  // adjective or a participle of its front ("schweiß|treibend", "kosten|los", "praxis|bezogen",
  // "berufs|begleitend") describes something else by that front: where only the stem of the
  // typed word is its front, the front is another word than the typed one (the noun "Schweiß",
  // not the verb), and the page that has the typed word only so leaves the results (its filter
  // counts too). One that also has the word, a form or another compound of it stays, and so
  // does an adjective the whole typed word begins ("rückengerecht" for "Rücken", "schweißtreibend"
  // for "Schweiß"). Only the first page of results is looked at, whose fragments are loaded to
  // show them anyway, and only for a word the stemmer shortens ("Schweißen", not "Excel").
  // The second parts that make adjectives, folded, after a linking "s" or "n" and before an ending.
  var ADJECTIVE_PART = /^(e?s|e?n|er|e)?(treibend|reich|frei|haltig|los|bezogen|voll|arm|fahig|massig|pflichtig|bedurftig)(e|en|er|es|em)?$/;
  // A present participle ("begleitend", "übergreifend"), taken only from a word written in small
  // letters, which a noun ("Samstagabend", "Studierende", "Jugend") is not.
  var PARTICIPLE_PART = /^(e?s|e?n|er|e)?[a-z]{3,}end(e|en|er|es|em)?$/;

  // ``sets``: per word, the pages that have it whole (``wholeIds``), where known: those have the
  // word itself, and their fragments are not loaded for it.
  function adjectiveOnly(words, r, sets) {
    var judged = words.map(function (w, i) { return { word: w, stem: lightStem(w), ids: (sets && sets[i]) || {} }; }).filter(function (j) {
      return j.word !== unfinished && j.stem !== j.word;
    });
    var top = r.results.slice(0, PAGE);
    if (!judged.length || !top.length) return r;
    // (The positions first: another search may write its own into the result meanwhile.)
    var positions = top.map(function (x) { return (x.words || []).slice(); });
    return Promise.all(top.map(function (x, i) {
      if (judged.every(function (j) { return j.ids[x.id]; })) return null;
      return x.data().then(function (data) {
        var hits = hitWords(data, positions[i]);
        var gone = judged.some(function (j) {
          if (j.ids[x.id]) return false;
          var adjectives = 0, others = 0;
          hits.forEach(function (w) {
            var f = ownWordIn([w], j);
            if (f.says || f.newer.length) others++;
            else if (f.rests.length) {
              var small = /^[a-zäöüß]/.test(w.replace(/^[^A-Za-zÄÖÜäöüß]+/, ""));
              if (ADJECTIVE_PART.test(f.rests[0]) || (small && PARTICIPLE_PART.test(f.rests[0]))) adjectives++;
              else others++;
            }
          });
          return adjectives > 0 && !others;
        });
        return gone ? data.filters || {} : null;
      }, function () { return null; }); // not loaded: no evidence
    })).then(function (gone) {
      var out = {};
      top.forEach(function (x, i) { if (gone[i]) out[x.id] = gone[i]; });
      return withoutPages(r, out);
    });
  }

  // ``r`` without the pages of ``gone`` (page id -> its filters, as its fragment has them), and
  // its filter counts without them: what ``termOnly`` and ``adjectiveOnly`` take out.
  function withoutPages(r, gone) {
    var ids = Object.keys(gone);
    if (!ids.length) return r;
    r.results = r.results.filter(function (x) { return !gone[x.id]; });
    ids.forEach(function (id) {
      Object.keys(gone[id]).forEach(function (key) {
        (gone[id][key] || []).forEach(function (value) {
          if (r.filters && r.filters[key] && r.filters[key][value] > 0) r.filters[key][value]--;
        });
      });
    });
    return r;
  }

  // The words at a result's hit positions, from its page text. The positions come from the
  // result itself: Pagefind keeps one object per page and writes the positions of whichever
  // search asked last into it.
  function hitWords(data, positions) {
    var words = String(data.content || "").split(/\s+/);
    return positions.map(function (i) { return words[i] || ""; });
  }

  // Pagefind falls back to the longest indexed prefix of a word it does not know ("Exel" →
  // "e"). The words of a query that only matched like that, judged from the best result.
  function prefixOnly(result, words) {
    if (!result || !words.length) return Promise.resolve([]);
    return result.data().then(function (data) {
      var pieces = [];
      hitWords(data, result.words || []).forEach(function (w) {
        // Pagefind indexes the parts of "Aufstiegs-BAföG" and of "DeuFöV" too.
        var parts = fold(w.replace(/([a-zäöüß])([A-ZÄÖÜ])/g, "$1 $2")).split(/[^a-z0-9]+/).filter(Boolean);
        pieces.push.apply(pieces, parts.concat([fold(w).replace(/[^a-z0-9]/g, "")]));
      });
      if (!pieces.length) return [];
      var unsure = [];
      // A word found as itself begins a word of the page (its stem, three quarters of it at
      // least; a stem of up to five letters all of it: "DATEV" is not in "Datenanalyse");
      // "Englich" matched through "eng" in "engagiert", "Deutsh" through "DeuFöV" not.
      // A piece much shorter than the word is no form of it: "Englich" stems to "eng" (as if
      // it ended in "-lich") and met the word "eng".
      var begins = function (whole) {
        var f = lightStem(whole);
        var start = f.length <= 5 ? f : f.slice(0, Math.max(3, Math.ceil(f.length * 0.75)));
        return pieces.filter(function (p) {
          return p.length >= whole.length * 0.6 && (lightStem(p).indexOf(start) === 0 || p.indexOf(start) === 0);
        });
      };
      var junk = words.filter(function (word) {
        var whole = fold(word).replace(/[^a-z0-9]/g, "");
        if (stemOnly(word, pieces)) return true;
        var begun = begins(whole);
        // "Excel-Kurs": Pagefind searches its parts, so each of them must begin a word; a generic
        // one ("Kurs") need not (it may stand in the result's metadata only).
        var parts = fold(word).split(/[^a-z0-9]+/).filter(function (p) { return p.length >= 2 && !GENERIC[p] && !STOP[p]; });
        if (!begun.length && /[^a-z0-9]/.test(fold(word)) && parts.length) return !parts.every(function (p) { return begins(p).length; });
        if (!begun.length) return true;
        if (whole.length <= 5 && whole !== unfinished && begun.every(function (p) { return longer(p, whole); })) {
          unsure.push({ word: word, whole: whole, pieces: begun });
        }
        return false;
      });
      return knownElsewhere(words.filter(function (w) { return junk.indexOf(w) < 0; }), pieces).then(function (others) {
        return junk.concat(others);
      }).then(function (junk) {
        return unsureJunk(junk, unsure);
      });
    });
  }

  // A typed word made of a shorter word with a suffix ("Mal|er", "Bau|er", ``typedCores``)
  // whose stem is all the best result has of it: Pagefind stems "Maler" to "mal" and finds
  // "zum ersten Mal", and its exact search does the same, so the page seemed to have the word.
  // No hit word contains the typed one, and those that begin with its stem are the stem
  // itself, another, shorter word: the word is no word of the page (``prefixOnly``'s junk),
  // and the search says so or tries its other forms, as for any word that finds nothing.
  // ``typedFirst`` has put a page with the word itself first where one of the first has it.
  function stemOnly(word, pieces) {
    var c = typedCores(word)[0];
    if (!c || c.core === unfinished || fold(word).replace(/[^a-z0-9]/g, "") === unfinished) return false;
    var begun = pieces.filter(function (p) { return p.indexOf(c.stem) === 0; });
    return begun.length > 0 && begun.every(function (p) { return p === c.stem; }) && !pieces.some(function (p) { return p.indexOf(c.core) >= 0; });
  }

  // A word the guide knows (its vocabulary holds the words of its synonym groups) that no page
  // has whole (Pagefind's exact search: no form, no compound part of it either), found only
  // as the start of other words: those are the stem's other words ("Erzieher" in
  // "Erziehungszeit", "Media" in "Mediation"), not the word. Every page that says a member of a
  // group carries all the group's words, so a member that no page has is a subject no page is
  // about; the page says so ("kommt auf dieser Website nicht vor") instead of listing pages
  // about something else. A word the guide does not know keeps what its stem finds
  // ("Schweißer": "Schweißtechnik"); so does a hit word that is the typed word with an ending
  // or before another word of the guide ("Erzieherfortbildung").
  function knownElsewhere(words, pieces) {
    var candidates = words.map(function (word) {
      return { word: word, whole: fold(word).replace(/[^a-z0-9]/g, "") };
    }).filter(function (c) {
      return c.whole.length >= 4 && c.whole !== unfinished && !/^"/.test(c.word);
    });
    if (!candidates.length) return Promise.resolve([]);
    return Promise.all(candidates.map(function (c) { return wholeIds(c.whole); })).then(function (sets) {
      var nowhere = candidates.filter(function (c, i) { return !Object.keys(sets[i]).length; });
      if (!nowhere.length) return [];
      return loadVocabulary().then(function (voc) {
        return nowhere.filter(function (c) {
          // The word without a feminine or an inflectional ending after its "-er" ("Erzieherinnen", "Erziehern").
          var core = c.whole.replace(/erin(nen)?$/, "er").replace(/er[ns]$/, "er");
          // and without an inflectional ending ("Deutschkurse": "Deutschkurs").
          var bases = [core].concat(ENDINGS.filter(function (e) {
            return e && core.length - e.length >= 4 && core.slice(-e.length) === e;
          }).map(function (e) { return core.slice(0, -e.length); }));
          var itself = function (p) {
            return bases.some(function (base) {
              if (p.indexOf(base) !== 0) return false;
              var rest = p.slice(base.length);
              return ENDINGS.indexOf(rest) >= 0 || rest === "in" || rest === "innen" || continues(voc, rest);
            });
          };
          // The word itself, or with an ending taken off: "Erzieh" is none ("Erzieher" + "er" is).
          var known = c.whole in voc.folded || ENDINGS.concat(["in", "innen"]).some(function (e) {
            return e && c.whole.length - e.length >= 4 && c.whole.slice(-e.length) === e && c.whole.slice(0, -e.length) in voc.folded;
          });
          return known && !pieces.some(itself);
        }).map(function (c) { return c.word; });
      });
    });
  }

  // ``junk`` and the short words of ``unsure`` found in the best result only as the start of
  // longer ones ("Media" only in "Mediation"): found if the guide uses it as a word (on other
  // pages: "Bau") or the rest is a word of the guide ("Holz" in "Holzbearbeitung", "Kasse" in
  // "Kassensystem"); not if it only begins another word.
  function unsureJunk(junk, unsure) {
    if (!unsure.length) return Promise.resolve(junk);
    return loadVocabulary().then(function (voc) {
      return junk.concat(unsure.filter(function (u) {
        return junk.indexOf(u.word) < 0 && !knownWord(voc, u.whole) && !u.pieces.some(function (p) { return continues(voc, p.slice(u.whole.length)); });
      }).map(function (u) { return u.word; }));
    });
  }

  // ``piece`` is ``whole`` with more than an ending after it.
  function longer(piece, whole) {
    return piece.indexOf(whole) === 0 && piece.length - whole.length > 3;
  }

  // The rest of a compound after its first word: a word of the guide, maybe after a linking
  // letter or two ("s", "n", "en" …).
  function continues(voc, rest) {
    return [""].concat(LINKS).some(function (l) {
      if (rest.slice(0, l.length) !== l) return false;
      var tail = rest.slice(l.length);
      return tail.length >= 3 && (knownWord(voc, tail) || !!GENERIC[tail]);
    });
  }

  // Search ``words`` (AND) among offers, advisory points and pages together.
  // ``words`` searched with the chosen filters and planning constraints, or with none at all
  // (``chosen`` null); ``junk``: the words only a short prefix matched (``prefixOnly``).
  function tryWords(words, chosen) {
    var term = words.join(" ");
    return find(term, chosen ? chosenAll(chosen) : {}).then(function (r) {
      if (!r.results.length) return { words: words, results: [], junk: [] };
      return prefixOnly(r.results[0], words).then(function (junk) { return { words: words, results: r.results, junk: junk }; });
    });
  }

  function finds(r) {
    return r.results.length > 0 && !r.junk.length;
  }

  // The ``tryWords`` of the first of ``forms`` (each a string of words) that finds something, or
  // null. ``vague``: the forms tried only if they are about one thing (``aboutOneThing``).
  function firstFound(forms, chosen, vague) {
    return forms.reduce(function (p, form) {
      return p.then(function (hit) {
        if (hit) return hit;
        return ((vague || []).indexOf(form) >= 0 ? aboutOneThing(form) : Promise.resolve(true)).then(function (ok) {
          return ok ? tryWords(form.split(" "), chosen).then(function (r) { return finds(r) ? r : null; }) : null;
        });
      });
    }, Promise.resolve(null));
  }

  // Whether the offers a word finds are about one thing: two thirds of them at least share a
  // topic (more than ``looser`` asks of a wider word, which comes after the word's own offers,
  // not instead of them). The end of a compound the guide does not use
  // stands in for it only so ("Altenpflegehelferin" → "Pflegehelferin", all on care); an end
  // whose offers are on anything says what kind of thing, not which ("Unterricht" of
  // "Klavierunterricht", "Schein" of "Jagdschein"): alone it finds what was not asked for.
  var oneThing = {};
  function aboutOneThing(word) {
    if (!(word in oneThing)) {
      oneThing[word] = loadFilters(["thema"], word).then(function () { return find(word, OFFERS); }).then(function (r) {
        var topics = (r.filters || {}).thema || {};
        var top = Object.keys(topics).reduce(function (m, t) { return Math.max(m, topics[t]); }, 0);
        return !r.results.length || top >= r.results.length * 2 / 3;
      });
    }
    return oneThing[word];
  }

  // All kinds at once: only keys every kind carries may narrow it here, or advisory points
  // would drop out of a search for a price. The tabs then count each kind with its own keys.
  function chosenAll(chosen) {
    var out = {};
    Object.keys(chosen).forEach(function (key) {
      if (chosen[key].length && ["region", "thema", "sprache"].indexOf(key) >= 0) out[key] = { any: chosen[key].slice() };
    });
    return planning.apply(out, null, null);
  }

  // Words that find something, with a note of what was changed to get there.
  function resolveWords(words, chosen) {
    var notes = { replaced: [], unknown: [], dropped: [], corrected: [] };
    if (!words.length) return Promise.resolve({ words: [], notes: notes });
    return tryWords(words, chosen).then(function (first) {
      if (first.results.length && !first.junk.length) {
        return levelAside(words, chosen).then(function (aside) {
          if (aside) {
            notes.level = aside;
            return { words: aside.topic, notes: notes };
          }
          return inPassing(words, chosen).then(function (topic) {
            if (!topic) return { words: words, notes: notes };
            notes.passing = { typed: words, topic: topic };
            // The other words' offers follow (``either``).
            notes.dropped = words.filter(function (w) { return topic.indexOf(w) < 0; });
            return { words: topic, notes: notes };
          });
        });
      }
      // Nothing within the filters, but the words find something without them ("Staplerschein
      // KW 2"): the words are right, the filters (a place, a start range …) leave nothing, and
      // the help offers to lift them. They are neither unknown nor to be loosened.
      var within = first.results.length ? Promise.resolve(null) : tryWords(words, null).then(function (r) {
        return finds(r) ? { words: words, notes: notes } : null;
      });
      return within.then(function (kept) { return kept || perWord(); });
    });

    function perWord() {
      // Look at each word alone: which find nothing (or only through a short prefix)?
      return Promise.all(words.map(function (w) { return tryWords([w], chosen); })).then(function (alone) {
        return loadVocabulary().then(function (voc) {
          return apartFromTerm(voc, words, alone).then(function (apart) { return { voc: voc, apart: apart }; });
        }).then(function (known) {
          var voc = known.voc;
          var corrections = {};
          notes.corrections = corrections;
          var candidates = words.map(function (w, i) {
            var bad = !alone[i].results.length || alone[i].junk.length || known.apart[i];
            var forms = [];
            var stem = participleStem(w);
            if (stem) forms.push(stem);
            // A word of the guide's vocabulary is meant as written: "Teilzeit" is not "Teil"
            // and "Zeit" (which together find any page with both words) – unless it finds
            // nothing ("Deutschkurs", a word of a synonym group no page uses as written).
            var parts = (bad || !knownWord(voc, fold(w))) && compoundParts(voc, w);
            var split = parts && parts.filter(function (p) { return !tooGeneric(fold(p)) && !STOP[fold(p)] && !KIND_END.test(fold(p)); }).join(" ");
            if (split) forms.push(split);
            // Where no page has both parts and the end is a longer term's ("Versicherungen" and
            // "Fachangestellte", see ``givesWay``): the front alone.
            var head = parts && parts.length === 2 && givesWay(voc, parts[0], parts[1]);
            if (head) forms.push(head);
            if (bad) {
              // A word with a hyphen that finds nothing as typed ("IT-Firmen": Pagefind matched
              // its front only): its parts typed apart, which find the pages with both, before
              // any part alone ("Firmen" would drop what the front says).
              var apart = hyphenApart(w);
              if (apart) forms.unshift(apart);
              // An English word ("welding", "German") that finds nothing: the guide's German
              // word for it (search.py ``english_words``), before any spelling correction.
              var german = (voc.englisch || {})[w.toLowerCase()];
              if (german) forms.unshift(german);
              // The noun of a verb in "-ieren" and back ("präsentieren" → "Präsentation"):
              // the stemmer keeps them apart.
              forms.push.apply(forms, derivedForms(w));
              // A misspelt word of the guide, whole ("Stapplerschein" → "Staplerschein"), before
              // the end of a compound, which drops its head.
              var fixed = correction(voc, w);
              if (fixed) { forms.push(fixed); corrections[fixed] = w; }
              // A compound misspelt in its rest ("Gabelstaplerfürerschein"): its front and the
              // rest corrected, as the compound spelt right is searched, before its subject as
              // typed ("Gabelstaplerfürer", which only its front finds).
              var mended = !fixed && mendedCompound(voc, w);
              if (mended) { forms.push(mended); corrections[mended] = w; }
              // A compound the guide does not use whose end is a word it uses: that end, which
              // says what it is ("Altenpflegehelferin" → "Pflegehelferin") – unless the rest
              // before it is the longer word and finds something: then that is the subject
              // ("Brandschutzhelfer" → "Brandschutz", not any "Helfer").
              // A compound on a kind of course ("Verkaufstraining", "Rückenschule"): its subject
              // only ("Verkauf"), never the kind alone ("Training", "Schule").
              var subject = parts ? null : kindFront(voc, w);
              if (subject) forms.push(subject);
              // Its subject misspelt ("Exelkurs", "Buchaltungskurs"): the guide's word for it,
              // as the misspelt word alone would find ("Exel" → "Excel").
              var typedSubject = subject === null ? null : kindSubject(w);
              var fixedSubject = typedSubject && !knownWord(voc, fold(typedSubject)) && correction(voc, typedSubject);
              if (fixedSubject) { forms.push(fixedSubject); corrections[fixedSubject] = w; }
              var end = subject === null && !parts && compoundEnd(voc, w);
              var front = end && compoundFront(w, end);
              // An end the guide has only in a longer term with a word of its own before it
              // ("Fachangestellte": "Medizinische Fachangestellte") is that term, not what the
              // compound names ("Steuerfachangestellte"): its front, with the end where pages
              // have both, else alone ("Steuer"), comes first; the end stays the last resort.
              var named = end && !front && givesWay(voc, unlinked(typedFront(w, fold(w).length - fold(end).length)), end);
              if (named) forms.push(named + " " + end, named);
              if (front) forms.push(front);
              if (end) forms.push(end);
              // Nothing of that, but its front is a word of the guide ("Rückenschmerzen"):
              // front and rest, else the front alone ("Rücken").
              var fronted = subject === null && !parts && !end && knownFront(voc, w);
              if (fronted) forms.push(fronted.join(" "), fronted[0]);
            }
            // (The end alone, the last resort, and both parts of a compound the guide does not
            // use, only where their offers are about one thing: "Zeitmanagement" is no course
            // that names a time and management somewhere.)
            return { word: w, bad: bad, apart: known.apart[i], count: bad ? 0 : alone[i].results.length, forms: forms.filter(Boolean),
              vague: bad ? [end, / /.test(split || "") && split].filter(Boolean) : [] };
          });
          return replaceWords(candidates, chosen, notes);
        });
      });
    }
  }

  // Words typed together that are one term of the guide's synonym groups or broader terms ("Soft Skills",
  // "Data Science", "Erste Hilfe"; woerter.json ``phrasen``): where the term finds nothing, a
  // word of it is no answer alone unless a page it finds shows it as a word, maybe with an
  // ending ("Skill", "Skills"), in its visible text. Else it was found only as the start of
  // other words: "Soft" in "Software" (or as the part the index adds for that compound, after
  // MARKER) is no soft skill. Only the first page of its results is looked at, which the
  // fallback would show. Per word of ``words`` (``alone``: its ``tryWords``), whether it is such a word.
  function apartFromTerm(voc, words, alone) {
    var folded = words.map(function (w) { return fold(w).replace(/[^a-z0-9]/g, ""); });
    var inTerm = folded.map(function () { return false; });
    (voc.phrasen || []).forEach(function (phrase) {
      var parts = fold(phrase).split(/[^a-z0-9]+/).filter(function (p) { return p && !STOP[p]; });
      if (parts.length < 2 || !parts.every(function (p) { return folded.indexOf(p) >= 0; })) return;
      parts.forEach(function (p) { inTerm[folded.indexOf(p)] = true; });
    });
    return Promise.all(folded.map(function (f, i) {
      if (!inTerm[i] || !alone[i].results.length) return false;
      var stem = lightStem(f);
      return Promise.all(alone[i].results.slice(0, PAGE).map(function (x) {
        return x.data().then(function (data) {
          var text = String(data.content || "").split(/\s+/);
          var end = text.indexOf(MARKER);
          return (x.words || []).some(function (at) {
            if (end >= 0 && at >= end) return false;
            return fold(text[at] || "").split(/[^a-z0-9]+/).some(function (p) {
              return p === f || (p.indexOf(stem) === 0 && FORM_ENDS.indexOf(p.slice(stem.length)) >= 0);
            });
          });
        }, function () { return true; }); // not loaded: no evidence against the word
      })).then(function (shown) { return shown.indexOf(true) < 0; });
    }));
  }

  // A level word ("Anfänger", "Grundkurs", "Fortgeschrittene": words every offer of that level
  // carries, search.py LEVEL_WORDS) beside the words of a topic: when none of the offers with
  // all the words is among those the topic words lead to, they name the topic only in passing
  // ("Excel für Anfänger" found a beginners' course on AI that mentions Excel, not the Excel
  // course, which is for the advanced). The level word is then set aside: what the topic finds,
  // and a note. Null where the words stay as typed.
  var LEVEL = {};
  (DATA.niveauwoerter || []).forEach(function (w) { LEVEL[fold(w)] = true; });
  (DATA.themenwoerter || []).forEach(function (w) { TOPIC_WORDS[fold(w)] = true; });

  // "Anfängerinnen", "Einsteigern", "Grundkurse" are level words too ("Anfang" is none).
  function levelWord(word) {
    var f = fold(word);
    return [f, f.replace(/innen$/, ""), f.replace(/in$/, ""), f.replace(/n$/, ""), f.replace(/e$/, "")].some(function (form) { return LEVEL[form]; });
  }

  function levelAside(words, chosen) {
    var level = words.filter(levelWord);
    var topic = words.filter(function (w) { return level.indexOf(w) < 0; });
    if (!level.length || !topic.length) return Promise.resolve(null);
    var filters = filtersFor(KINDS[0], chosen);
    return Promise.all([find(words.join(" "), filters), find(topic.join(" "), filters)]).then(function (got) {
      var about = idSet(leading(got[1].results));
      if (!got[0].results.length || !got[1].results.length || got[0].results.some(function (x) { return about[x.id]; })) return null;
      return { level: level, topic: topic };
    });
  }

  // Results of several searches as one list: each page once, where it first comes.
  function inOrder() {
    var seen = {}, out = [];
    for (var i = 0; i < arguments.length; i++) {
      arguments[i].forEach(function (x) { if (!seen[x.id]) { seen[x.id] = true; out.push(x); } });
    }
    return out;
  }

  // The ids of ``results``, to ask whether a result is among them.
  function idSet(results) {
    var ids = {};
    results.forEach(function (x) { ids[x.id] = true; });
    return ids;
  }

  // The results a search is about: those before the steepest fall of Pagefind's score among the
  // first ten, where it falls to half or less (the title, the tags say it; below, the text names
  // it once); all of them where it falls less.
  function leading(results) {
    return results.slice(0, fallAfter(results));
  }

  // Where ``leading`` cuts; the number of results where the score never falls to half.
  function fallAfter(results) {
    var top = results.slice(0, 10), cut = results.length, steepest = 2;
    for (var i = 1; i < top.length; i++) {
      var fall = top[i - 1].score / Math.max(top[i].score, 1e-9);
      if (fall >= steepest) { steepest = fall; cut = i; }
    }
    return cut;
  }

  // Words each of which some offers are about (their score falls steeply after them), where
  // the offers with all the words are about none of them ("Bewerbung schreiben": the one offer
  // with both is a German course that mentions applications; the workshop on applications and
  // the literacy courses have one word each). The word whose offers are most about it is kept
  // (the highest score alone): what those offers find, with a note, then what the others find
  // (``either``). Null where the words stay.
  // A word no offer is about (a flat score: "Teilzeit", "Mütter") leaves the words as typed.
  function inPassing(words, chosen) {
    if (words.length < 2 || words.some(levelWord)) return Promise.resolve(null);
    var filters = filtersFor(KINDS[0], chosen);
    return Promise.all([find(words.join(" "), filters)].concat(words.map(function (w) { return find(w, filters); }))).then(function (got) {
      var together = got.shift().results;
      if (!together.length) return null;
      var best = null;
      for (var i = 0; i < words.length; i++) {
        var alone = got[i].results;
        var cut = fallAfter(alone);
        if (!alone.length || cut === alone.length) return null; // no offer stands out for this word
        var about = idSet(alone.slice(0, cut));
        if (together.some(function (x) { return about[x.id]; })) return null;
        if (best === null || alone[0].score > got[best].results[0].score) best = i;
      }
      return [words[best]];
    });
  }

  function replaceWords(candidates, chosen, notes) {
    // Each word in turn: keep it if it works alone, else its first form that finds something.
    var chain = Promise.resolve();
    var chosenForms = candidates.map(function (c) { return c.bad ? null : c.word; });
    candidates.forEach(function (c, i) {
      chain = chain.then(function () {
        if (!c.bad) return null;
        return firstFound(c.forms, chosen, c.vague).then(function (hit) {
          if (hit) {
            c.count = hit.results.length;
            return hit;
          }
          // Neither the word nor a form finds anything within the filters. The word, or else a
          // form, that finds something without them ("Pflegehelfer" → "Pflege Helfer", only
          // outside the chosen region) is the word meant: it stays, and the filters are what
          // the help offers to lift.
          return firstFound((c.apart ? [] : [c.word]).concat(c.forms), null, c.vague).then(function (away) {
            if (away) c.outside = true;
            return away;
          });
        }).then(function (hit) {
          if (!hit) return;
          var form = hit.words.join(" ");
          chosenForms[i] = form;
          if (form !== c.word) notes.replaced.push([c.word, form]);
          if (notes.corrections[form]) notes.corrected.push([c.word, form]);
        });
      }).then(function () {
        if (chosenForms[i] === null) notes.unknown.push(c.word);
      });
    });
    return chain.then(function () {
      var usable = candidates.map(function (c, i) { return { c: c, form: chosenForms[i] }; }).filter(function (x) { return x.form; });
      if (!usable.length) return { words: [], notes: notes, nothing: true };
      var all = usable.map(function (x) { return x.form; }).join(" ").split(" ");
      // A word found only outside the filters: nothing is found within them anyway, so no
      // other word is swapped or dropped to find something there; the words are fitted to
      // each other without the filters (which the help then offers to lift).
      if (usable.some(function (x) { return x.c.outside; })) chosen = null;
      return tryWords(all, chosen).then(function (r) {
        if (r.results.length && !r.junk.length) return { words: all, notes: notes };
        // Another form of one word ("geförderte" → "förder"), one word at a time, before any
        // word is dropped.
        var swaps = [];
        usable.forEach(function (x, i) {
          x.c.forms.forEach(function (form) {
            if (form === x.form) return;
            var next = usable.map(function (y, j) { return j === i ? form : y.form; });
            swaps.push({ words: next.join(" ").split(" "), from: x.c.word, to: form });
          });
        });
        return swaps.reduce(function (p, swap) {
          return p.then(function (done) {
            if (done) return done;
            return tryWords(swap.words, chosen).then(function (r2) {
              if (!r2.results.length || r2.junk.length) return null;
              notes.replaced.push([swap.from, swap.to]);
              return { words: swap.words, notes: notes };
            });
          });
        }, Promise.resolve(null)).then(function (done) {
          if (done) return done;
          // The most specific words (fewest offers alone, else fewest hits) that still find
          // something together; a kind of course ("Intensivkurs", "Tagesseminar": a generic word
          // at its end) or a value of a filter ("Teilzeit") after the words that say what it is
          // about ("Intensivkurs Deutsch" keeps "Deutsch") – unless its offers all share a topic
          // ("Schweißkurs Intensivkurs" keeps "Schweißkurs", which names it; "Intensivkurs", on
          // courses of many topics, says how a course is given); and a word only advisory points or pages
          // have after those offers have ("Schweißen für Frauen" keeps "Schweißen": a guide to
          // courses is asked for courses). A level word ("Anfänger") comes last of all: it says
          // for whom, and "Computerkurs für Anfänger" keeps "Computerkurs" (a kind of course by
          // its end) where no beginners' offer is on computers, not the beginners' courses of
          // other subjects.
          var kind = function (x) { return levelWord(x.c.word) ? 2 : (kindWord(x.c.word) && !x.topical) || HOW[fold(x.c.word)] ? 1 : 0; };
          var onlyOffers = chosen ? filtersFor(KINDS[0], chosen) : { art: { any: [KINDS[0].art] } };
          var kept = [];
          // The topic counts need Pagefind's topic filter loaded (it counts only what it has).
          return loadFilters(["thema"], usable.map(function (x) { return x.form; }).join(" ")).then(function () {
            return Promise.all(usable.map(function (x) { return find(x.form, onlyOffers); }));
          }).then(function (got) {
            usable.forEach(function (x, i) {
              var n = got[i].results.length, topics = (got[i].filters || {}).thema || {};
              x.offers = n ? 0 : 1;
              x.hits = n || x.c.count;
              x.topical = n >= 2 && Object.keys(topics).some(function (t) { return topics[t] === n; });
            });
            // A word found only outside the filters first: it is the word meant, the filters are
            // what the help offers to lift.
            var away = function (x) { return x.c.outside ? 0 : 1; };
            usable.sort(function (a, b) { return away(a) - away(b) || kind(a) - kind(b) || a.offers - b.offers || a.hits - b.hits; });
            return usable.reduce(function (step, x) {
              return step.then(function () {
                var next = kept.concat(x.form.split(" "));
                return tryWords(next, chosen).then(function (r3) {
                  if (r3.results.length && !r3.junk.length) kept = next;
                  else notes.dropped.push(x.c.word);
                });
              });
            }, Promise.resolve());
          }).then(function () { return { words: kept, notes: notes, nothing: !kept.length }; });
        });
      });
    });
  }

  // The parts of a word with a hyphen typed apart ("IT-Firmen" → "IT Firmen"), where each has
  // two letters or more and says something (no function word, no generic one); "" otherwise.
  function hyphenApart(word) {
    var all = word.split("-");
    var pieces = all.filter(function (p) { var f = fold(p); return f.length >= 2 && !STOP[f] && !tooGeneric(f); });
    return pieces.length >= 2 && pieces.length === all.length ? pieces.join(" ") : "";
  }

  // Looser forms of a word for few results: a word with a hyphen its parts typed apart ("SHK-
  // Betriebe" → "SHK Betriebe": the pages that have both, not only the compound), its compound
  // parts ("Altenpflege" → "Pflege", "Staplerschein" → "Stapler", "Schein"), else the stem of a
  // participle the guide uses.
  function looserForms(voc, word) {
    var apart = hyphenApart(word);
    if (apart) return [apart];
    var parts = compoundParts(voc, word);
    if (parts) {
      return parts.filter(function (p) { var f = fold(p); return f.length >= 4 && (TOPIC_WORDS[f] || (!GENERIC[f] && !GENERIC[f.replace(/s$/, "")])) && !STOP[f] && !KIND_END.test(f); });
    }
    // Only a stem the guide uses: "Gebaeudeenergieberater" is no participle of "baeudeenergiebera".
    var stem = participleStem(word);
    return stem && knownWord(voc, fold(stem)) ? [stem] : [];
  }

  // Of a word's looser forms the one that adds offers on the same topics as those found (a
  // third of them at least):
  // "Pflegehelfer" widens to "Pflege" (not to "Helfer", whose other offers are on building
  // and logistics), "Schweißerpass" to "Schweißer", "Altenpflege" to "Pflege"; "Staplerschein"
  // not at all ("Stapler" adds nothing, "Schein" only other licences). ``current``: what the
  // words find among all offers, with its topic counts.
  function looser(voc, word, current) {
    // A broader term of the guide means its narrower words, no more: "Fremdsprachen" does not
    // widen to "Sprachen" (German courses are no foreign languages to those who type it).
    var stem = lightStem(fold(word));
    if ((voc.oberbegriffe || []).some(function (term) { return lightStem(fold(term)) === stem; })) return Promise.resolve(null);
    var forms = looserForms(voc, word);
    var topics = (current.filters || {}).thema || {};
    if (!forms.length) return Promise.resolve(null);
    // No offer to compare with (only advisory points found): the compound's last part.
    if (!current.results.length) return Promise.resolve(forms[forms.length - 1]);
    // A word whose offers share no topic says how, not what ("Teilzeit", "Zertifikat"): a
    // part of it ("Teil") would only add offers that happen to use that word.
    var top = Object.keys(topics).reduce(function (m, t) { return Math.max(m, topics[t]); }, 0);
    if (top < current.results.length / 2) return Promise.resolve(null);
    return Promise.all(forms.map(function (form) {
      return find(form, OFFERS).then(function (r) {
        if (r.results.length <= current.results.length) return 0;
        return prefixOnly(r.results[0], [form]).then(function (junk) {
          if (junk.length) return 0;
          var near = 0, all = 0;
          Object.keys((r.filters || {}).thema || {}).forEach(function (topic) {
            var added = r.filters.thema[topic] - (topics[topic] || 0);
            if (added <= 0) return;
            all += added;
            if (topics[topic]) near += added;
          });
          return all && near / all >= 1 / 3 ? near / all : 0;
        });
      });
    })).then(function (shares) {
      var best = null;
      forms.forEach(function (form, i) { if (shares[i] && (best === null || shares[i] > shares[best])) best = i; });
      return best === null ? null : forms[best];
    });
  }

  var offerCount = null;
  var OFFERS = { art: { any: ["Angebot"] } };

  function offerTotal() {
    if (offerCount === null) offerCount = find(null, OFFERS).then(function (r) { return r.results.length; });
    return offerCount;
  }

  // Topics no offer has together ("Python Schweißen", "Schweißen CNC"): after the offers for
  // the words kept, those for each word dropped to find them, as if typed alone; where no offer
  // has all the words but advisory points do (they name many topics), the offers for each word.
  // Where only one or two offers name all the words ("Wiedereinstieg für Mütter": a payroll
  // course that mentions mothers once), the offers about each word follow them.
  // A word dropped for being a kind of course ("Intensivkurs") adds nothing; of the others only
  // the offers about them are added. ``offersFor(term, plain)``: the offers tab's search. Null, or {words, only, few}
  // (``only``: the offers are all for single words; ``few``: after the few with all of them).
  function either(id, resolved, offersFor, offers) {
    var notes = resolved.notes || {};
    var several = resolved.words.length >= 2 && !notes.level;
    var only = !offers.results.length && several;
    var few = offers.results.length > 0 && offers.results.length < FEW_WITH_ALL && several && !(notes.dropped || []).length;
    var words = only || few ? resolved.words : (notes.dropped || []).filter(function (w) { return !kindWord(w); });
    if (!words.length || (!only && !offers.results.length)) return Promise.resolve(null);
    var withAll = offers.results.length;
    // No offer for all the words under the filters, but some without them ("Excel Grundlagen
    // abends" and no Excel course in the evening): the filters keep them out, not the words.
    // Offers for one word under the filters ("Grundlagen" in the evening) would answer another
    // question, and "no offer names both" would be untrue: the help to lift a filter, with its
    // count, says what there is (``zeroHelp``).
    var together = only ? find(resolved.words.join(" "), OFFERS) : Promise.resolve({ results: [] });
    return together.then(function (unfiltered) {
      if (id !== runId || unfiltered.results.length) return null;
      return Promise.all(words.map(function (w) { return offersFor(w, true); }));
    }).then(function (got) {
      if (id !== runId || !got) return null;
      var added = [];
      // The most specific word first (the fewest offers); a word that only names a kind of
      // course ("Umschulung Pflege") after those that name its subject: the retraining courses
      // in logistics led the list for a visitor who asked about care.
      var kindOnly = words.map(function (w) { return courseWordAlone(w) ? 1 : 0; });
      var order = words.map(function (w, i) { return i; }).sort(function (a, b) {
        return kindOnly[a] - kindOnly[b] || got[a].results.length - got[b].results.length;
      });
      var shown = few ? idSet(offers.results) : {};
      order.forEach(function (i) {
        // (After a few with all the words: what the word adds to them.)
        var results = few ? got[i].results.filter(function (x) { return !shown[x.id]; }) : got[i].results;
        if (!results.length) return;
        // Only the offers about the word (``leading``); a word dropped that no offer is about (a
        // verb: "Smartphone bedienen") adds nothing.
        if (!only && results.length > 2 && fallAfter(results) === results.length) return;
        // After a few with all the words, a word that one or two offers name adds nothing: they
        // name it in passing as often as not ("Mütter").
        if (few && results.length < 3) return;
        var merged = inOrder(offers.results, leading(results));
        if (merged.length === offers.results.length) return;
        offers.results = merged;
        added.push(words[i]);
      });
      return added.length ? { words: added, only: only, few: few ? withAll : 0 } : null;
    });
  }
  var FEW_WITH_ALL = 3;

  // A kind of course ("Intensivkurs", "Tagesseminar": a generic word at its end; "Umschulung").
  function kindWord(word) {
    var f = fold(word);
    return courseWordAlone(word) || Object.keys(GENERIC).some(function (g) { return g.length >= 4 && f.length > g.length + 2 && f.slice(-g.length) === g; });
  }

  // A word for a kind of course that is searched ("Umschulung", "Workshop": the generic
  // "Kurs", "Seminar" alone are not), not the end of a compound ("Schweißkurs").
  function courseWordAlone(word) {
    var m = COURSE_WORD.exec(fold(word));
    return !!m && m.index === 0;
  }


  // Few offers for what was typed: add those the looser words find, after the others.
  function widen(id, words, kinds, perKind) {
    // Only long words can be compounds; short ones are not worth loading the vocabulary for.
    var splittable = words.some(function (w) { return w.length >= 8 || participleStem(w); });
    if (!splittable || perKind[0].results.length >= 5) return Promise.resolve(null);
    // The topic counts need Pagefind's topic filter loaded (it counts only what it has).
    return Promise.all([loadVocabulary(), loadFilters(["thema"], words.join(" "))]).then(function (got) {
      return find(words.join(" "), OFFERS).then(function (current) {
        return Promise.all(words.map(function (w) { return looser(got[0], w, current); }));
      });
    }).then(function (forms) {
      var loose = forms.map(function (form, i) { return form || words[i]; });
      if (loose.join(" ") === words.join(" ")) return null;
      return Promise.all(kinds.map(function (kindSearch) { return kindSearch(loose.join(" "), true); }).concat([offerTotal()])).then(function (wider) {
        if (id !== runId) return null;
        // A looser word that finds a fifth of all offers says nothing about the query.
        if (wider[0].results.length > Math.max(10, wider[3] / 5)) return null;
        return prefixOnly(wider[0].results[0] || wider[1].results[0], loose).then(function (junk) {
          return junk.length || id !== runId ? null : wider;
        });
      }).then(function (wider) {
        if (!wider) return null;
        // Per kind (tab): how many results the words found themselves, and how many followed.
        var own = [], added = [];
        perKind.forEach(function (r, i) {
          var merged = inOrder(r.results, wider[i].results);
          own.push(r.results.length);
          added.push(merged.length - r.results.length);
          r.results = merged;
        });
        return added.some(Boolean) ? { words: loose, own: own, added: added } : null;
      });
    });
  }

  function run() {
    var id = ++runId;
    searches = {};
    syncControls();
    setBusy(true, "Suche läuft …");
    var analysis = analyse(state.q);
    var when = analysis.chips.filter(function (c) { return c.key === "zeitraum"; })[0];
    if (when) {
      // "Schweißen nächsten Monat": the words leave the query and become the start range, as
      // if chosen under "Beginn von – bis".
      planning.between(when.from, when.to, asTyped(state.q, when.words), when.whose);
      state.q = withoutWords(state.q, when.words);
      commit(false);
      return;
    }
    // "Stapler freie Plätze" ticks "Nur mit freien Plätzen", "Schweißkurs inhouse" and
    // "Staplerschein bei uns im Betrieb" tick "Als Inhouse-Schulung buchbar": the words leave
    // the query.
    var ticks = [["frei", planning.seats], ["inhouse", planning.inhouse]];
    for (var t = 0; t < ticks.length; t++) {
      var said = analysis.chips.filter(function (c) { return c.key === ticks[t][0]; })[0];
      if (said) {
        ticks[t][1]();
        state.q = withoutWords(state.q, said.words);
        commit(false);
        return;
      }
    }
    var postal = analysis.chips.filter(function (c) { return c.key === "plz"; })[0];
    if (postal) {
      // "Schweißen 73728": the code leaves the words and becomes the distance filter (25 km,
      // nearest first), as if chosen under "Umkreis"; an unknown code is searched as its region.
      planning.place(postal.value, postal.name).then(function (taken) {
        if (id !== runId) return;
        if (!taken) {
          unknownCodes[postal.value] = true;
          run();
          return;
        }
        state.q = withoutWords(state.q, postal.words);
        if (state.sort === "relevanz") state.sort = "entfernung";
        commit(false);
      });
      return;
    }
    // Words typed apart are joined first: "Online Bewerbung" may then be no format filter.
    joinWords(analysis).catch(function () {}).then(function () {
      if (id === runId) answerWith(id, analysis);
    });
  }

  // ``run``, once the query's words and filters are settled.
  function answerWith(id, analysis) {
    var chosen = chosenFilters(analysis.chips);
    var wantsAdvice = analysis.chips.some(function (c) { return c.key === "art"; });
    // A town typed as the only place ("Staplerschein Stuttgart"): where nothing of what was
    // asked takes place in its region, the offers near it come first (``nearbyFirst``).
    var town = analysis.chips.filter(function (c) { return c.key === "region" && c.code; })[0];
    if (town && ((chosen.region || []).length !== 1 || planning.near())) town = null;
    // The words of the filters a query names ("Abendkurs", "kostenlos"), for ``sayingFirst``.
    var said = [];
    analysis.chips.forEach(function (c) {
      if (SAID_KEYS.indexOf(c.key) >= 0) said = said.concat(c.words.filter(function (w) { return !STOP[fold(w)]; }));
    });
    // A range or a place needs the index's start days and postal codes (and the centroids).
    planning.ready(loadPlanningValues).then(function () {
      if (id !== runId) return null;
      // No place to measure from (an unknown code, a position not asked for): as before.
      if (state.sort === "entfernung" && !planning.near()) state.sort = "relevanz";
      syncControls();
      return resolveWords(analysis.words, chosen);
    }).then(function (resolved) {
      if (id !== runId || !resolved) return null;
      var term = resolved.words.join(" ");
      var searched = analysis.words.length > 0;
      var planned = planning.active();
      // Nothing usable in a query with words: the tabs are empty, the help says why; unless
      // it named a place or another filter ("Stuttgart Vaihingen"): then what that finds, and
      // the note names the words that were not found.
      var blank = searched && resolved.nothing && !analysis.chips.length;
      var browse = !searched && !hasAny(chosen) && !planned && !wantsAdvice;
      var order = shownSort();
      var byPagefind = order === "beginn" || order === "preis";
      var sort = byPagefind ? (function () { var s = {}; s[order] = "asc"; return s; })() : null;
      // With a place, advisory points come nearest first (their only order besides relevance);
      // offers when the visitor sorts by distance.
      var nearFirst = { Angebot: state.sort === "entfernung" && planning.near(), Beratungsstelle: planning.near() };
      // Only words that are offer filters ("kostenlos", "abends"): the advisory points would
      // all be listed whatever was asked, so they are not. (A filter ticked in the facets keeps
      // them: its tab counts agree with the region and topic pages.)
      var offersOnly = !searched && !wantsAdvice && analysis.chips.some(function (c) { return KINDS[1].keys.indexOf(c.key) < 0; });
      var adviceWords = wantsAdvice && !term ? analysis.chips.filter(function (c) { return c.key === "art"; })[0].words.join(" ") : null;
      // Words with offer filters advisory points do not have ("kostenlos online Arbeitsuchende"):
      // the advisory points found answer the words, not the filters. With no offer left, the
      // offers' tab opens with the help to lift a filter (``narrowedLabels``). So does a start
      // range ("Schweißen im August"): advisory points have no start, and listed alone they
      // hid that the words' offers begin at other times; and so does the in-house filter
      // ("Schweißkurs inhouse": an advisory point runs no course in a firm).
      var narrowed = !wantsAdvice && (narrowedLabels(analysis).length > 0 || planning.narrows());
      // The search of one kind, with the filters in force when it is made (``inhouseAside``
      // makes the offers' without the in-house filter).
      var searchOf = function (kind) {
        var filters = filtersFor(kind, chosen);
        var ordered = function (term, r) {
          if (!r.results.length) return r;
          if (kind.art === "Beratungsstelle" && !nearFirst[kind.art] && town) return adviceFromTown(term, filters, r, town);
          if (!nearFirst[kind.art]) return r;
          return planning.byDistance(function (f) { return find(term, f); }, filters, r).then(function (results) {
            return { results: results, filters: r.filters };
          });
        };
        // ``plain``: a search of words added to the answer (``widen``, ``either``): without the
        // reordering that explains itself in the status line (``nearbyFirst``, ``sayingFirst``).
        return function (words, plain) {
          if (blank || (kind.art === "Seite" && (!searched || hasAny(chosen) || planned))) return Promise.resolve({ results: [], filters: {} });
          if (kind.art === "Beratungsstelle" && offersOnly) return Promise.resolve({ results: [], filters: {} });
          if (kind.art === "Beratungsstelle" && adviceWords) {
            return find(adviceWords, filters).then(function (r) {
              return r.results.length ? ordered(adviceWords, r) : find(null, filters).then(function (all) { return ordered(null, all); });
            });
          }
          var dated = kind.art === "Angebot" && (planning.ranged() || (chosen.beginn || []).some(function (v) { return v !== "jederzeit"; }));
          var placed = kind.art === "Angebot" && ((chosen.region || []).length > 0 || planning.near());
          return find(words || null, filters, kind.art === "Angebot" ? sort : null).then(function (r) {
            return (dated || placed) && r.results.length ? fittingFirst(words || null, filters, regional(sort, chosen), r, dated, placed) : r;
          }).then(function (r) {
            return town && !plain && kind.art === "Angebot" ? nearbyFirst(words || null, kind, chosen, filters, sort, r, town) : r;
          }).then(function (r) {
            return !words && !sort && !plain && kind.art === "Angebot" ? sayingFirst(said, filters, r) : r;
          }).then(function (r) { return ordered(words || null, r); });
        };
      };
      var kinds = KINDS.map(searchOf);
      var aside = null;
      return Promise.all(kinds.map(function (k) { return k(term); })).then(function (perKind) {
        if (id !== runId) return null;
        return inhouseAside(term, searchOf, kinds, perKind).then(function (lifted) {
          aside = lifted;
          return either(id, resolved, kinds[0], perKind[0]);
        }).then(function (also) {
          if (also) return [null, also]; // the words' own offers, not looser forms of them
          return widen(id, resolved.words, kinds, perKind).then(function (wider) { return [wider, also]; });
        }).then(function (got) {
          if (id !== runId || !got) return;
          var stems = {};
          analysis.words.forEach(function (w) { var st = participleStem(w); if (st) stems[st] = true; });
          var also = got[1];
          answer = {
            analysis: analysis, chosen: chosen, resolved: resolved, term: term, perKind: perKind, wider: got[0], also: also, stems: stems, aside: aside,
            // Offers for each word alone ("Schweißen CNC") open before advisory points that name
            // both in passing, by the score as any tab ("Anerkennung ausländischer
            // Berufsabschluss" opens the advisory point named so).
            art: pickTab(perKind, wantsAdvice || asksForAdvice(state.q) ? "Beratungsstelle" : asksForCourse(state.q) ? "Angebot" : null, searched, narrowed),
            blank: blank, browse: browse, narrowed: narrowed,
          };
          var content = resolved.words.filter(function (w) { var f = fold(w); return !aboutMoney(f) && !tooGeneric(f) && !STOP[f]; });
          return namedPage(perKind[KINDS.length - 1], resolved.words).then(function (page) {
            return page || moneyPage(perKind, analysis.words.concat(analysis.dropped || []), resolved.words, content, analysis.age);
          }).then(function (page) {
            if (id !== runId) return;
            answer.page = answer.art === "Seite" ? null : page;
            render(id);
          });
        });
      });
    }).catch(function (error) {
      setBusy(false, "Die Suche ist gerade nicht verfügbar. Bitte laden Sie die Seite neu.");
      if (window.console) console.error(error);
    });
  }

  // An in-house course asked for where none of the words' offers is one ("Schweißkurs inhouse"
  // and no welding course is marked so): the words' offers without that filter, after a note
  // that says so (``renderNotes``) – a provider may still come to the firm, and an empty list
  // tells a personnel department nothing. The filter stays chosen (box and chip); ``kinds[0]``
  // and ``perKind[0]`` become the offers' search and answer without it, so the offers added
  // for single or looser words (``either``, ``widen``) are found the same way. Resolves to the
  // constraint lifted, or null. (As ``either`` and ``widen`` do, without the reordering
  // ``nearbyFirst`` and ``sayingFirst`` explain in the status line.)
  function inhouseAside(term, searchOf, kinds, perKind) {
    var lift = term && !perKind[0].results.length ? planning.constraints().filter(function (c) { return c.key === "inhouse"; })[0] : null;
    if (!lift) return Promise.resolve(null);
    var offers = planning.without(lift, function () { return searchOf(KINDS[0]); });
    return offers(term, true).then(function (r) {
      if (!r.results.length) return null;
      kinds[0] = offers;
      perKind[0] = r;
      return lift;
    });
  }

  // The filters of ``kind`` for the answer on screen: for offers found without the in-house
  // filter (``inhouseAside``), without it.
  function shownFilters(kind, chosen, leaveOut) {
    if (!answer || !answer.aside || kind.art !== KINDS[0].art) return filtersFor(kind, chosen, leaveOut);
    return planning.without(answer.aside, function () { return filtersFor(kind, chosen, leaveOut); });
  }

  // Asked for a time ("im September", "ab März"), the offers that begin then come first, in
  // their order; after them those one can begin any time or join while they run, which match
  // every time and (sorted by start) would lead the list. Asked for a place, those held there
  // come before those online (which the place filter keeps, "auch online"). ``r.fitting``: how
  // many fit both ways; ``r.fitBy``: [dated, placed].
  // By start with one region chosen: the offers held there by their next start there (a course
  // in three towns by its date in the region chosen, as the region's own list orders it), not
  // by their first start anywhere. Each offer of a region carries that sort key (search.py
  // ``region_start_key``); the online ones, which lack it, follow in ``fittingFirst``.
  function regional(sort, chosen) {
    var regions = chosen.region || [];
    var key = regions.length === 1 && (DATA.beginnsortierung || {})[regions[0]];
    if (!sort || !sort.beginn || !key) return sort;
    var byRegion = {};
    byRegion[key] = sort.beginn;
    return byRegion;
  }

  function fittingFirst(term, filters, sort, r, dated, placed) {
    var strict = dated ? planning.strictly(filters) : filters;
    if (placed) {
      var local = {};
      Object.keys(strict).forEach(function (key) { local[key] = strict[key]; });
      local.all = (strict.all || []).concat([{ format: { none: ["Online"] } }]);
      strict = local;
    }
    return find(term, strict, sort).then(function (fit) {
      r.results = inOrder(fit.results, r.results);
      r.fitting = fit.results.length;
      r.fitBy = [dated, placed];
      return r;
    });
  }

  // A town typed with the words ("Staplerschein Stuttgart") where no offer held in its region
  // is about them (none at all, only online ones, or only some that name them in passing:
  // none among the ``leading`` results of the words anywhere): the offers held within
  // NEARBY_KM of the town come first, in the order asked for (relevance, start, price), then
  // the others. A visitor who types a town wants to go there; the next town is a better
  // answer than nothing. A town of a larger region typed alone ("Kurse in Backnang"): the
  // offers of its region nearest the town first. ``filters``: those ``r`` was found with.
  var NEARBY_KM = 25;

  function nearbyFirst(term, kind, chosen, filters, sort, r, town) {
    var local = r.results.length ? r.fitting || 0 : 0;
    var rest = {};
    Object.keys(chosen).forEach(function (key) { rest[key] = key === "region" ? [] : chosen[key]; });
    var anywhere = filtersFor(kind, rest);
    var lead = null; // the offers anywhere that are about the words (``leading``)
    var about = !term ? Promise.resolve(local > 0) : find(term, anywhere).then(function (all) {
      lead = idSet(leading(all.results));
      return r.results.slice(0, local).some(function (x) { return lead[x.id]; });
    });
    var alone = !term && !sort && town.name !== town.value;
    return about.then(function (enough) {
      if (!enough || alone) return planning.around(town.code, NEARBY_KM, loadPlanningValues).then(function (near) { return { enough: enough, near: near }; });
      return { enough: enough, near: null };
    }).then(function (got) {
      if (!got.near) return r;
      if (got.enough) {
        return fromPlace(null, filters, r, got.near.from).then(function (results) {
          r.results = results;
          r.town = town.name;
          return r;
        });
      }
      var codes = got.near.codes.length ? got.near.codes : ["00000"];
      var near = {};
      Object.keys(anywhere).forEach(function (key) { near[key] = anywhere[key]; });
      near.all = (anywhere.all || []).concat([{ plz: { any: codes } }, { format: { none: ["Online"] } }]);
      return find(term, near, sort).then(function (found) {
        // First the offers about the words; one near that names them in passing comes last
        // (it is no better than those farther away), and alone moves nothing.
        var nearby = found.results.filter(function (x) { return !lead || lead[x.id]; });
        if (!nearby.length) return r;
        r.results = inOrder(nearby, r.results, found.results);
        r.nearby = { n: nearby.length, name: town.name, local: local };
        return r;
      });
    });
  }

  // Advisory points of a town's region, nearest the town first ("Beratung Nürtingen": the
  // point in Nürtingen before those in Esslingen); their only order besides relevance, and
  // the one a visitor who names a town expects. ``r.town`` names it in the status line.
  function adviceFromTown(term, filters, r, town) {
    if (r.results.length < 2) return Promise.resolve(r);
    return planning.around(town.code, NEARBY_KM, loadPlanningValues).then(function (near) {
      if (!near) return r;
      return fromPlace(term, filters, r, near.from).then(function (results) {
        return { results: results, filters: r.filters, town: town.name };
      });
    });
  }

  // ``r``'s results nearest ``from`` first (``planning.byDistance``), once a town's place is
  // known (``planning.around``): asked again with ``filters``, as only now are the postal
  // codes' counts loaded, and ``byDistance`` visits the codes present.
  function fromPlace(term, filters, r, from) {
    return find(null, filters).then(function (counted) {
      var withCodes = { results: r.results, filters: counted.filters };
      return planning.byDistance(function (f) { return find(term, f); }, filters, withCodes, from);
    });
  }

  // A query of filter words only ("Abendkurs", "kostenlos"): the offers whose pages say the
  // words come first, in the order that search gives ("Buchführung Grundkurs – Abendkurs",
  // "kostenloser Infoabend"), then the others the filter holds. Not for places and times.
  var SAID_KEYS = ["tageszeit", "wochentage", "wochentag", "format", "dauer", "preis", "abschluss"];

  function sayingFirst(said, filters, r) {
    if (!said.length || r.results.length < 2) return Promise.resolve(r);
    return find(said.join(" "), filters).then(function (hit) {
      var held = idSet(r.results);
      r.results = inOrder(hit.results.filter(function (x) { return held[x.id]; }), r.results);
      return r;
    });
  }

  // What the status says of the order ``fittingFirst`` and ``nearbyFirst`` made, or "".
  function fittingText(r) {
    if (r.nearby) {
      var rest = r.results.length - r.nearby.n;
      return "In " + r.nearby.name + (r.nearby.local ? " wenig dazu" : " keines") + " – zuerst "
        + (r.nearby.n === 1 ? "das Angebot" : "die " + r.nearby.n + " Angebote") + " im Umkreis von " + NEARBY_KM + " km"
        + (rest ? ", dann " + (rest === 1 ? "ein weiteres" : rest + " weitere") : "");
    }
    if (r.fitting === undefined || r.fitting === r.results.length || !r.results.length) return "";
    var dated = r.fitBy[0], placed = r.fitBy[1], n = r.fitting;
    if (r.town && !dated) return "Zuerst " + (n === 1 ? "das Angebot" : "die " + n + " Angebote") + " vor Ort, nach Entfernung von " + r.town + ", dann die online";
    var there = placed ? " vor Ort" : "";
    if (!n) {
      if (!dated) return "Vor Ort keines – zu sehen sind Online-Angebote";
      return "Keines beginnt in dieser Zeit" + there + " – zu sehen sind Angebote, die sich jederzeit beginnen lassen"
        + (placed ? ", online sind" : "") + " oder schon mit Einstieg laufen";
    }
    if (!dated) return "Zuerst " + (n === 1 ? "das Angebot vor Ort" : "die " + n + " Angebote vor Ort") + ", dann die online";
    return "Zuerst " + (n === 1 ? "das Angebot, das in dieser Zeit" + there + " beginnt" : "die " + n + " Angebote, die in dieser Zeit" + there + " beginnen");
  }

  // A query that asks for a course ("Kurs für Arbeitslose", "Excelkurs", "Seminar Führung"):
  // its offers open, however well advisory points that name the other words score.
  var COURSE_WORD = new RegExp("(" + COURSE_ENDS + ")$");
  function asksForCourse(q) {
    return fold(q || "").split(/[^a-z0-9]+/).some(function (w) { return COURSE_WORD.test(w); });
  }

  // A query that asks for advice in a compound ("kostenlose Weiterbildungsberatung",
  // "Anerkennungsberatung"): its advisory points open, as for "Beratung" (a chip), even where a
  // filter of offers ("kostenlos") leaves no offer.
  var ADVICE_WORD = /.(beratung|beratungen|beratungsstelle|beratungsstellen)$/;
  function asksForAdvice(q) {
    return fold(q || "").split(/[^a-z0-9]+/).some(function (w) { return ADVICE_WORD.test(w); });
  }

  // The tab to open: the visitor's choice, else the one the query asks for (``wanted``:
  // "Beratungsstelle" for "Beratung", "Angebot" for "Kurs") when it has results, else offers,
  // unless advisory points or pages score clearly (half again) higher: "Anerkennung", "Datenschutz".
  function pickTab(perKind, wanted, searched, narrowed) {
    if (state.art) return state.art;
    if (wanted && perKind[KINDS.indexOf(kindOf(wanted))].results.length) return wanted;
    if (narrowed && !perKind[0].results.length) return "Angebot";
    var best = 0;
    // Information pages open only where nothing else was found: a page named as typed
    // ("Qualifizierungsgeld") is linked above the offers instead (``namedPage``).
    var others = perKind.some(function (r, i) { return KINDS[i].art !== "Seite" && r.results.length; });
    if (searched) {
      perKind.forEach(function (r, i) {
        if (others && KINDS[i].art === "Seite") return;
        var top = r.results.length ? r.results[0].score : -1;
        var bestTop = perKind[best].results.length ? perKind[best].results[0].score : -1;
        // (None found anywhere: the offers stay; -1 is more than -1 × 1.5.)
        if (r.results.length && top > bestTop * 1.5) best = i;
      });
    }
    if (!perKind[best].results.length) {
      perKind.forEach(function (r, i) { if (!perKind[best].results.length && r.results.length) best = i; });
    }
    return KINDS[best].art;
  }

  // Questions about money: who pays, funding, an application ("wer bezahlt meine Weiterbildung",
  // "Förderung Meisterkurs", "Bildungszeit Antrag"), as folded words of the query as typed. Not
  // "gefördert", "förderfähig": "geförderte Deutschkurse" asks for courses (search.py ``FUNDED_WORDS``).
  var MONEY = /^(f(o|oe)rder(ung|ungen|n|geld|gelder|mittel|moglichkeit|moglichkeiten|programm|programme)?|zuschuss|zuschusse|bezahlen|bezahlt|zahlt|zahlen|ubernimmt|ubernehmen|finanzieren|finanziert|finanzierung|finanzierungen|kostenubernahme|beantragen|beantragt|beantragung|antrag|antrage|antragstellung)$/;
  // Who may pay, beside a course ("Umschulung vom Arbeitsamt", "Weiterbildung Jobcenter"): a
  // question about money too; alone ("Jobcenter") a question about the office.
  var PAYER = /^(arbeitsamt|arbeitsagentur|jobcenter)$/;
  function asksAboutMoney(q) {
    var words = fold(q || "").split(/[^a-z0-9]+/);
    return words.some(function (w) { return MONEY.test(w); }) ||
      (words.some(function (w) { return PAYER.test(w); }) && words.some(function (w) { return COURSE_WORD.test(w); }));
  }
  function aboutMoney(folded) {
    return MONEY.test(folded) || PAYER.test(folded);
  }
  // A name folded for comparing: without spaces, hyphens and brackets, "ae" as "ä" ("Meister
  // Bafoeg", "Aufstiegsbafög" and "Aufstiegs-BAföG" are one name).
  function nameKey(text) {
    return fold(text).replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u").replace(/[^a-z0-9]+/g, "");
  }
  // The programme the words name, by any of its names (search.py ``programme_names``: label,
  // short forms, synonyms), typed together, apart or without umlauts; the words about money
  // ("beantragen", "Förderung") and those every page uses left out. Null for none.
  function namedProgramme(words) {
    var funding = DATA.foerderung;
    if (!funding) return null;
    var key = nameKey(words.filter(function (w) {
      var f = fold(w).replace(/[^a-z0-9]/g, "");
      return f && !aboutMoney(f) && !STOP[f] && !GENERIC[f];
    }).join(""));
    if (!key) return null;
    return funding.programme.filter(function (p) {
      return p.namen.some(function (name) { return nameKey(name) === key; });
    })[0] || null;
  }
  // What a money question opens with, where no page is named as typed: a programme named by
  // another of its names ("Meisterbafög", "Bildungsurlaub"); with words of a topic, the
  // programme whose page the words find first, else the one most of the offers found name
  // ("Förderung Meisterkurs"); with no such words ("wer bezahlt meine Weiterbildung"), the
  // Förder-Check, as for an age typed (``age``). Null for none.
  function moneyPage(perKind, typed, words, offerWords, aged) {
    var funding = DATA.foerderung;
    if (!funding) return null;
    var named = namedProgramme(words) || namedProgramme(typed);
    if (named) return { title: named.title, url: named.url, lead: "Seite dazu: " };
    // An age ("Weiterbildung mit 50"): some programmes hold from an age on, others up to one.
    if (aged && !asksAboutMoney(state.q)) return { title: funding.check.title, url: funding.check.url, lead: "Welche Förderung in Ihrem Alter passen kann, zeigt der " };
    if (!asksAboutMoney(state.q)) return null;
    if (!offerWords.length) return { title: funding.check.title, url: funding.check.url, lead: "Welche Förderung passen kann, zeigt der " };
    var pages = perKind[KINDS.length - 1].results;
    var byUrl = {};
    funding.programme.forEach(function (p) { byUrl[p.url] = p; });
    return Promise.all(pages.slice(0, 5).map(function (x) { return x.data().then(function (d) { return byUrl[d.url] || null; }, function () { return null; }); })).then(function (found) {
      var page = found.filter(Boolean)[0];
      if (page) return { title: page.title, url: page.url, lead: "Förderung dazu: " };
      // (The counts of a filter come with the results once its file is loaded.)
      return loadFilters(["foerderung"], offerWords.join(" ")).then(function () { return find(offerWords.join(" "), OFFERS); }).then(function (r) {
        var counts = ((r.filters || {}).foerderung) || {};
        var best = null;
        funding.programme.forEach(function (p) { if ((counts[p.title] || 0) > ((best && counts[best.title]) || 0)) best = p; });
        return best ? { title: best.title, url: best.url, lead: "Förderung, die die meisten Angebote dazu nennen: " } : null;
      });
    });
  }

  // The information page whose title names every word searched for ("Qualifizierungsgeld",
  // "Förder-Check", "Inhouse-Schulungen"), from the best of the pages' results: linked above the
  // other tabs' results, as the page that explains what was asked. Null for none.
  function namedPage(pages, words) {
    var wanted = [];
    // A question about money names the page without its money words ("Förderung für Unternehmen").
    var plain = (words || []).filter(function (w) { return !aboutMoney(fold(w)); });
    if (plain.length && plain.length < (words || []).length && asksAboutMoney(state.q)) words = plain;
    (words || []).forEach(function (w) { fold(w).split(/[^a-z0-9]+/).forEach(function (p) { if (p.length >= 3 && !STOP[p]) wanted.push(lightStem(p)); }); });
    if (!pages || !pages.results.length || !wanted.length) return Promise.resolve(null);
    return pages.results[0].data().then(function (data) {
      var title = (data.meta && data.meta.title) || "";
      var parts = fold(title).split(/[^a-z0-9]+/).filter(Boolean).map(lightStem);
      var named = wanted.every(function (w) { return parts.some(function (p) { return p.indexOf(w) === 0; }); });
      return named ? { title: title, url: data.url } : null;
    }).catch(function () { return null; });
  }

  // The filters in force that advisory points do not have (price, format, time of day …),
  // chips and ticked ones: labels, as the status names them.
  function narrowedLabels(analysis) {
    var keys = KINDS[1].keys;
    var labels = analysis.chips.filter(function (c) { return c.key !== "art" && keys.indexOf(c.key) < 0; }).map(function (c) { return c.label; });
    Object.keys(state.filters).forEach(function (key) { if (keys.indexOf(key) < 0) labels = labels.concat(state.filters[key]); });
    return labels;
  }

  // No offer with the filters, advisory points for the words: the offers' tab is the answer.
  function noOfferNarrowed() {
    return answer.narrowed && !answer.perKind[0].results.length && answer.art === "Angebot";
  }

  function kindOf(art) {
    return KINDS.filter(function (k) { return k.art === art; })[0] || KINDS[0];
  }

  // --- Rendering --------------------------------------------------------------------------

  function render(id) {
    var i = KINDS.indexOf(kindOf(answer.art));
    renderChips();
    renderTabs();
    renderNotes();
    list.innerHTML = "";
    shown = 0;
    help.hidden = true;
    help.innerHTML = "";
    var results = answer.perKind[i].results;
    announce();
    moreResults = results;
    var page = showMore(false);
    var total = answer.perKind.reduce(function (n, r) { return n + r.results.length; }, 0);
    if (!total || noOfferNarrowed()) page = page.then(function () { return zeroHelp(id); });
    return page.then(function () {
      if (id === runId) setBusy(false);
      return facetCounts(id);
    });
  }

  var moreResults = [];

  // The list is ready before the facets are (their counts come after the first answer), so
  // each says on its own when it is being redrawn.
  function setBusy(busy, text) {
    list.setAttribute("aria-busy", busy ? "true" : "false");
    if (busy || text) facetBox.setAttribute("aria-busy", busy ? "true" : "false");
    if (busy) notes.hidden = true; // the last answer's notes ("Meinten Sie …") are not this one's
    if (text) statusLine.textContent = text;
    if (!busy) speak();
    if (!busy && answer) { reveal(); restorePlace(); }
  }

  // Back from a result (the browser's back button): the list as far as it was shown, at the
  // place it was left (the browser's own restoring comes before the results are there). The
  // place is kept in the history entry when the page is left.
  var restoring = null;
  function keepPlace() {
    var kept = {};
    Object.keys(history.state || {}).forEach(function (key) { kept[key] = history.state[key]; });
    // The result a keyboard or screen-reader visitor left from, to be focused again on return.
    var from = document.activeElement && document.activeElement.closest && document.activeElement.closest("#suche-treffer a[href]");
    kept.lotsePlace = { y: window.scrollY, shown: shown, focus: from ? from.getAttribute("href") : null };
    history.replaceState(kept, "");
  }
  function restorePlace() {
    var place = restoring;
    restoring = null;
    if (!place) return;
    var id = runId;
    (function more() {
      if (id !== runId) return;
      if (shown < place.shown && shown < moreResults.length) { showMore(false).then(more); return; }
      window.scrollTo({ top: place.y, behavior: "instant" });
      var link = place.focus && Array.prototype.filter.call(list.querySelectorAll("a[href]"), function (a) { return a.getAttribute("href") === place.focus; })[0];
      if (!link) return;
      link.focus({ preventScroll: true });
      // The page may be shorter than it was left (on a phone the filter panel starts closed
      // again): the old place is then elsewhere, and the result with the focus goes into view.
      var box = link.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) link.scrollIntoView({ block: "center", behavior: "instant" });
    })();
  }

  // On a phone the form, the navigation and the page's lead fill the first screen: a search
  // sent (Enter, "Suchen", or a query arriving from another page's search box) brings what it
  // found into view, from what was understood of the query (the chips) down to the first
  // results. Sent here, the focus goes to the results' heading (it also closes the on-screen
  // keyboard); arriving, it stays at the page's start, where a screen reader begins.
  var revealing = null;
  function reveal() {
    var how = revealing;
    revealing = null;
    if (!how || window.matchMedia("(min-width: 56em)").matches) return;
    // Arrived and already scrolling or typing: the visitor's own move goes first.
    if (how === "arrived" && (window.scrollY > 0 || document.activeElement === input)) return;
    var heading = document.getElementById("ergebnis-titel");
    var top = [chipBox, filterPanel, heading].filter(function (node) { return node && !node.hidden; })[0];
    if (how === "sent") {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    top.scrollIntoView({ block: "start" });
  }

  // Says the status (and its notes) in the live region: at once after a search asked for
  // (Enter, a filter, a chip), 1.2 s after the last keystroke of a search as one types; never
  // the same twice in a row.
  var speaking = null, lastSpoken = "", typedRun = false;
  function speak(now) {
    clearTimeout(speaking);
    var say = function () {
      var text = (statusLine.textContent + " " + (notes.hidden ? "" : notes.textContent)).replace(/\s+/g, " ").trim();
      if (text !== lastSpoken) spoken.textContent = lastSpoken = text;
    };
    if (typedRun && !now) speaking = setTimeout(say, 1200); else say();
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function quoted(words) {
    return "„" + words.map(unsigned).join(" ") + "“";
  }

  function announce() {
    var counts = KINDS.map(function (k, i) { return [k, answer.perKind[i].results.length]; }).filter(function (x) { return x[1]; });
    var a = answer.analysis;
    var text;
    if (!counts.length) {
      text = "Keine Treffer";
    } else {
      text = counts.map(function (x) { return plural(x[1], x[0].one, x[0].label); }).join(", ");
    }
    if (answer.term) {
      text += " für " + quoted(shownWords(answer.resolved.words));
      // The offers of words added after them (``either``) are counted too.
      if (answer.also && !answer.also.only && !answer.also.few) text += answer.also.words.map(function (w) { return " und " + quoted([w]); }).join("");
    }
    var nearby = answer.perKind[0].nearby; // ``nearbyFirst``: the region and the town's surroundings
    var chips = a.chips.filter(function (c) { return c.key !== "art"; }).map(function (c) {
      return nearby && c.code ? c.label + " und Umkreis von " + NEARBY_KM + " km" : c.label;
    });
    var chosen = [];
    Object.keys(state.filters).forEach(function (key) { chosen = chosen.concat(state.filters[key]); });
    // Offers found without the in-house filter (``inhouseAside``) are not said to have it.
    var described = function (offersOnly) {
      return answer.aside ? planning.without(answer.aside, function () { return planning.describe(offersOnly); }) : planning.describe(offersOnly);
    };
    chosen = chosen.concat(chips, described());
    // What only offers have (a start, a price, online …) is said of them when advisory points
    // are counted too: "1 Angebot, 5 Beratungsstellen für „Schweißen“ – das Angebot mit Beginn …".
    var own = narrowedLabels(a).concat(described(true));
    var offers = answer.perKind[0].results.length;
    var apart = own.length && offers && counts.length > 1;
    var shared = apart ? chosen.filter(function (c) { return own.indexOf(c) < 0; }) : chosen;
    if (shared.length) text += " mit " + phrased(shared);
    if (apart) text += " – " + (offers === 1 ? "das Angebot" : "die Angebote") + " mit " + phrased(own);
    if (answer.browse) text = plural(counts.length ? counts[0][1] : 0, "Angebot", "Angebote") + " – alle, zu denen Sie noch einsteigen können";
    if (noOfferNarrowed()) {
      // "Kein Angebot für „Arbeitsuchende“ mit kostenfreier Teilnahme, Format Online. 10 Beratungsstellen für „Arbeitsuchende“."
      var words = answer.term ? " für " + quoted(shownWords(answer.resolved.words)) : "";
      text = "Kein Angebot" + words + (chosen.length ? " mit " + phrased(chosen) : "");
      var advice = answer.perKind[1].results.length;
      if (advice) text += ". " + plural(advice, "Beratungsstelle", "Beratungsstellen") + words + " im Reiter „Beratungsstellen“";
    } else if (counts.length && shownSort() !== "relevanz" && (!answer.term || state.sort === shownSort())) {
      // The order in force, so a change of "Sortieren nach" is confirmed where it is read.
      text += ", " + SORTED[shownSort()];
    }
    var order = fittingText(answer.perKind[0]);
    if (order) text += ". " + order;
    if (answer.perKind[1].town) text += ". Die Beratungsstellen nach Entfernung von " + answer.perKind[1].town;
    statusLine.textContent = text + ".";
    // On a phone: what the open tab holds, at the foot of the filter panel.
    planning.count(answer.perKind[KINDS.indexOf(kindOf(answer.art))].results.length, filterPanel);
  }

  // The filters after "mit" as German says them: the times of day and weekdays as one "Termin
  // dienstags abends", "kostenlos" as "kostenfreier Teilnahme", a format as "Format Online"
  // ("mit abends", "mit kostenlos" read like a machine); the others as they are labelled.
  // Read from the chips (their label) and the facet values they stand for (a ticked value).
  var WHEN = { werktags: "werktags" }; // label or value -> the word after "Termin"
  var SAID_AS = { kostenlos: "kostenfreier Teilnahme", kostenfrei: "kostenfreier Teilnahme" };
  CHIPS.forEach(function (rule) {
    if (["tageszeit", "wochentag", "wochentage"].indexOf(rule[1]) >= 0) WHEN[rule[3]] = WHEN[rule[2]] = rule[3];
    if (rule[1] === "format") SAID_AS[rule[3]] = SAID_AS[rule[2]] = "Format " + rule[2];
  });
  // A scope or a length by its filter's name: "mit Umfang Teilzeit", "mit Dauer bis 1 Woche".
  FACETS.forEach(function (facet) {
    if (facet.key === "umfang" || facet.key === "dauer") (facet.order || []).forEach(function (value) { SAID_AS[value] = SAID_AS[value] || facet.label + " " + value; });
  });
  function phrased(labels) {
    var when = [], rest = [];
    labels.forEach(function (label) {
      var word = WHEN[label];
      if (word) {
        if (when.indexOf(word) < 0) when.push(word);
      } else if (rest.indexOf(SAID_AS[label] || label) < 0) {
        rest.push(SAID_AS[label] || label);
      }
    });
    return (when.length ? ["Termin " + when.join(" ")] : []).concat(rest).join(", ");
  }

  // A stem searched as a prefix reads as one: "förder…".
  function shownWords(words) {
    return words.map(function (w) { return /[a-zäöüß]$/.test(w) && w === w.toLowerCase() && answer.stems[w] ? w + "…" : w; });
  }

  function renderNotes() {
    notes.innerHTML = "";
    var n = answer.resolved.notes || {};
    var a = answer.analysis;
    var lines = [];
    var final = answer.resolved.words;
    if (n.level) {
      lines.push(el("p", {}, [quoted(n.level.level) + " passt zu keinem Angebot, das von " + quoted(n.level.topic)
        + " handelt – hier alle Treffer für " + quoted(n.level.topic) + "."]));
    } else if (n.passing) {
      lines.push(el("p", {}, ["Die Angebote mit " + quoted(n.passing.typed) + " nennen die Wörter nur nebenbei – hier die Treffer für "
        + quoted(n.passing.topic) + "."]));
    } else if (a.words.length && final.length && final.join(" ") !== a.words.join(" ")) {
      var none = answer.perKind.every(function (k) { return !k.results.length; });
      lines.push(el("p", {}, [none
        ? "Gesucht wurde " + quoted(shownWords(final)) + " statt " + quoted(a.words) + "."
        : "Keine Treffer für " + quoted(a.words) + " – Treffer für " + quoted(shownWords(final)) + "."]));
    }
    if (n.unknown && n.unknown.length && (final.length || answer.resolved.nothing)) {
      // School holidays of a Land the guide has no table for (site.yaml state, content/schulferien.csv):
      // not a word missing from the pages, but dates the site does not know.
      var holidays = n.unknown.filter(function (w) { return SCHOOL_HOLIDAY.test(fold(w)); });
      var words = n.unknown.filter(function (w) { return holidays.indexOf(w) < 0; });
      if (words.length) lines.push(el("p", {}, [quoted(words) + (words.length === 1 ? " kommt" : " kommen") + " auf dieser Website nicht vor."]));
      if (holidays.length) {
        lines.push(el("p", {}, ["Die Termine der " + quoted(holidays) + " kennt diese Website nicht – suchen Sie mit einem Zeitraum, z. B. „im April“ oder „vom 1.4. bis 12.4.“."]));
      }
    }
    if (a.holidays) {
      // Typed school holidays the site has no dates for (``unknownHolidays``): the results are
      // those of the other words (or all), without a start range.
      lines.push(el("p", {}, ["Die Termine der " + a.holidays.map(function (h) { return quoted([h.name]); }).join(" und ")
        + " kennt diese Website nicht – hier " + (a.words.length || a.chips.length ? "die Treffer" : "alle Angebote") + " ohne Zeitraum. "
        + "Suchen Sie mit einem Zeitraum, z. B. „im August“ oder „vom 2.8. bis 13.8.“."]));
    }
    if (answer.aside && answer.art === KINDS[0].art) {
      lines.push(el("p", {}, ["Kein Angebot für " + quoted(shownWords(final)) + " ist als " + answer.aside.label + " eingetragen – hier die Angebote ohne diesen Filter. "
        + "Fragen Sie die Anbieter, ob sie auch in Ihrem Betrieb schulen."]));
    }
    // Said only of the tab open, where looser words added something: after the words' own
    // results ("Wenige Treffer – danach …"), or instead of them where the words found none there.
    var widened = answer.wider, tab = KINDS.indexOf(kindOf(answer.art));
    if (widened && widened.added[tab]) {
      lines.push(el("p", {}, [widened.own[tab]
        ? "Wenige Treffer – danach folgen Treffer für " + quoted(widened.words) + "."
        : "Keine " + KINDS[tab].label + " für " + quoted(final) + " – hier " + KINDS[tab].label + " für " + quoted(widened.words) + "."]));
    }
    if (answer.also) {
      var each = answer.also.words.map(function (w) { return quoted([w]); }).join(" und für ");
      lines.push(el("p", {}, [answer.also.only
        ? "Kein Angebot nennt " + quoted(final) + " zusammen – hier die Angebote für " + each + "."
        : answer.also.few
          ? (answer.also.few === 1 ? "Nur 1 Angebot nennt " : "Nur " + answer.also.few + " Angebote nennen ") + quoted(final) + " zusammen – danach folgen die Angebote für " + each + "."
          : "Danach folgen die Angebote für " + each + "."]));
    }
    if (!a.words.length && a.dropped.length && !a.chips.length && !answer.page) {
      lines.push(el("p", {}, [quoted(a.dropped) + " ist zu allgemein – hier sind alle Angebote. Grenzen Sie mit einem genaueren Wort oder mit Filtern ein."]));
    }
    // A correction the search ran with is said above ("Keine Treffer für „Exel“ – Treffer für
    // „Excel“"); asked only for one that was dropped again on the way.
    // (A correction may be two words: "Gabelstapler Führerschein".)
    (n.corrected || []).filter(function (pair) {
      return pair[1].split(" ").some(function (w) { return final.join(" ").split(" ").indexOf(w) < 0; });
    }).forEach(function (pair) {
      var button = el("button", { type: "button", "class": "textknopf", text: pair[1] });
      button.addEventListener("click", function () { state.q = state.q.replace(pair[0], pair[1]); commit(true); });
      lines.push(el("p", {}, ["Meinten Sie: ", button, "?"]));
    });
    if (answer.page && answer.art !== "Seite") {
      lines.push(el("p", { "class": "suche-seite" }, [answer.page.lead || "Seite dazu: ", el("a", { href: answer.page.url, text: answer.page.title })]));
    }
    lines.forEach(function (line) { notes.appendChild(line); });
    notes.hidden = !lines.length;
  }

  function renderChips() {
    chipBox.innerHTML = "";
    var a = answer.analysis;
    var range = planning.rangeChip();
    var seats = planning.seatsChip ? planning.seatsChip() : null;
    var firm = planning.inhouseChip ? planning.inhouseChip() : null;
    if (!a.chips.length && !range && !seats && !firm) { chipBox.hidden = true; return; }
    var chip = function (label, remove) {
      var button = el("button", { type: "button", "class": "filterchip", "aria-label": "Filter „" + label + "“ entfernen" }, [
        el("span", { text: label }),
        el("span", { "class": "filterchip__x", "aria-hidden": "true", text: "×" }),
      ]);
      button.addEventListener("click", remove);
      return el("li", {}, [button]);
    };
    var items = a.chips.map(function (c) { return chip(c.label, function () { removeChip(c); }); });
    if (range) items.push(chip(range.label, function () { planning.lift(range); commit(true); input.focus(); }));
    if (seats) items.push(chip(seats.label, function () { planning.lift(seats); commit(true); input.focus(); }));
    if (firm) items.push(chip(firm.label, function () { planning.lift(firm); commit(true); input.focus(); }));
    // The boxes' chips (range, seats, in-house) show what the address holds, typed or ticked:
    // alone they are "Gewählte Filter", not something read from the words.
    var title = a.chips.length ? "Aus Ihrer Eingabe als Filter erkannt:" : "Gewählte Filter:";
    chipBox.appendChild(el("p", { "class": "filterchips__titel", id: "filterchips-titel", text: title }));
    chipBox.appendChild(el("ul", { "class": "filterchips", "aria-labelledby": "filterchips-titel" }, items));
    chipBox.hidden = false;
  }

  // Removing a chip removes its words from the query: the visitor sees what is searched.
  function withoutWords(q, words) {
    var remove = words.map(fold);
    var kept = [];
    var toks = q.split(/\s+/).filter(Boolean);
    for (var i = 0; i < toks.length; i++) {
      var here = toks.slice(i, i + remove.length).map(function (t) { return fold(tokens(t)[0] || ""); });
      if (here.join(" ") === remove.join(" ")) { i += remove.length - 1; continue; }
      kept.push(toks[i]);
    }
    return kept.join(" ");
  }

  // ``words`` (tokens of ``q``) as the visitor wrote them, with the dots of "2. Quartal" and
  // "ab 15.3." that tokens leave out; ``words`` joined where they are not found.
  function asTyped(q, words) {
    var want = words.map(fold).join(" ");
    var toks = q.split(/\s+/).filter(Boolean);
    for (var i = 0; i < toks.length; i++) {
      var here = toks.slice(i, i + words.length);
      if (here.map(function (t) { return fold(tokens(t)[0] || ""); }).join(" ") === want) {
        return here.join(" ").replace(/^[^\wäöüÄÖÜß]+/, "").replace(/[^\wäöüÄÖÜß.]+$/, "");
      }
    }
    return words.join(" ");
  }

  function removeChip(chip) {
    state.q = withoutWords(state.q, chip.words);
    if (chip.key === "art" && state.art === "Beratungsstelle") state.art = "";
    commit(true);
    input.focus();
  }

  function renderTabs() {
    tabs.innerHTML = "";
    KINDS.forEach(function (kind, i) {
      var n = answer.perKind[i].results.length;
      if (kind.art === "Seite" && !n) return;
      var selected = kind.art === answer.art;
      var tab = el("button", {
        type: "button", role: "tab", id: "reiter-" + i, "class": "reiter", "aria-selected": selected ? "true" : "false",
        "aria-controls": "suche-panel", tabindex: selected ? "0" : "-1", "data-art": kind.art,
      }, [kind.label + " ", el("span", { "class": "anzahl", text: "(" + n + ")" })]);
      tabs.appendChild(tab);
      if (selected) {
        panel.setAttribute("aria-labelledby", tab.id);
        if (tabFocus) tab.focus();
      }
    });
    tabFocus = false;
    sortBox.hidden = answer.art !== "Angebot";
  }

  var tabFocus = false; // a tab chosen by keyboard keeps the focus when the tabs are redrawn

  function chooseTab(art, focus) {
    state.art = art;
    tabFocus = !!focus;
    commit(true);
  }

  function showMore(moveFocus) {
    var slice = moreResults.slice(shown, shown + PAGE);
    var firstNew = null;
    var id = runId;
    more.hidden = true;
    return Promise.all(slice.map(function (r) { return r.data().then(function (d) { return [d, r.words || []]; }); })).then(function (items) {
      if (id !== runId) return;
      items.forEach(function (pair) {
        var card = resultCard(pair[0], pair[1]);
        list.appendChild(card);
        if (!firstNew) firstNew = card.querySelector("a");
      });
      shown += slice.length;
      more.hidden = shown >= moreResults.length;
      if (moveFocus && firstNew) firstNew.focus();
    });
  }

  // A clean excerpt: the visible page text (not the extra search words after MARKER) around
  // the most hits, with the hits marked; every character is escaped by textContent.
  function excerpt(item, positions, length) {
    var words = String(item.content || "").split(/\s+/);
    var end = words.indexOf(MARKER);
    if (end < 0) end = words.length;
    var hits = positions.filter(function (l) { return l < end; });
    if (!hits.length) return null;
    var bestStart = 0, bestCount = -1;
    hits.forEach(function (h) {
      var start = Math.max(0, Math.min(h - Math.floor(length / 3), end - length));
      var count = hits.filter(function (x) { return x >= start && x < start + length; }).length;
      if (count > bestCount) { bestCount = count; bestStart = start; }
    });
    var box = el("span");
    if (bestStart > 0) box.appendChild(document.createTextNode("… "));
    var marked = {};
    hits.forEach(function (h) { marked[h] = true; });
    for (var i = bestStart; i < Math.min(end, bestStart + length); i++) {
      if (i > bestStart) box.appendChild(document.createTextNode(" "));
      box.appendChild(marked[i] ? el("mark", { text: words[i] }) : document.createTextNode(words[i]));
    }
    if (bestStart + length < end) box.appendChild(document.createTextNode(" …"));
    return box;
  }

  // The facts of a result card: its metadata, and what is a filter value too (search.py,
  // ``SearchRecord.meta``): the kind of page, provider, funding, in-house and postal codes.
  function cardFacts(item) {
    var facts = {}, filters = item.filters || {};
    Object.keys(item.meta || {}).forEach(function (key) { facts[key] = item.meta[key]; });
    function first(key) { return (filters[key] || [])[0]; }
    facts.art = facts.art || first("art");
    if (facts.art === "Angebot") {
      facts.anbieter = facts.anbieter || first("anbieter");
      facts.inhouse = facts.inhouse || first("inhouse");
      if (!facts.foerderung && filters.foerderung) facts.foerderung = filters.foerderung.join(" · ");
    }
    if (!facts.plz && filters.plz) facts.plz = filters.plz.join(" ");
    return facts;
  }

  function resultCard(item, positions) {
    var meta = cardFacts(item);
    var facts;
    if (meta.art === "Angebot") facts = [meta.termin, meta.ort, meta.format, meta.preis];
    else if (meta.art === "Beratungsstelle") facts = ["Beratungsstelle", meta.organisation, meta.ort];
    else facts = ["Seite"];
    var summary = el("p", { "class": "treffer-text" });
    var cut = meta.art === "Seite" ? excerpt(item, positions, 28) : null;
    if (cut) summary.appendChild(cut);
    else if (meta.summary) summary.textContent = meta.summary;
    else if ((cut = excerpt(item, positions, 28))) summary.appendChild(cut);
    var children = [
      el("h3", { "class": "treffer-titel" }, [el("a", { href: item.url, text: meta.title || item.url })]),
      el("p", { "class": "treffer-fakten", text: facts.filter(Boolean).join(" · ") }),
      summary,
    ];
    if (meta.ausgebucht) children.splice(1, 0, el("p", { "class": "abzeichen abzeichen--ausgebucht", text: "Nächster Termin ausgebucht" }));
    if (meta.anbieter) children.push(el("p", { "class": "treffer-anbieter", text: "Anbieter: " + meta.anbieter }));
    if (meta.telefon) children.push(phoneLine(meta.telefon));
    if (meta.art === "Angebot" && meta.id) {
      children.push(el("div", { "class": "merken-platz", "data-merken": meta.id, "data-titel": meta.title || "" }));
    }
    var li = el("li", { "class": "treffer treffer-" + (meta.art || "seite").toLowerCase() }, [el("article", {}, children)]);
    // The filters in force, ticked or typed ("Stapler Esslingen": the region as a chip): a
    // course in several towns shows its date in the region asked for.
    planning.decorate(li.firstChild, meta, item.filters || {}, answer ? answer.chosen : state.filters);
    document.dispatchEvent(new CustomEvent("lotse:treffer", { detail: li }));
    return li;
  }

  function phoneLine(phone) {
    var tel = phone.replace("(0)", "").replace(/[^+\d]/g, "");
    return el("p", { "class": "treffer-anbieter" }, ["Telefon: ", el("a", { href: "tel:" + tel, text: phone })]);
  }

  // --- No results: never a dead end -------------------------------------------------------

  function zeroHelp(id) {
    var a = answer.analysis;
    return Promise.all([loadVocabulary(), loadAllFilters(), removableFilters()]).then(function (got) {
      if (id !== runId) return;
      var voc = got[0], removable = got[2];
      help.innerHTML = "";
      help.appendChild(el("h3", { id: "hilfe-titel", text: (noOfferNarrowed() ? "Kein Angebot mit diesen Filtern" : "Keine Treffer") + " – so finden Sie trotzdem etwas" }));
      var suggestions = [];
      a.words.forEach(function (w) { var c = correction(voc, w); if (c && fold(c) !== fold(w)) suggestions.push([w, c]); });
      if (suggestions.length) {
        var fixed = state.q;
        suggestions.forEach(function (pair) { fixed = fixed.replace(pair[0], pair[1]); });
        var button = el("button", { type: "button", "class": "textknopf", text: fixed });
        button.addEventListener("click", function () { state.q = fixed; commit(true); });
        var offer = el("p", { "class": "hilfe-vorschlag", hidden: "" }, ["Meinten Sie: ", button, "?"]);
        help.appendChild(offer);
        // Offered only where the corrected words find something under the same filters:
        // "Kickboxen Berlin" found nothing because the course has begun, and "Kickbox Berlin"
        // would find nothing either (the filter to lift is named below).
        var corrected = a.words.map(function (w) {
          var pair = suggestions.filter(function (s) { return s[0] === w; })[0];
          return pair ? pair[1] : w;
        }).join(" ");
        Promise.all(KINDS.slice(0, 2).map(function (kind) { return find(corrected, filtersFor(kind, answer.chosen)); })).then(function (rs) {
          if (id === runId && rs.some(function (r) { return r.results.length; })) offer.hidden = false;
        });
      }
      if (removable.length) {
        help.appendChild(el("p", { text: "Diese Filter schließen Treffer aus:" }));
        help.appendChild(el("ul", { "class": "hilfe-filter" }, removable.map(function (r) {
          var b = el("button", { type: "button", "class": "knopf knopf--zweit" }, [(r.text || "„" + r.label + "“ entfernen") + " (" + plural(r.count, "Treffer", "Treffer") + ")"]);
          b.addEventListener("click", r.undo);
          return el("li", {}, [b]);
        })));
      }
      help.appendChild(el("h4", { text: "Tipps" }));
      help.appendChild(el("ul", {}, [
        el("li", { text: "Prüfen Sie die Schreibweise." }),
        el("li", { text: "Nehmen Sie ein allgemeineres Wort, zum Beispiel „Pflege“ statt „Pflegefachkraftkurs“." }),
        el("li", { text: "Schreiben Sie weniger Wörter oder entfernen Sie Filter." }),
      ]));
      return relatedTopics(voc).then(function (topics) {
        if (id !== runId) return;
        if (topics.length) {
          help.appendChild(el("h4", { text: topics.related ? "Passende Themen" : "Beliebte Themen" }));
          help.appendChild(el("ul", { "class": "chips" }, topics.map(function (t) {
            return el("li", {}, [el("a", { "class": "chip", href: t.url }, [t.label + " ", el("span", { "class": "anzahl", text: "(" + t.count + ")" })])]);
          })));
        }
        var points = nearestAdvice(voc);
        if (points.length) {
          help.appendChild(el("h4", { text: "Lieber fragen? Die Lotsen beraten kostenlos" }));
          help.appendChild(el("ul", { "class": "hilfe-beratung" }, points.map(function (p) {
            var tel = p.telefon ? phoneLine(p.telefon) : null;
            return el("li", {}, [el("a", { href: p.url, text: p.name }), el("span", { "class": "gedaempft", text: " – " + p.ort }), tel]);
          })));
          if (voc.start) help.appendChild(el("p", {}, [el("a", { href: voc.start, text: "Alle Beratungsstellen" })]));
        }
        help.hidden = false;
      });
    });
  }

  // For each filter in force, how many results its removal would bring, with the undo.
  function removableFilters() {
    var a = answer.analysis;
    var words = answer.resolved.words.length ? answer.resolved.words : a.words;
    var items = [];
    a.chips.filter(function (c) { return c.key !== "art"; }).forEach(function (chip) {
      items.push({ label: chip.label, without: function (f) { return (chip.values || [chip.value]).reduce(function (g, v) { return dropValue(g, chip.key, v); }, f); }, undo: function () { removeChip(chip); } });
    });
    Object.keys(state.filters).forEach(function (key) {
      state.filters[key].forEach(function (value) {
        items.push({
          label: value, without: function (f) { return dropValue(f, key, value); },
          undo: function () {
            var rest = state.filters[key].filter(function (v) { return v !== value; });
            if (rest.length) state.filters[key] = rest; else delete state.filters[key];
            commit(true);
          },
        });
      });
    });
    planning.constraints().forEach(function (c) {
      items.push({
        label: c.label, text: c.text, without: function (f) { return f; }, planned: c,
        undo: function () {
          planning.lift(c);
          if (c.later) state.sort = "beginn"; // the earliest of the later starts first
          commit(true);
        },
      });
    });
    // Offers and advisory points the words find with ``chosen`` and without the ``lifted``
    // planning constraints, counted as the search counts: hits only through a short prefix
    // ("Word" → "wo") are none.
    function count(chosen, lifted) {
      var constraint = { lift: function (p) { lifted.forEach(function (c) { c.lift(p); }); } };
      // Offers alone when advisory points ignore the filters (``noOfferNarrowed``).
      return Promise.all(KINDS.slice(0, noOfferNarrowed() ? 1 : 2).map(function (kind) {
        return find(words.join(" ") || null, planning.without(constraint, function () { return filtersFor(kind, chosen); }));
      })).then(function (rs) {
        var n = rs.reduce(function (sum, r) { return sum + r.results.length; }, 0);
        return prefixOnly(rs[0].results[0] || (rs[1] && rs[1].results[0]), words).then(function (junk) {
          return junk.length ? 0 : n;
        });
      });
    }
    return Promise.all(items.map(function (item) {
      return count(item.without(answer.chosen), item.planned ? [item.planned] : []).then(function (n) { item.count = n; return item; });
    })).then(function (all) {
      var helping = all.filter(function (i) { return i.count > 0; });
      if (helping.length || all.filter(function (i) { return !(i.planned && i.planned.standard); }).length < 2) return helping;
      // No one filter is in the way, but together they are ("Pflegehelfer" in a region, with
      // free seats only, where the guide has it elsewhere and full): one button lifts them all.
      var planned = all.filter(function (i) { return i.planned && !i.planned.standard; }).map(function (i) { return i.planned; });
      return count({}, planned).then(function (n) {
        if (!n) return [];
        return [{
          text: "Alle Filter entfernen", count: n,
          undo: function () {
            a.chips.filter(function (c) { return c.key !== "art"; }).forEach(function (c) { state.q = withoutWords(state.q, c.words); });
            state.filters = {};
            planned.forEach(function (c) { planning.lift(c); });
            commit(true);
          },
        }];
      });
    });
  }

  function dropValue(chosen, key, value) {
    var out = {};
    Object.keys(chosen).forEach(function (k) {
      var rest = chosen[k].filter(function (v) { return !(k === key && v === value); });
      if (rest.length) out[k] = rest;
    });
    return out;
  }

  // Topics of what each word finds alone; else the topics with the most offers.
  function relatedTopics(voc) {
    var words = answer.analysis.words;
    var counts = {};
    return Promise.all(words.map(function (w) {
      return find(w, OFFERS).then(function (r) {
        return prefixOnly(r.results[0], [w]).then(function (junk) { return junk.length ? { results: [], filters: {} } : r; });
      });
    })).then(function (rs) {
      var related = false;
      rs.forEach(function (r) {
        Object.keys((r.filters || {}).thema || {}).forEach(function (label) {
          counts[label] = (counts[label] || 0) + r.filters.thema[label];
          related = related || r.filters.thema[label] > 0;
        });
      });
      if (!related) counts = (allFilters && allFilters.thema) || {};
      var list = voc.themen.filter(function (t) { return counts[t.label] > 0; }).map(function (t) {
        return { label: t.label, url: t.url, count: counts[t.label] };
      }).sort(function (x, y) { return y.count - x.count; }).slice(0, 4);
      list.related = related;
      return list;
    });
  }

  // Advisory points in the region of the query or the chosen filter, else general ones.
  function nearestAdvice(voc) {
    var regions = answer.chosen.region || [];
    var points = voc.beratung.filter(function (p) { return regions.indexOf(p.region) >= 0; });
    if (!points.length) points = voc.beratung.filter(function (p) { return p.art === "weiterbildungsberatung"; });
    if (!points.length) points = voc.beratung;
    return points.slice(0, 3);
  }

  // --- Facets -----------------------------------------------------------------------------

  // Pagefind counts a filter's values among the results only once that filter's file is
  // loaded (a search loads the files of the filters it names). Where an answer needs one
  // counted before the list is shown (the topics of a word's offers: ``aboutOneThing``,
  // ``looser``; the funding programmes: ``moneyPage``), only that file is loaded, beside the
  // word chunks of ``term``, which is searched next: all of them (``loadAllFilters``) were
  // 22 files, 550 kB at 10,000 offers, before the first list. The counts are the same.
  var loadedKeys = {}; // filter key -> promise of its file loaded
  function loadFilters(keys, term) {
    if (allFilters) return Promise.resolve(allFilters).then(function () { return null; }); // all loaded, or loading
    var wanted = {};
    keys.forEach(function (key) { if (!loadedKeys[key]) wanted[key] = { any: [] }; });
    var named = Object.keys(wanted);
    if (named.length) {
      var loading = pagefind.preload(term || null, { filters: wanted }).catch(function () {}).then(function () {
        filtersLoaded += " " + named.join(" ");
      });
      named.forEach(function (key) { loadedKeys[key] = loading; });
    }
    return Promise.all(keys.map(function (key) { return loadedKeys[key]; })).then(function () { return null; });
  }

  // The filter values a start range or a place is worked out from before the first search
  // (suche-planung.js ``rangeDays``, ``placedStarts``, ``codesByDistance``): the start days,
  // the postal codes, the pairs of a place and a start; and "art", which every page has (the
  // values hold something, as ``pagefind.filters()`` did). Those files only, their values read
  // off a search of all pages (the same values as Pagefind's list of every filter): all
  // filters were 22 files, 551 kB at 10,000 offers, before the first list.
  var PLANNING_KEYS = ["art", "plz", "starttag", "startfrei", "ortbeginn", "ortstart", "ortfrei", "plzbeginn", "plzstart", "plzfrei"];
  var planningValues = null;
  function loadPlanningValues() {
    if (allFilters) return loadAllFilters();
    if (!planningValues) {
      planningValues = loadFilters(PLANNING_KEYS, null).then(function () {
        return pagefind.search(null, { filters: {} });
      }).then(function (r) { return (r && r.filters) || {}; });
    }
    return planningValues;
  }

  function loadAllFilters() {
    if (!allFilters) {
      allFilters = pagefind.filters().then(function (f) { allFilters = f || {}; filtersLoaded = "*"; return allFilters; });
    }
    return Promise.resolve(allFilters);
  }

  // Counts per facet for the open tab, once Pagefind has every filter list (loaded after the
  // first answer is on screen, so the first search does not wait for them).
  function facetCounts(id) {
    var kind = kindOf(answer.art);
    return loadAllFilters().then(function (totals) {
      if (id !== runId) return;
      var facets = FACETS.filter(function (f) { return !kind.keys || kind.keys.indexOf(f.key) >= 0; });
      var term = answer.term || null;
      var main = answer.perKind[KINDS.indexOf(kind)];
      return Promise.all(facets.map(function (facet) {
        if (!(answer.chosen[facet.key] || []).length) return find(term, shownFilters(kind, answer.chosen));
        return find(term, shownFilters(kind, answer.chosen, facet.key));
      })).then(function (answers) {
        if (id !== runId) return;
        var counts = {};
        facets.forEach(function (facet, i) { counts[facet.key] = ((answers[i] || main).filters || {})[facet.key] || {}; });
        return placedCounts(kind, term, counts).then(function () {
          return onlineCounts(kind, term, counts);
        }).then(function (alsoOnline) {
          if (id !== runId) return;
          renderFacets(facets, counts, totals, alsoOnline);
          facetBox.setAttribute("aria-busy", "false");
        });
      });
    });
  }

  // A course given at several places ("orte: mehrere") counts under each of its regions and
  // each of its months; but a region chosen with a start holds for one date (suche-planung.js
  // ``placedStarts``), so choosing a value may find fewer than such a count said. The counts of
  // region (with a start chosen) and month (with a region chosen) are set right for those few
  // offers: the value's count less theirs, plus how many of them choosing it finds.
  function placedCounts(kind, term, counts) {
    if (kind.art !== "Angebot") return Promise.resolve(counts);
    var chosen = answer.chosen;
    function withSeveral(filters) {
      filters.all = (filters.all || []).concat([{ orte: { any: ["mehrere"] } }]);
      return filters;
    }
    var starts = (chosen.beginn || []).length > 0 || planning.ranged();
    var jobs = [["region", starts], ["beginn", (chosen.region || []).length > 0]].filter(function (job) {
      return job[1] && counts[job[0]];
    }).map(function (job) {
      var key = job[0];
      return find(term, withSeveral(shownFilters(kind, chosen, key))).then(function (r) {
        var over = (r.filters || {})[key] || {};
        return Promise.all(Object.keys(over).filter(function (v) { return over[v] > 0; }).map(function (value) {
          var one = {};
          Object.keys(chosen).forEach(function (k) { one[k] = chosen[k].slice(); });
          one[key] = [value];
          return find(term, withSeveral(shownFilters(kind, one))).then(function (exact) {
            counts[key][value] = Math.max(0, (counts[key][value] || 0) - over[value] + exact.results.length);
          });
        }));
      });
    });
    return Promise.all(jobs).then(function () { return counts; });
  }

  // With "Online-Angebote einbeziehen" (the default) a region chosen keeps every online offer
  // (planning ``apply``), so "Esslingen" finds the 3 courses there and the 1 online. Its label
  // says so, "Esslingen (3 + 1 online)", where the 3 are counted under the region: a region
  // with none of its own is not offered for the online ones alone.
  // Region -> how many online offers choosing it brings along ({} where none or not counted).
  function onlineCounts(kind, term, counts) {
    var more = {};
    if (kind.art !== "Angebot" || !counts.region || !planning.online()) return Promise.resolve(more);
    var filters = shownFilters(kind, answer.chosen, "region");
    filters.all = (filters.all || []).concat([{ format: { any: ["Online"] } }]);
    return find(term, filters).then(function (r) {
      var inRegion = (r.filters || {}).region || {};
      Object.keys(counts.region).forEach(function (value) {
        var n = r.results.length - (inRegion[value] || 0);
        if (counts.region[value] > 0 && n > 0) more[value] = n;
      });
      return more;
    });
  }

  // Without suche-planung.js: months in order, scales (facet.order) in theirs, the rest A–Z.
  function valueOrder(facet, values) {
    if (facet.key === "beginn") return values.sort(function (a, b) { return monthKey(a) - monthKey(b); });
    var own = facet.order || [];
    return values.sort(function (a, b) { return (own.indexOf(a) - own.indexOf(b)) || a.localeCompare(b, "de"); });
  }

  function monthKey(label) {
    if (label === "jederzeit") return -1;
    var parts = label.split(" ");
    return Number(parts[1]) * 12 + MONTHS.indexOf(parts[0]);
  }

  function renderFacets(facets, counts, totals, alsoOnline) {
    var openKeys = {};
    facetBox.querySelectorAll("details").forEach(function (d) { openKeys[d.getAttribute("data-key")] = d.open; });
    // The facets are redrawn; keep the keyboard on the checkbox it was on.
    var active = document.activeElement;
    var focusId = active && facetBox.contains(active) ? active.id : null;
    facetBox.innerHTML = "";
    facets.forEach(function (facet) {
      var selected = answer.chosen[facet.key] || [];
      var known = Object.keys(totals[facet.key] || {});
      selected.forEach(function (v) { if (known.indexOf(v) < 0) known.push(v); });
      var values = planning.order(facet, known.filter(function (v) {
        return (counts[facet.key][v] || 0) > 0 || selected.indexOf(v) >= 0;
      }), counts[facet.key], selected);
      if (!values.length) return;
      var legendId = "facette-" + facet.key;
      var boxes = values.map(function (value) {
        // Ids follow the value, so focus stays on the same checkbox when the list changes.
        var id = legendId + "-" + encodeURIComponent(value).replace(/[^A-Za-z0-9]/g, "_");
        var box = el("input", { type: "checkbox", id: id, name: facet.key, value: value, checked: selected.indexOf(value) >= 0 });
        var more = facet.key === "region" ? alsoOnline[value] : 0;
        var number = (counts[facet.key][value] || 0) + (more ? " + " + more + " online" : "");
        var label = el("label", { "for": id }, [value + " ", el("span", { "class": "anzahl", text: "(" + number + ")" })]);
        return el("li", {}, [box, label]);
      });
      // The summary names the facet; a hidden legend repeating it was read twice. The list is a
      // group named so, which a screen reader says when a visitor jumps to one of its boxes
      // ("Esslingen (2)" alone did not say it was a region).
      var fieldset = el("div", { "class": "facette__inhalt", role: "group", "aria-label": facet.label }, [el("ul", { "class": "facette-werte" }, boxes)]);
      // On a phone all facets start closed, so the results are one scroll away.
      var wide = window.matchMedia("(min-width: 56em)").matches;
      var open = facet.key in openKeys ? openKeys[facet.key] : (wide && (selected.length > 0 || facet.open));
      var title = facet.label + (selected.length ? " (" + selected.length + " gewählt)" : "");
      facetBox.appendChild(el("details", { "class": "facette", "data-key": facet.key, open: open }, [el("summary", { text: title }), fieldset]));
    });
    planning.fold(facetBox);
    var chosenCount = Object.keys(answer.chosen).reduce(function (n, key) { return n + answer.chosen[key].length; }, planning.chosen());
    clear.hidden = !chosenCount;
    filterTitle.textContent = chosenCount ? "Filter (" + chosenCount + " gewählt)" : "Filter";
    var again = focusId && document.getElementById(focusId);
    if (again) again.focus();
  }

  // Without words there is nothing to be relevant to: the list goes by start date, and the
  // sort control says so ("Relevanz" is offered again once words are typed).
  function shownSort() {
    return state.sort === "relevanz" && !state.q.trim() ? "beginn" : state.sort;
  }

  function syncControls() {
    if (input.value !== state.q) input.value = state.q;
    // "Entfernung" only when there is a place to measure from.
    sortByDistance.hidden = !planning.near();
    sortByRelevance.disabled = !state.q.trim();
    sortSelect.value = shownSort();
    planning.sync();
  }

  // --- Skeleton ---------------------------------------------------------------------------

  var statusLine = el("p", { "class": "suche-status" });
  var notes = el("div", { "class": "suche-hinweise", hidden: true });
  var status = el("div", { id: "suche-status" }, [statusLine, notes]);
  // What a screen reader hears (``speak``): the status and its notes once a search is done,
  // after a pause in typing – not every answer to a half-typed word.
  var spoken = el("p", {
    role: "status", "aria-atomic": "true", "class": "suche-ansage",
    style: "position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0",
  });
  var chipBox = el("div", { "class": "filterchips-box", hidden: true });
  var skip = el("a", { "class": "sprunglink sprunglink--ergebnisse", href: "#suche-treffer", text: "Zu den Ergebnissen" });
  var sortSelect = el("select", { id: "suche-sort" }, Object.keys(SORTS).map(function (key) { return el("option", { value: key, text: SORTS[key] }); }));
  var sortBox = el("div", { "class": "suche-sortierung" }, [el("label", { "for": "suche-sort", text: "Sortieren nach" }), sortSelect]);
  var clear = el("button", { type: "button", "class": "knopf knopf--zweit", text: "Alle Filter zurücksetzen", hidden: true });
  var planBox = el("div", { "class": "planung" });
  var facetBox = el("div", { "class": "facetten" }, [el("p", { "class": "gedaempft", text: "Filter werden geladen …" })]);
  var tabs = el("div", { "class": "reiterleiste", role: "tablist", "aria-label": "Art der Treffer" });
  var list = el("ol", { "class": "treffer-liste", id: "suche-treffer", tabindex: "-1" });
  var panel = el("div", { id: "suche-panel", role: "tabpanel" }, [list]);
  var more = el("button", { type: "button", "class": "knopf knopf--zweit", text: "Mehr anzeigen", hidden: true });
  var help = el("section", { "class": "suche-hilfe", "aria-labelledby": "hilfe-titel", hidden: true });

  var filterTitle = el("h2", { id: "filter-titel", text: "Filter" });
  var filterPanel = el("details", { "class": "filter-panel", open: window.matchMedia("(min-width: 56em)").matches }, [
    el("summary", { "class": "filter-panel__kopf" }, [filterTitle]),
    planBox,
    facetBox,
    clear,
  ]);
  // On a phone the open filter panel stands between the form and the results, its count in a
  // bar at the screen's foot: Escape closes it from anywhere inside and leaves the focus on its
  // heading, where it was opened (a list or date picker open in it takes its own Escape first).
  filterPanel.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || !filterPanel.open || window.matchMedia("(min-width: 56em)").matches) return;
    event.preventDefault();
    filterPanel.open = false;
    filterPanel.querySelector("summary").focus();
  });
  var layout = el("div", { "class": "suche-layout" }, [
    el("section", { "class": "suche-filter", "aria-labelledby": "filter-titel" }, [filterPanel]),
    el("section", { "class": "suche-ergebnisse", "aria-labelledby": "ergebnis-titel" }, [
      el("h2", { id: "ergebnis-titel", text: "Ergebnisse" }),
      tabs,
      el("div", { "class": "suche-kopf" }, [status, spoken, sortBox]),
      panel,
      more,
      help,
    ]),
  ]);

  var sortByDistance = sortSelect.querySelector("option[value=entfernung]");
  var sortByRelevance = sortSelect.querySelector("option[value=relevanz]");
  planning.mount(planBox, function (push, sort) {
    // Choosing a place sorts by distance; taking it away sorts as before.
    if (sort === "entfernung" && state.sort === "relevanz") state.sort = "entfernung";
    if (sort === "relevanz" && state.sort === "entfernung") state.sort = "relevanz";
    if (pagefind) commit(push);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing); // the search as one types is this one: it does not run again after it
    var q = input.value.trim();
    revealing = q ? "sent" : null;
    // (Not when its last word was taken as unfinished: sent, "Diag" is a word of its own.)
    if (typing === null && q === state.q && !unfinished && answer && list.getAttribute("aria-busy") === "false") {
      typedRun = false;
      speak(true); // already answered while typing: said now, once
      reveal();
      return;
    }
    typing = null;
    state.q = q;
    if (pagefind) commit(true);
  });
  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    clearTimeout(speaking);
    typing = setTimeout(function () {
      typing = null;
      state.q = input.value.trim();
      if (pagefind) commit(false, true);
    }, 300);
  });
  skip.addEventListener("click", function (event) {
    event.preventDefault();
    var first = list.querySelector(".treffer-titel a");
    (first || list).focus();
  });
  facetBox.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox") return;
    var chip = answer && answer.analysis.chips.filter(function (c) { return c.key === box.name && c.value === box.value; })[0];
    if (!box.checked && chip) { removeChip(chip); return; }
    var values = (state.filters[box.name] || []).filter(function (v) { return v !== box.value; });
    if (box.checked) values.push(box.value);
    if (values.length) state.filters[box.name] = values;
    else delete state.filters[box.name];
    commit(true);
  });
  tabs.addEventListener("click", function (event) {
    var tab = event.target.closest ? event.target.closest("[role=tab]") : null;
    if (tab) chooseTab(tab.getAttribute("data-art"), true);
  });
  tabs.addEventListener("keydown", function (event) {
    var all = Array.prototype.slice.call(tabs.querySelectorAll("[role=tab]"));
    var at = all.indexOf(document.activeElement);
    if (at < 0) return;
    var next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    var target = all[(next + all.length) % all.length];
    chooseTab(target.getAttribute("data-art"), true);
  });
  sortSelect.addEventListener("change", function () {
    state.sort = sortSelect.value;
    commit(true);
  });
  clear.addEventListener("click", function () {
    // Filters only: the words typed stay (clearing them is the search box's own job).
    state = { q: state.q, filters: {}, sort: state.sort === "entfernung" ? "relevanz" : state.sort, art: "" };
    planning.reset();
    commit(true);
    input.focus();
  });
  // The list says it is busy while the next cards load, as it does for a new search, so a
  // screen reader (and a test) knows when the longer list is complete.
  more.addEventListener("click", function () {
    var id = runId;
    list.setAttribute("aria-busy", "true");
    showMore(true).then(function () {
      if (id === runId) list.setAttribute("aria-busy", "false");
    });
  });
  window.addEventListener("popstate", function () {
    state = readUrl();
    if (pagefind) run();
  });

  // Honest while loading: the form works at once (a submit before Pagefind is ready waits
  // for it), and what the visitor typed meanwhile is what gets searched.
  state = readUrl();
  if (!input.value) input.value = state.q;
  // Arriving with a query or filters (a topic page's "suchen und filtern"), but not by reload
  // or the back button, where the browser puts the page back where it was, nor to a part of
  // the page named in the address.
  var arrival = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if ((state.q || hasAny(state.filters)) && !location.hash && (!arrival || arrival.type === "navigate")) revealing = "arrived";
  if (arrival && arrival.type === "back_forward" && history.state && history.state.lotsePlace) {
    restoring = history.state.lotsePlace;
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  }
  window.addEventListener("pagehide", keepPlace);
  form.parentNode.insertBefore(chipBox, form.nextSibling);
  chipBox.parentNode.insertBefore(skip, chipBox.nextSibling);
  app.appendChild(layout);
  // The search takes the place of the lists for browsing in one step (two shifts of the page
  // were Lighthouse's layout shift of 0.06); they come back if Pagefind cannot be loaded.
  app.hidden = false;
  var browsing = document.querySelectorAll("[data-ohne-js]");
  browsing.forEach(function (node) { node.hidden = true; });
  setBusy(true, "Die Suche wird geladen …");

  import(app.getAttribute("data-pagefind")).then(function (module) {
    // In this page's own thread: on a slow phone Pagefind's worker would load its own copy
    // of the script and data and wait up to five seconds for them before giving up.
    return module.options({ noWorker: true, excerptLength: 28, baseUrl: app.getAttribute("data-base") || "/" }).then(function () { return module; });
  }).then(function (module) {
    pagefind = module;
    document.querySelectorAll("[data-mit-js]").forEach(function (node) { node.hidden = false; });
    if (document.getElementById("suche-tipp")) input.setAttribute("aria-describedby", "suche-tipp");
    // Typed while the script loaded (the typing pause may have ended before it arrived):
    // the address follows the field, so a reload or a shared link keeps the query.
    state.q = input.value.trim();
    var address = urlFor(state);
    if (address !== location.pathname + location.search) history.replaceState(null, "", address);
    run();
  }).catch(function (error) {
    browsing.forEach(function (node) { node.hidden = false; });
    setBusy(false, "Die Suche ist gerade nicht verfügbar. Bitte laden Sie die Seite neu.");
    if (window.console) console.error(error);
  });
})();
