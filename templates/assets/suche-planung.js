// Lotse search page: planning a course – availability, start range, distance, facet order,
// the result count on a phone, and the facts of a result card.
//
// suche.js owns the search itself; this file keeps the planning state and turns it into
// Pagefind filters. suche.js calls it at a few places only (window.LotsePlanung):
//   read(params, understood) / write(params)   URL state (?von=…&bis=…&wann=…&plz=…&umkreis=…&online=nein&begonnene=ja&frei=ja&inhouse=ja);
//                                    ``understood(words)``: the start range typed words say ({from, to} or null)
//   place(code, name)                a postal code (or a town's) typed into the search box becomes the place (Promise: known?)
//   between(from, to, words, whose) / seats() / inhouse()   a start range, free seats, an in-house course typed into the
//                                    search box; rangeChip() / seatsChip() / inhouseChip() their chips (while set)
//   narrows()                        whether a constraint only offers have is chosen (a start range, in-house)
//   apply(filters, leaveOut, art)    adds the planning constraints to a Pagefind filter object
//   active() / reset() / describe()  for "reset all", the status line and the clear button
//   ready(loadIndex)                 a Promise: what a search with the current plan needs first
//   constraints() / without(c, build) / lift(c)   for the "no results" help: what can be lifted
//   mount(box, onChange)             builds the controls (in the filter panel)
//   order(facet, values, counts, selected)   facet values: by count (a ticked one stays in place)
//   fold(facetBox)                   long value lists show ten values and a button for the rest
//   count(n, panel)                  "N Treffer anzeigen" at the foot of the open filter panel
//   byDistance(find, filters, answer)        results ordered by distance (a Promise)
//   decorate(article, meta, filters, chosen)   the start found, times, duration, funding, distance on a result card
//
// Defaults, decided like KURSNET and the Q-Guide do: "Noch nicht begonnen" is on, so courses
// that have begun without late entry are left out (they cannot be joined); a booked-out course
// stays in (seat numbers are optional, many say nothing, and a waiting list may help), "nur mit
// freien Plätzen" leaves it out; online offers stay in when a place is chosen (they can be
// joined from anywhere). Places are postal-code centroids (suche/orte.json, © OpenStreetMap
// contributors, ODbL); a position from "Mein Standort" is asked only on that click and never
// leaves the browser (it is not written into the address either).
(function () {
  "use strict";

  var app = document.getElementById("suche-app");
  if (!app || !window.fetch) return;

  var TODAY = app.getAttribute("data-heute") || new Date().toISOString().slice(0, 10);
  var PLACES_URL = app.getAttribute("data-orte");
  var RADII = [10, 25, 50];
  var SHOWN = 10; // values a long facet shows before "Alle … zeigen"
  var FACET_ORDER = {};
  JSON.parse(app.getAttribute("data-facets") || "[]").forEach(function (f) { FACET_ORDER[f.key] = f.order || null; });
  var MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
  // The in-house filter as chip, status line ("mit Inhouse-Schulung") and no-results help name it.
  var INHOUSE_LABEL = "Inhouse-Schulung";

  var plan = defaults();
  var index = {}; // Pagefind's filter values of the whole index (starttag, startfrei, plz)
  var places = null; // postal code -> [lat, lon], loaded when a place is first used
  var placesLoading = null;
  var expanded = {};
  var controls = null;
  var notify = function () {};

  function defaults() {
    return { begun: false, free: false, inhouse: false, from: "", to: "", plz: "", geo: null, here: false, km: 25, online: true };
  }

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

  function isoDay(value) {
    return /^\d{4}-\d{2}-\d{2}$/.test(value || "") ? value : "";
  }

  function dayText(iso) {
    var p = iso.split("-");
    return p[2] + "." + p[1] + "." + p[0];
  }

  // --- URL state -----------------------------------------------------------------------------

  // ``wann``: the words the visitor typed for the start range ("im Juni"), so that a shared or
  // reloaded link names them as the typed query did. They are named only while they still say
  // these days (``understood``, as a typed query would read them today): "nächsten Monat" opened
  // a month later, a range changed by hand or words put into a link by someone else ("wann=Gratis")
  // show the days alone, as a link without ``wann`` does.
  function read(params, understood) {
    plan = defaults();
    plan.begun = params.get("begonnene") === "ja";
    plan.free = params.get("frei") === "ja";
    plan.inhouse = params.get("inhouse") === "ja";
    plan.from = isoDay(params.get("von"));
    plan.to = isoDay(params.get("bis"));
    var words = (params.get("wann") || "").trim().replace(/\s+/g, " ");
    var says = words && words.length <= 80 && (plan.from || plan.to) && understood ? understood(words) : null;
    said = says && says.from === plan.from && says.to === plan.to ? { from: plan.from, to: plan.to, words: words, whose: says.whose || "" } : null;
    var plz = params.get("plz") || "";
    plan.plz = /^\d{5}$/.test(plz) ? plz : "";
    plan.here = params.get("naehe") === "standort";
    var km = params.get("umkreis");
    plan.km = km === "alle" ? 0 : (RADII.indexOf(Number(km)) >= 0 ? Number(km) : 25);
    plan.online = params.get("online") !== "nein";
    if (plan.plz || plan.here) loadPlaces();
    sync();
  }

  function write(params) {
    if (plan.begun) params.set("begonnene", "ja");
    if (plan.free) params.set("frei", "ja");
    if (plan.inhouse) params.set("inhouse", "ja");
    if (plan.from) params.set("von", plan.from);
    if (plan.to) params.set("bis", plan.to);
    if (saidRange()) params.set("wann", said.words);
    if (plan.plz) params.set("plz", plan.plz);
    else if (plan.here) params.set("naehe", "standort");
    if (hasPlace() && plan.km !== 25) params.set("umkreis", plan.km ? String(plan.km) : "alle");
    if (!plan.online) params.set("online", "nein");
  }

  function hasPlace() {
    return Boolean(plan.plz || plan.here);
  }

  // How many planning choices differ from the defaults (the filter panel's summary counts
  // them with the facet values: a phone shows the panel closed).
  function chosen() {
    return [plan.begun, plan.free, plan.inhouse, Boolean(plan.from || plan.to), hasPlace(), !plan.online].filter(Boolean).length;
  }

  function active() {
    return chosen() > 0;
  }

  function reset() {
    plan = defaults();
    sync();
  }

  // --- Places ----------------------------------------------------------------------------------

  function loadPlaces() {
    if (places || placesLoading || !PLACES_URL) return placesLoading || Promise.resolve(places);
    placesLoading = fetch(PLACES_URL).then(function (r) { return r.json(); }).then(function (data) {
      places = data.codes || {};
      return places;
    }).catch(function () { places = {}; return places; });
    return placesLoading;
  }

  // Where the visitor is: the centroid of their postal code, or their position.
  function origin() {
    if (plan.plz && places && places[plan.plz]) return { lat: places[plan.plz][0], lon: places[plan.plz][1] };
    if (plan.here && plan.geo) return plan.geo;
    return null;
  }

  function km(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b.lat - a.lat) * rad;
    var dLon = (b.lon - a.lon) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371.0088 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }

  // The postal codes of the index (offers' and advisory points' places) with their distance.
  function codesByDistance(from) {
    var out = [];
    Object.keys(index.plz || {}).forEach(function (code) {
      var p = places && places[code];
      if (p) out.push({ code: code, km: km(from, { lat: p[0], lon: p[1] }) });
    });
    return out.sort(function (a, b) { return a.km - b.km || (a.code < b.code ? -1 : 1); });
  }

  function codesWithin(from, radius) {
    return codesByDistance(from).filter(function (c) { return c.km <= radius; }).map(function (c) { return c.code; });
  }

  function distanceOf(meta) {
    var from = origin();
    if (!from || !meta.plz || !places) return null;
    var best = null;
    meta.plz.split(" ").forEach(function (code) {
      var p = places[code];
      if (p) {
        var d = km(from, { lat: p[0], lon: p[1] });
        if (best === null || d < best) best = d;
      }
    });
    return best;
  }

  function kmText(d) {
    return "ca. " + (d < 10 ? (Math.round(d * 10) / 10).toFixed(1).replace(".", ",") : String(Math.round(d))) + " km";
  }

  // --- Filters ---------------------------------------------------------------------------------

  // The start values within the range: bookable starts on its days, a start any time
  // ("jederzeit"), and a running course that can be joined until a day in it or after
  // ("bis:2027-03-31"). With "nur mit freien Plätzen" those of the dates with seats.
  function rangeKey() {
    return plan.free ? "startfrei" : "starttag";
  }

  // The first and last day of the range chosen (an open end: today, or none).
  function rangeBounds() {
    return [plan.from || TODAY, plan.to || "9999-12-31"];
  }

  function rangeDays() {
    if (!plan.from && !plan.to) return null;
    var bounds = rangeBounds(), lo = bounds[0], hi = bounds[1];
    var days = Object.keys(index[rangeKey()] || {}).filter(function (d) {
      if (d === "jederzeit") return hi >= TODAY;
      if (d.indexOf("bis:") === 0) return d.slice(4) >= lo && hi >= TODAY;
      return d >= lo && d <= hi;
    });
    return days.length ? days : ["0000-00-00"]; // nothing starts then: no result
  }

  // The Pagefind filter for starts at places: an offer at one place by its place and its
  // starts; a course given at several ("orte: mehrere") by each chosen place with each chosen
  // month ("ortbeginn") and each day of the range ("ortstart", with free seats "ortfrei"), as
  // search.py's ``placed_starts`` writes them ("Esslingen|2027-01-15"). The places are regions
  // (BY_REGION) or, for the distance, postal codes (BY_CODE: "plzorte", "plzbeginn" …).
  var BY_REGION = { place: "region", several: "orte", month: "ortbeginn", day: "ortstart", free: "ortfrei" };
  var BY_CODE = { place: "plz", several: "plzorte", month: "plzbeginn", day: "plzstart", free: "plzfrei" };
  // The start values that begin on a day (not "jederzeit", nor "bis:…", a running course one
  // can join until then; a place pair "Esslingen|…" by its start), and ``filters`` (as
  // ``apply`` makes them) with only those: what begins in the chosen time, for suche.js to list first.
  var START_KEYS = {};
  ["beginn", "starttag", "startfrei"].concat([BY_REGION, BY_CODE].reduce(function (out, keys) {
    return out.concat([keys.month, keys.day, keys.free]);
  }, [])).forEach(function (key) { START_KEYS[key] = true; });
  function beginsThen(value) {
    var v = String(value), cut = v.lastIndexOf("|");
    v = cut < 0 ? v : v.slice(cut + 1);
    return v !== "jederzeit" && v.indexOf("bis:") !== 0;
  }
  function strictly(filters) {
    if (Array.isArray(filters)) return filters.map(strictly);
    if (!filters || typeof filters !== "object") return filters;
    var out = {};
    Object.keys(filters).forEach(function (key) {
      var value = filters[key];
      if (START_KEYS[key] && value && Array.isArray(value.any)) {
        var kept = value.any.filter(beginsThen);
        out[key] = { any: kept.length ? kept : ["0000-00-00"] };
      } else {
        out[key] = strictly(value);
      }
    });
    return out;
  }

  function placedStarts(keys, places, months, days) {
    // The pairs of a chosen place and a chosen value: those the index holds, once it is loaded
    // (a range or a place loads it; hundreds of postal codes times the days of a range would
    // be a long list), else each place with each value (a few regions and months).
    function pairs(key, values) {
      var at = {}, wanted = {};
      places.forEach(function (p) { at[p] = true; });
      values.forEach(function (v) { wanted[v] = true; });
      if (Object.keys(index).length) {
        return Object.keys(index[key] || {}).filter(function (pair) {
          var cut = pair.indexOf("|");
          return at[pair.slice(0, cut)] && wanted[pair.slice(cut + 1)];
        });
      }
      var out = [];
      places.forEach(function (p) { values.forEach(function (v) { out.push(p + "|" + v); }); });
      return out;
    }
    function filter(key, values) { var f = {}; f[key] = { any: values }; return f; }
    var none = {};
    none[keys.several] = { none: ["mehrere"] };
    var one = [filter(keys.place, places), none];
    var several = []; // [key, pairs]
    if (months) {
      one.push({ beginn: { any: months } });
      several.push([keys.month, pairs(keys.month, months)]);
    }
    if (days) {
      var dayKey = plan.free ? keys.free : keys.day;
      one.push(filter(rangeKey(), days));
      several.push([dayKey, pairs(dayKey, days)]);
    }
    if (several.some(function (s) { return !s[1].length; })) return { all: one }; // no course at several places fits
    var multi = several.map(function (s) { return filter(s[0], s[1]); });
    return { any: [{ all: one }, multi.length > 1 ? { all: multi } : multi[0]] };
  }

  function nearCodes() {
    var from = origin();
    if (!from || !plan.km) return null;
    var codes = codesWithin(from, plan.km);
    return codes.length ? codes : ["00000"];
  }

  // ``filters``: a Pagefind filter object (facet keys with {any: [...]}); ``leaveOut``: the facet
  // whose counts are being worked out; ``art``: the kind of page searched ("Angebot",
  // "Beratungsstelle", "Seite"), or nothing for all kinds at once. Returns the object with the
  // planning constraints that make sense for that kind: dates and seats for offers only, the
  // distance for offers and advisory points (both have a place), nothing for pages.
  function apply(filters, leaveOut, art) {
    var out = {};
    Object.keys(filters || {}).forEach(function (key) { out[key] = filters[key]; });
    if (art === "Seite") return out;
    var offers = art !== "Beratungsstelle";
    var mixed = !art;
    var parts = out.all ? out.all.slice() : [];
    var days = offers ? rangeDays() : null;
    var codes = nearCodes();
    // A place and a start chosen together hold for one date: a course given in Esslingen in
    // January and in Stuttgart in March does not start in Esslingen in March. The region, else
    // the distance; the other (if both are chosen) holds for any date.
    var where = out.region ? BY_REGION : codes ? BY_CODE : null;
    if (art === "Angebot" && where && (out.beginn || days)) {
      var placed = placedStarts(where, where === BY_REGION ? out.region.any : codes, out.beginn ? out.beginn.any : null, days);
      var plain = {}; // an online offer (with "auch online") by its starts alone
      if (out.beginn) plain.beginn = out.beginn;
      if (days) plain[rangeKey()] = { any: days };
      parts.push(plan.online ? { any: [placed, { all: [{ format: "Online" }, plain] }] } : placed);
      if (where === BY_REGION) delete out.region;
      else codes = null;
      delete out.beginn;
      days = null;
    }
    if (out.region && plan.online && offers && leaveOut !== "region") {
      parts.push({ any: [{ region: out.region }, { format: "Online" }] });
      delete out.region;
    }
    if (codes) {
      var near = [{ plz: { any: codes } }];
      if (plan.online && offers) near.push({ format: "Online" });
      if (mixed) near.push({ art: { any: ["Seite"] } });
      parts.push(near.length > 1 ? { any: near } : near[0]);
    }
    if (days) {
      var starting = {};
      starting[rangeKey()] = { any: days };
      parts.push(mixed ? { any: [starting, { art: { none: ["Angebot"] } }] } : starting);
    }
    var wanted = [];
    if (!plan.begun) wanted.push("offen");
    if (plan.free) wanted.push("frei");
    // Only offers have dates: advisory points and pages stay in.
    if (wanted.length && offers) {
      parts.push(mixed ? { any: [{ verfuegbarkeit: { all: wanted } }, { art: { none: ["Angebot"] } }] } : { verfuegbarkeit: { all: wanted } });
    }
    // The same for an in-house course (search.py ``INHOUSE``).
    if (plan.inhouse && offers) {
      parts.push(mixed ? { any: [{ inhouse: { any: ["ja"] } }, { art: { none: ["Angebot"] } }] } : { inhouse: { any: ["ja"] } });
    }
    if (parts.length) out.all = parts;
    return out;
  }

  // Phrases for the status line, which reads "12 Treffer mit …, …".
  // "Beginn zwischen 29.07.2027 und 11.09.2027", with what the visitor typed for it (``named``).
  function rangeText(named) {
    var as = named && saidRange() ? " („" + said.words + "“" + (said.whose ? ", " + said.whose : "") + ")" : "";
    if (plan.from && plan.from === plan.to) return "Beginn am " + dayText(plan.from) + as; // "heute", "diese Woche" on a Sunday
    if (plan.from && plan.to) return "Beginn zwischen " + dayText(plan.from) + " und " + dayText(plan.to) + as;
    if (plan.from) return "Beginn ab " + dayText(plan.from) + as;
    return plan.to ? "Beginn bis " + dayText(plan.to) + as : "";
  }

  function describe(offersOnly) {
    var out = [];
    if (plan.from || plan.to) out.push(rangeText(true));
    if (offersOnly) {
      // What only offers have: a start, seats, a course under way.
      if (plan.free) out.push("freien Plätzen");
      if (plan.inhouse) out.push(INHOUSE_LABEL);
      if (plan.begun) out.push("auch begonnenen Kursen");
      return out;
    }
    if (origin()) {
      var where = plan.plz ? (named && named.code === plan.plz ? named.name + " (" + plan.plz + ")" : plan.plz) : "Ihrem Standort";
      out.push(plan.km ? "Umkreis " + plan.km + " km um " + where : "Entfernung zu " + where);
      if (plan.online) out.push("Online-Angeboten");
    }
    if (plan.free) out.push("freien Plätzen");
    if (plan.inhouse) out.push(INHOUSE_LABEL);
    if (plan.begun) out.push("auch begonnenen Kursen");
    return out;
  }

  // The constraints in force that a visitor can lift when nothing is found, each with its
  // label and what lifting it changes: the "no results" help offers each with its count.
  function constraints() {
    var out = [];
    var range = rangeText(false);
    // Nothing starts in the weeks asked for ("Staplerschein nächste Woche"): what starts after
    // them, earliest first, is what a planner looks at next; then the range lifted altogether.
    if (plan.from && plan.to) {
      out.push({
        label: "Beginn ab " + dayText(plan.from), later: true,
        text: "Später beginnende zeigen (ab " + dayText(plan.from) + ")", lift: function (p) { p.to = ""; },
      });
    }
    if (range) out.push({ label: range, lift: function (p) { p.from = ""; p.to = ""; } });
    if (origin() && plan.km) out.push({ label: "Umkreis " + plan.km + " km", lift: function (p) { p.km = 0; } });
    if (!plan.online) out.push({ label: "ohne Online-Angebote", lift: function (p) { p.online = true; } });
    if (plan.free) out.push({ label: "nur mit freien Plätzen", lift: function (p) { p.free = false; } });
    if (plan.inhouse) out.push({ key: "inhouse", label: INHOUSE_LABEL, lift: function (p) { p.inhouse = false; } });
    // The default (``standard``): "Alle Filter" in the no-results help leaves it, as the reset does.
    if (!plan.begun) out.push({ label: "Noch nicht begonnen", standard: true, lift: function (p) { p.begun = true; } });
    return out;
  }

  // ``build()`` (which calls apply) as if ``constraint`` were lifted.
  function without(constraint, build) {
    var saved = plan;
    plan = {};
    Object.keys(saved).forEach(function (key) { plan[key] = saved[key]; });
    constraint.lift(plan);
    try {
      return build();
    } finally {
      plan = saved;
    }
  }

  // The start range as a chip beside the words' chips ("Januar" in the query becomes the range
  // and leaves the field: the chip shows it, and takes it away), or null.
  function rangeChip() {
    if (!plan.from && !plan.to) return null;
    var typed = saidRange() ? "Beginn: " + said.words : "";
    return { label: typed || rangeText(false), lift: function (p) { p.from = ""; p.to = ""; } };
  }

  // "nur mit freien Plätzen" and the in-house filter as chips beside the words' chips, or null.
  // Typed ("Stapler freie Plätze", "Schweißkurs inhouse") they tick the box and leave the
  // field: the chip shows the filter and takes it away. A chip whenever the box is ticked, as
  // the start range has one: only what the address holds decides the view, so a shared or
  // reloaded link (``?frei=ja``, ``?inhouse=ja``) shows what the visitor saw who made it.
  function seatsChip() {
    return plan.free ? { label: "nur mit freien Plätzen", lift: function (p) { p.free = false; } } : null;
  }

  function inhouseChip() {
    return plan.inhouse ? { label: INHOUSE_LABEL, lift: function (p) { p.inhouse = false; } } : null;
  }

  function lift(constraint) {
    constraint.lift(plan);
    sync();
  }

  // --- Ordering by distance --------------------------------------------------------------------

  // ``find(filters)`` searches with the current words; ``answer`` is the main search's answer.
  // Postal codes in order of distance, each code's results in turn (a code's offers all lie
  // at its centroid); with many codes, codes within the same half kilometre go together.
  // Then whatever has no place (online offers, pages) in the main order. Measured from
  // ``from`` ({lat, lon}: a town typed, ``around``) where given, else from the chosen place.
  function byDistance(find, filters, answer, from) {
    from = from || origin();
    if (!from) return Promise.resolve(answer.results);
    var present = (answer.filters && answer.filters.plz) || {};
    var codes = codesByDistance(from).filter(function (c) { return present[c.code] > 0; });
    var groups = [];
    var width = codes.length > 60 ? 0.5 : 0;
    codes.forEach(function (c) {
      var last = groups[groups.length - 1];
      if (last && width && Math.floor(c.km / width) === last.ring) last.codes.push(c.code);
      else groups.push({ ring: width ? Math.floor(c.km / width) : groups.length, codes: [c.code] });
    });
    var seen = {};
    var ordered = [];
    var chain = Promise.resolve();
    groups.forEach(function (g) {
      chain = chain.then(function () {
        var narrowed = { all: [filters, { plz: { any: g.codes } }] };
        return find(narrowed).then(function (r) {
          (r ? r.results : []).forEach(function (res) {
            if (!seen[res.id]) { seen[res.id] = true; ordered.push(res); }
          });
        });
      });
    });
    return chain.then(function () {
      answer.results.forEach(function (res) { if (!seen[res.id]) { seen[res.id] = true; ordered.push(res); } });
      return ordered;
    });
  }

  // --- Facet values ----------------------------------------------------------------------------

  function monthKey(label) {
    if (label === "jederzeit") return -1;
    var parts = label.split(" ");
    return Number(parts[1]) * 12 + MONTHS.indexOf(parts[0]);
  }

  // Months in order, scales (time of day, duration, price) in their own order, everything else
  // by how many results it adds, then alphabetically. A value ticked stays where it was: its
  // list's counts leave out the list's own choice (facetCounts), so they do not change, and a
  // value that moved to the top when ticked left a screen reader or a phone elsewhere than the
  // visitor. A long list that shows its first values shows a ticked one below them too (fold).
  // (``selected`` is kept in the signature for callers that pass it.)
  function order(facet, values, counts, selected) {
    var key = facet.key || facet;
    var own = FACET_ORDER[key];
    var rank = function (v) {
      if (key === "beginn") return monthKey(v);
      if (own) return own.indexOf(v) < 0 ? own.length : own.indexOf(v);
      return -((counts && counts[v]) || 0);
    };
    return values.slice().sort(function (a, b) {
      return rank(a) - rank(b) || a.localeCompare(b, "de");
    });
  }

  // Long lists show their first values and a button for all; nothing hides in a scroll box.
  function fold(facetBox) {
    facetBox.querySelectorAll(".facette").forEach(function (details) {
      var key = details.getAttribute("data-key");
      var items = details.querySelectorAll(".facette-werte > li");
      if (items.length <= SHOWN + 2) return;
      var open = Boolean(expanded[key]);
      Array.prototype.forEach.call(items, function (li, i) {
        var chosen = li.querySelector("input") && li.querySelector("input").checked;
        li.hidden = !open && i >= SHOWN && !chosen;
      });
      var label = details.querySelector("summary") ? details.querySelector("summary").textContent.replace(/ \(.*$/, "") : key;
      var button = el("button", {
        type: "button",
        "class": "knopf-link facette__mehr",
        "aria-expanded": open ? "true" : "false",
        text: open ? "Weniger zeigen" : "Alle " + items.length + " zeigen",
      });
      // The name starts with the visible words (WCAG 2.5.3) and says which filter it opens.
      button.setAttribute("aria-label", button.textContent + ": " + label);
      button.addEventListener("click", function () {
        expanded[key] = !open;
        var refocus = button.parentNode;
        fold.redo(facetBox);
        var again = refocus && refocus.querySelector(".facette__mehr");
        if (again) again.focus();
      });
      var old = details.querySelector(".facette__mehr");
      if (old) old.remove();
      details.querySelector(".facette__inhalt").appendChild(button);
    });
  }
  fold.redo = fold;

  // --- The count at the foot of the open filter panel (phones) ---------------------------------

  var footer = null;

  function count(n, panel) {
    if (!panel) return;
    if (!footer) {
      var button = el("button", { type: "button", "class": "knopf knopf--haupt filter-fuss__knopf" });
      button.addEventListener("click", function () {
        panel.open = false;
        var target = document.getElementById("ergebnis-titel");
        if (target) {
          target.setAttribute("tabindex", "-1");
          target.focus();
          target.scrollIntoView({ block: "start" });
        }
      });
      footer = el("div", { "class": "filter-fuss" }, [button]);
      panel.appendChild(footer);
    }
    footer.firstChild.textContent = (n === 1 ? "1 Treffer" : n + " Treffer") + " anzeigen";
    var title = panel.querySelector(".filter-panel__anzahl");
    if (!title) {
      title = el("span", { "class": "filter-panel__anzahl" });
      var summary = panel.querySelector("summary");
      if (summary) summary.appendChild(title);
    }
    title.textContent = " · " + (n === 1 ? "1 Treffer" : n + " Treffer");
  }

  // --- Result cards ----------------------------------------------------------------------------

  var WEEKDAYS = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"];

  function longDay(iso) {
    var p = iso.split("-").map(Number);
    return WEEKDAYS[new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay()] + ", " + p[2] + ". " + MONTHS[p[1] - 1] + " " + p[0];
  }

  // The start a result was found by: with a start range or months chosen, its first start in
  // them; for a course given at several places with a region or distance chosen, its first
  // start there (as ``apply`` asks). Null when nothing of that is chosen. ``filters``: the
  // result's filter values; ``chosen``: the chosen facets.
  function matchedStart(filters, chosen) {
    var months = chosen && chosen.beginn && chosen.beginn.length ? chosen.beginn : null;
    var ranged = Boolean(plan.from || plan.to);
    var bounds = rangeBounds();
    var codes = nearCodes();
    var where = chosen && chosen.region && chosen.region.length ? [BY_REGION, chosen.region] : codes ? [BY_CODE, codes] : null;
    var several = where && (filters[where[0].several] || []).indexOf("mehrere") >= 0;
    if (!months && !ranged && !several) return null;
    // For a course at several places, its first start there ("place|day" pairs) with free
    // seats, as the card names the next one elsewhere; else its first start there at all.
    var first = function (key) {
      var pairs = null;
      if (several) {
        pairs = {};
        (filters[key] || []).forEach(function (v) { pairs[v] = true; });
      }
      return (filters[rangeKey()] || []).filter(isoDay).sort().filter(function (d) {
        if (ranged && (d < bounds[0] || d > bounds[1])) return false;
        if (months && months.indexOf(MONTHS[Number(d.slice(5, 7)) - 1] + " " + d.slice(0, 4)) < 0) return false;
        return !pairs || where[1].some(function (p) { return pairs[p + "|" + d]; });
      })[0] || null;
    };
    if (!several) return first(null);
    return first(where[0].free) || (plan.free ? null : first(where[0].day));
  }

  function decorate(article, meta, filters, chosen) {
    if (!article || !meta || meta.art === "Seite") return;
    var facts = article.querySelector(".treffer-fakten");
    // A course found by a later start than its next (March chosen, its next start in February):
    // the card names that start, with the place, price and times of that date (search.py,
    // "termine": only the starts that differ from the card).
    var start = meta.art === "Angebot" && facts ? matchedStart(filters || {}, chosen) : null;
    var times = meta.zeiten;
    if (start && longDay(start) !== meta.termin) {
      var other = {};
      try { other = JSON.parse(meta.termine || "{}"); } catch (e) { other = {}; }
      var at = other[start] || [meta.ort, meta.preis, meta.zeiten];
      facts.textContent = [longDay(start), at[0], meta.format, at[1]].filter(Boolean).join(" · ");
      times = at[2];
    }
    var booked = article.querySelector(".abzeichen--ausgebucht");
    if (booked && meta.ausgebucht && meta.ausgebucht !== "ausgebucht" && meta.ausgebucht !== "ja") booked.textContent = meta.ausgebucht;
    var d = distanceOf(meta);
    if (facts && d !== null) facts.appendChild(el("span", { "class": "treffer-entfernung", text: " · " + kmText(d) }));
    if (meta.art !== "Angebot") return;
    var more = [times, meta.dauer ? "Dauer: " + meta.dauer : null].filter(Boolean);
    var after = facts || article.lastChild;
    if (more.length) {
      var line = el("p", { "class": "treffer-zeiten", text: more.join(" · ") });
      after.parentNode.insertBefore(line, after.nextSibling);
      after = line;
    }
    var badges = (meta.foerderung ? meta.foerderung.split(" · ") : []).map(function (f) {
      return el("li", { "class": "merkmale__gut", text: f + " möglich" });
    });
    if (meta.inhouse) badges.push(el("li", { "class": "merkmale__inhouse", text: "Auch als Inhouse-Schulung" }));
    if (badges.length) {
      var list = el("ul", { "class": "merkmale treffer-merkmale", "aria-label": "Förderung und Buchung" }, badges);
      after.parentNode.insertBefore(list, after.nextSibling);
    }
  }

  // --- Controls --------------------------------------------------------------------------------

  function mount(box, onChange) {
    notify = onChange;
    var fresh = el("input", { type: "checkbox", id: "plan-nicht-begonnen" });
    var free = el("input", { type: "checkbox", id: "plan-frei" });
    var availability = el("fieldset", { "class": "planung__gruppe" }, [
      el("legend", { text: "Verfügbarkeit" }),
      el("div", { "class": "planung__wahl" }, [fresh, el("label", { "for": "plan-nicht-begonnen", text: "Noch nicht begonnen" })]),
      el("p", { "class": "planung__hinweis", id: "plan-nicht-begonnen-hinweis", text: "Kurse mit Einstieg nach dem Beginn bleiben sichtbar." }),
      el("div", { "class": "planung__wahl" }, [free, el("label", { "for": "plan-frei", text: "Nur mit freien Plätzen" })]),
    ]);
    fresh.setAttribute("aria-describedby", "plan-nicht-begonnen-hinweis");
    var inhouse = el("input", { type: "checkbox", id: "plan-inhouse", "aria-describedby": "plan-inhouse-hinweis" });
    var forFirms = el("fieldset", { "class": "planung__gruppe" }, [
      el("legend", { text: "Für Betriebe" }),
      el("div", { "class": "planung__wahl" }, [inhouse, el("label", { "for": "plan-inhouse", text: "Als Inhouse-Schulung buchbar" })]),
      el("p", { "class": "planung__hinweis", id: "plan-inhouse-hinweis", text: "Der Anbieter schult mehrere Beschäftigte in Ihrem Betrieb." }),
    ]);
    var from = el("input", { type: "date", id: "plan-von", min: TODAY });
    var to = el("input", { type: "date", id: "plan-bis", min: TODAY });
    var range = group("zeitraum", "Beginn von – bis", Boolean(plan.from || plan.to), [
      el("div", { "class": "planung__zeile" }, [
        el("div", { "class": "planung__feld" }, [el("label", { "for": "plan-von", text: "von" }), from]),
        el("div", { "class": "planung__feld" }, [el("label", { "for": "plan-bis", text: "bis" }), to]),
      ]),
    ]);
    var plz = el("input", { type: "text", id: "plan-plz", inputmode: "numeric", autocomplete: "postal-code", maxlength: "5", "aria-describedby": "plan-plz-fehler" });
    var plzForm = el("form", { "class": "planung__plz", novalidate: true }, [
      el("label", { "for": "plan-plz", text: "Postleitzahl" }),
      el("div", { "class": "planung__zeile" }, [plz, el("button", { type: "submit", "class": "knopf knopf--zweit", text: "Übernehmen" })]),
    ]);
    var error = el("p", { "class": "feldfehler", id: "plan-plz-fehler", hidden: true });
    var here = el("button", { type: "button", "class": "knopf knopf--zweit", id: "plan-standort", "aria-describedby": "plan-standort-hinweis", text: "Mein Standort" });
    var radius = el("select", { id: "plan-umkreis" }, [el("option", { value: "0", text: "beliebig (nur sortieren)" })].concat(
      RADII.map(function (r) { return el("option", { value: String(r), text: r + " km" }); })
    ));
    var online = el("input", { type: "checkbox", id: "plan-online" });
    var clearPlace = el("button", { type: "button", "class": "knopf-link", id: "plan-ort-weg", text: "Ort entfernen", hidden: true });
    var near = group("naehe", "In der Nähe", hasPlace(), [
      plzForm,
      error,
      el("p", { "class": "planung__standort" }, [here]),
      el("p", { "class": "planung__hinweis", id: "plan-standort-hinweis", text: "Ihr Browser fragt erst nach einem Klick nach Ihrem Standort; er bleibt in Ihrem Browser." }),
      el("div", { "class": "planung__feld" }, [el("label", { "for": "plan-umkreis", text: "Umkreis" }), radius]),
      el("div", { "class": "planung__wahl" }, [online, el("label", { "for": "plan-online", text: "Online-Angebote einbeziehen" })]),
      clearPlace,
      // The centroid table is OpenStreetMap data (ODbL): its use names the source.
      el("p", { "class": "planung__hinweis planung__quelle" }, [
        "Entfernung in Luftlinie zwischen Postleitzahl-Mittelpunkten, © ",
        el("a", { href: "https://www.openstreetmap.org/copyright", rel: "noopener", text: "OpenStreetMap-Mitwirkende" }),
        " (ODbL)",
      ]),
    ]);
    box.appendChild(availability);
    box.appendChild(forFirms);
    box.appendChild(range);
    box.appendChild(near);
    controls = { range: range, near: near, fresh: fresh, free: free, inhouse: inhouse, from: from, to: to, plz: plz, error: error, here: here, radius: radius, online: online, clearPlace: clearPlace };

    fresh.addEventListener("change", function () { plan.begun = !fresh.checked; notify(true); });
    free.addEventListener("change", function () { plan.free = free.checked; notify(true); });
    inhouse.addEventListener("change", function () { plan.inhouse = inhouse.checked; notify(true); });
    [from, to].forEach(function (field) {
      field.addEventListener("change", function () {
        plan.from = isoDay(from.value);
        plan.to = isoDay(to.value);
        if (plan.from && plan.to && plan.to < plan.from) { var t = plan.to; plan.to = plan.from; plan.from = t; }
        notify(true);
      });
    });
    plzForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = plz.value.trim();
      if (!/^\d{5}$/.test(code)) return showError("Bitte geben Sie eine fünfstellige Postleitzahl ein.");
      place(code).then(function (known) {
        if (!known) return showError("Diese Postleitzahl kennen wir nicht, oder sie liegt weit außerhalb der Region.");
        notify(true, "entfernung");
      });
    });
    // While the browser locates, the button says so and ignores clicks; it is not disabled: a
    // disabled button loses the focus, and a keyboard user was left on the page's body.
    var locating = function (busy) {
      if (busy) here.setAttribute("aria-disabled", "true"); else here.removeAttribute("aria-disabled");
    };
    here.addEventListener("click", function () {
      if (here.getAttribute("aria-disabled")) return;
      if (!navigator.geolocation) return showError("Ihr Browser kann den Standort nicht bestimmen.");
      locating(true);
      navigator.geolocation.getCurrentPosition(function (pos) {
        locating(false);
        loadPlaces().then(function () {
          showError("");
          plan.geo = { lat: pos.coords.latitude, lon: pos.coords.longitude };
          plan.here = true;
          plan.plz = "";
          notify(true, "entfernung");
        });
      }, function () {
        locating(false);
        showError("Ihr Standort ist nicht verfügbar. Geben Sie bitte eine Postleitzahl ein.");
      }, { maximumAge: 600000, timeout: 15000 });
    });
    radius.addEventListener("change", function () { plan.km = Number(radius.value); notify(true); });
    online.addEventListener("change", function () { plan.online = online.checked; notify(true); });
    clearPlace.addEventListener("click", function () {
      plan.plz = "";
      plan.here = false;
      plan.geo = null;
      plan.km = 25;
      notify(true, "relevanz");
      plz.focus();
    });
    sync();
  }

  // A closable group like a facet: open on a wide screen, on a phone when it is in use.
  function group(key, title, inUse, children) {
    var wide = window.matchMedia("(min-width: 56em)").matches;
    return el("details", { "class": "facette planung__klappe", "data-key": key, open: wide || inUse }, [
      el("summary", { text: title }),
      // A summary does not name what its details hold: as the facets' values (suche.js), the
      // fields are a group named like it, or a screen reader says a bare "von" or "bis".
      el("div", { "class": "facette__inhalt", role: "group", "aria-label": title }, children),
    ]);
  }

  function showError(text) {
    if (!controls) return;
    controls.error.textContent = text;
    controls.error.hidden = !text;
    controls.plz.setAttribute("aria-invalid", text ? "true" : "false");
  }

  function sync() {
    if (!controls) return;
    controls.fresh.checked = !plan.begun;
    controls.free.checked = plan.free;
    controls.inhouse.checked = plan.inhouse;
    controls.from.value = plan.from;
    controls.to.value = plan.to;
    controls.to.min = plan.from || TODAY;
    if (document.activeElement !== controls.plz) controls.plz.value = plan.plz;
    controls.radius.value = String(plan.km);
    controls.online.checked = plan.online;
    controls.clearPlace.hidden = !hasPlace();
    // A group in use is open (the address may set it after the controls were built).
    if (plan.from || plan.to) controls.range.open = true;
    if (hasPlace()) controls.near.open = true;
    if (plan.here && !plan.geo) showError("Für die Entfernung zu Ihrem Standort klicken Sie bitte auf „Mein Standort“.");
  }

  // Before a search: the centroids for a place, and the index's start days and postal codes
  // for a range or a place (``loadIndex`` gives Pagefind's filter values; without a range or a
  // place the first search does not wait for them).
  function ready(loadIndex) {
    var waits = [];
    if (hasPlace()) waits.push(loadPlaces());
    if ((hasPlace() || plan.from || plan.to) && loadIndex) {
      waits.push(Promise.resolve(loadIndex()).then(function (filters) { index = filters || {}; }));
    }
    return Promise.all(waits);
  }

  // A postal code as the place to measure from, when it is one we know (resolves true), else
  // false: from the Umkreis field, or typed into the search box (which then takes it out of its
  // words). ``name``: the town typed for it, which the status line then names.
  var named = null; // {code, name}
  function place(code, name) {
    return loadPlaces().then(function (table) {
      if (!table[code]) return false;
      showError("");
      named = name ? { code: code, name: name } : null;
      plan.plz = code;
      plan.here = false;
      plan.geo = null;
      sync();
      return true;
    });
  }

  // The postal codes of the index within ``radius`` km of ``code`` (a town typed as a place:
  // suche.js ``nearbyFirst``) and the town's point {lat, lon}; null for a code without a
  // centre. ``loadIndex`` gives Pagefind's filter values (for the codes that occur).
  function around(code, radius, loadIndex) {
    return Promise.all([loadPlaces(), index.plz ? null : Promise.resolve(loadIndex()).then(function (f) { index = f || {}; })]).then(function () {
      var p = places && places[code];
      if (!p) return null;
      var from = { lat: p[0], lon: p[1] };
      return { from: from, codes: codesWithin(from, radius) };
    });
  }

  // A start range said in words ("nächsten Monat"), typed into the search box.
  // ``words``: what the visitor typed for the range ("in den Sommerferien"), named beside its
  // days for as long as the range is the one they said; ``whose``: whose school holidays they
  // were ("Schulferien in Bayern"), where a guide's regions lie in several Länder.
  // The address keeps the words (``wann``) beside the days: ``read``, ``write``.
  var said = null;

  function between(from, to, words, whose) {
    plan.from = from || "";
    plan.to = to || "";
    said = words ? { from: plan.from, to: plan.to, words: words, whose: whose || "" } : null;
    sync();
  }

  // Whether the range in force is the one the visitor said (not changed by hand since).
  function saidRange() {
    return Boolean(said && (plan.from || plan.to) && said.from === plan.from && said.to === plan.to);
  }

  // Free seats said in words ("noch Plätze frei"), typed into the search box.
  function seats() {
    plan.free = true;
    sync();
  }

  // An in-house course asked for in words ("inhouse", "Firmenschulung", "bei uns im Betrieb").
  function inhouseSaid() {
    plan.inhouse = true;
    sync();
  }

  window.LotsePlanung = {
    place: place,
    between: between,
    seats: seats,
    seatsChip: seatsChip,
    inhouse: inhouseSaid,
    inhouseChip: inhouseChip,
    narrows: function () { return Boolean(plan.from || plan.to || plan.inhouse); },
    read: read,
    write: write,
    active: active,
    ranged: function () { return Boolean(plan.from || plan.to); },
    chosen: chosen,
    reset: reset,
    apply: apply,
    strictly: strictly,
    describe: describe,
    constraints: constraints,
    rangeChip: rangeChip,
    without: without,
    lift: lift,
    mount: mount,
    sync: sync,
    ready: ready,
    near: function () { return Boolean(origin()); },
    online: function () { return plan.online; },
    order: order,
    fold: fold,
    count: count,
    byDistance: byDistance,
    around: around,
    decorate: decorate,
  };
})();
