// Lotse /beratung/: advisory points by postal code, by distance and by filters, with an
// "open now" badge from the opening hours in the site's time zone.
//
// Everything happens in the browser: the postal-code table and the points' data come with the
// page (JSON in the data-finder attribute of #beratungsfinder); the position is asked for only
// when "In meiner Nähe" is clicked, and it never leaves the browser. A postal code puts its
// region first and, once the postal-code centroids of the distance search are loaded (the
// search's suche/orte.json, fetched from this site when the field is first used), orders each
// group by distance to the code's centroid, as the offer search measures. Without JavaScript
// the page shows every point by region.
(function () {
  "use strict";

  var finder = document.getElementById("beratungsfinder");
  if (!finder || !finder.hasAttribute("data-finder") || !window.Intl) return;

  var DATA = JSON.parse(finder.getAttribute("data-finder"));
  var DAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"];
  var DAY_LABELS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
  var INTL_DAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  var regionLabels = {};
  DATA.regions.forEach(function (r) { regionLabels[r.id] = r.label; });
  var regionOrder = DATA.regions.map(function (r) { return r.id; });
  var points = DATA.points;
  var cards = {};
  document.querySelectorAll("#beratung-regionen article[data-beratung]").forEach(function (card) {
    cards[card.getAttribute("data-beratung")] = card;
  });

  var form = document.getElementById("finder-plz");
  var plzField = document.getElementById("finder-plz-feld");
  var plzError = document.getElementById("finder-plz-fehler");
  var nearBox = document.getElementById("finder-naehe-box");
  var nearButton = document.getElementById("finder-naehe");
  var statusLine = document.getElementById("finder-status");
  var resetButton = document.getElementById("finder-zurueck");
  var results = document.getElementById("finder-treffer");
  var grouped = document.getElementById("beratung-regionen");
  var selects = Array.prototype.slice.call(finder.querySelectorAll("select[data-filter]"));

  // mode: null, {kind: "plz", code, region} or {kind: "geo", lat, lon}
  var state = { mode: null };

  // --- Postal-code centroids (suche/orte.json), loaded once, when the field is first used ----

  var PLACES_URL = finder.getAttribute("data-orte");
  var places = null; // {"70173": [lat, lon], …} once loaded ({} when it could not be)
  var placesLoading = null;
  var WAIT_FOR_PLACES = 1500; // ms an answer waits for them, to be ordered and said once

  function loadPlaces() {
    if (places || placesLoading || !PLACES_URL || !window.fetch) return placesLoading;
    placesLoading = fetch(PLACES_URL).then(function (r) { return r.ok ? r.json() : {}; }).then(function (data) {
      places = (data && data.codes) || {};
    }).catch(function () { places = {}; });
    return placesLoading;
  }

  // Where a postal code lies (its centroid), or null while unknown.
  function centroid(code) {
    var p = places && places[code];
    return p ? { lat: p[0], lon: p[1] } : null;
  }

  // --- Postal code → region: the same rule as site_builder/postal.py ----------------------

  function regionFor(code, table) {
    var best = null;
    Object.keys(table).sort().forEach(function (region) {
      table[region].forEach(function (pattern) {
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

  // --- Opening hours in the site's time zone -----------------------------------------------

  var zoneClock = new Intl.DateTimeFormat("en-US", {
    timeZone: DATA.timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });

  function siteNow() {
    var parts = {};
    zoneClock.formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return { day: INTL_DAYS[parts.weekday], minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
  }

  function minutes(clock) {
    var hm = clock.split(":");
    return Number(hm[0]) * 60 + Number(hm[1]);
  }

  function clockText(clock) {
    return clock.charAt(0) === "0" ? clock.slice(1) : clock;
  }

  // {open: true, until} or {open: false, day (offset in days), from}; null without hours.
  function openingState(hours, now) {
    if (!hours.length) return null;
    for (var offset = 0; offset <= 7; offset++) {
      var day = DAYS[(now.day + offset) % 7];
      var spans = hours.filter(function (h) { return h.days.indexOf(day) >= 0; })
        .sort(function (a, b) { return minutes(a.from) - minutes(b.from); });
      for (var i = 0; i < spans.length; i++) {
        var from = minutes(spans[i].from);
        var to = minutes(spans[i].to);
        if (offset === 0 && from <= now.minutes && now.minutes < to) return { open: true, until: spans[i].to };
        if (offset > 0 || from > now.minutes) return { open: false, offset: offset, day: (now.day + offset) % 7, from: spans[i].from };
      }
    }
    return null;
  }

  function openingText(s) {
    if (s.open) return "Jetzt geöffnet bis " + clockText(s.until);
    var when = s.offset === 0 ? "heute" : DAY_LABELS[s.day];
    return "Geschlossen, öffnet " + when + " " + clockText(s.from);
  }

  function badge(point, now) {
    var s = openingState(point.hours, now);
    if (!s) return null;
    var node = document.createElement("p");
    node.className = "oeffnung " + (s.open ? "oeffnung--offen" : "oeffnung--zu");
    node.setAttribute("data-oeffnung", s.open ? "offen" : "zu");
    node.textContent = openingText(s);
    return node;
  }

  function placeBadge(card, node) {
    var old = card.querySelector(".oeffnung");
    if (old) old.remove();
    if (!node) return;
    var after = card.querySelector(".karte__unterzeile") || card.querySelector(".karte__titel");
    after.insertAdjacentElement("afterend", node);
  }

  function refreshBadges() {
    var now = siteNow();
    points.forEach(function (point) {
      var own = cards[point.id];
      if (own) placeBadge(own, badge(point, now));
      results.querySelectorAll("article[data-beratung='" + point.id + "']").forEach(function (card) {
        placeBadge(card, badge(point, now));
      });
    });
  }

  // --- Distance ----------------------------------------------------------------------------

  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b.lat - a.lat) * rad;
    var dLon = (b.lon - a.lon) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }

  function kmText(km) {
    var value = km < 10 ? (Math.round(km * 10) / 10).toFixed(1).replace(".", ",") : String(Math.round(km));
    return "ca. " + value + " km entfernt";
  }

  // The points' distances from ``here`` and the notes that state them ("ca. 12 km entfernt");
  // ``order`` sorts by them, the nearest first, points without a position last (by region).
  function measure(found, here, byRegion) {
    var dist = {};
    var notes = {};
    found.forEach(function (p) {
      dist[p.id] = p.geo ? distanceKm(here, p.geo) : Infinity;
      notes[p.id] = p.geo ? kmText(dist[p.id]) : "Entfernung unbekannt";
    });
    return {
      notes: notes,
      order: function (a, b) { return (dist[a.id] - dist[b.id]) || byRegion(a, b); },
    };
  }

  // --- Choosing and ordering -----------------------------------------------------------------

  function filters() {
    var chosen = {};
    selects.forEach(function (select) { if (select.value) chosen[select.getAttribute("data-filter")] = select.value; });
    return chosen;
  }

  function matches(point, chosen) {
    return Object.keys(chosen).every(function (key) { return point[key].indexOf(chosen[key]) >= 0; });
  }

  function regionRank(point) {
    return regionOrder.indexOf(point.region);
  }

  function card(point, level, note) {
    var copy = cards[point.id].cloneNode(true);
    var title = copy.querySelector(".karte__titel");
    if (title && title.tagName !== "H" + level) {
      var heading = document.createElement("h" + level);
      heading.className = title.className;
      while (title.firstChild) heading.appendChild(title.firstChild);
      title.replaceWith(heading);
    }
    var where = document.createElement("p");
    where.className = "karte__region";
    where.textContent = "Region " + (regionLabels[point.region] || point.region) + (note ? " · " + note : "");
    copy.querySelector(".karte__titel").insertAdjacentElement("afterend", where);
    var li = document.createElement("li");
    li.appendChild(copy);
    return li;
  }

  function list(items, level, notes) {
    var ul = document.createElement("ul");
    ul.className = "kartenliste kartenliste--beratung finder__liste";
    items.forEach(function (point) { ul.appendChild(card(point, level, notes ? notes[point.id] : "")); });
    return ul;
  }

  function heading(text) {
    var h = document.createElement("h3");
    h.className = "finder__gruppe";
    h.textContent = text;
    return h;
  }

  function count(n) {
    return n === 1 ? "1 Beratungsstelle" : n + " Beratungsstellen";
  }

  function render() {
    var chosen = filters();
    var active = state.mode || Object.keys(chosen).length;
    grouped.hidden = !!active;
    results.hidden = !active;
    resetButton.hidden = !active && !plzField.value;
    results.innerHTML = "";
    if (!active) {
      statusLine.textContent = "";
      return;
    }
    var found = points.filter(function (p) { return matches(p, chosen) && cards[p.id]; });
    var byRegion = function (a, b) { return regionRank(a) - regionRank(b); };
    var message = count(found.length);
    if (state.mode && state.mode.kind === "plz") {
      var region = state.mode.region;
      // With the code's centroid known, each group is ordered by distance and says it.
      var from = centroid(state.mode.code);
      var measured = from ? measure(found, from, byRegion) : null;
      var order = measured ? measured.order : byRegion;
      var kmNotes = measured ? measured.notes : null;
      var near = found.filter(function (p) { return p.region === region; }).sort(order);
      var rest = found.filter(function (p) { return p.region !== region; }).sort(order);
      var where = state.mode.town ? state.mode.town + " (" + state.mode.code + ")" : "Postleitzahl " + state.mode.code;
      if (region) {
        var label = regionLabels[region] || region;
        message = where + ": Region " + label + ". " + count(near.length) + " dort";
        if (rest.length) message += ", " + rest.length + " weitere darunter";
        if (near.length) {
          results.appendChild(heading("In Ihrer Region " + label));
          results.appendChild(list(near, 4, kmNotes));
        }
        if (rest.length) {
          results.appendChild(heading(near.length ? "Weitere Beratungsstellen" : "Beratungsstellen in anderen Regionen"));
          results.appendChild(list(rest, 4, kmNotes));
        }
      } else {
        message = (state.mode.town ? where : "Die Postleitzahl " + state.mode.code)
          + " gehört zu keiner Region dieser Website. " + message + (measured ? "" : " nach Region");
        results.appendChild(list(rest, 3, kmNotes));
      }
      if (measured && found.length) message += (region && near.length && rest.length ? ", jeweils" : ",") + " die nächste zuerst";
    } else if (state.mode && state.mode.kind === "geo") {
      var byDistance = measure(found, state.mode, byRegion);
      found.sort(byDistance.order);
      message += ", die nächste zuerst";
      results.appendChild(list(found, 3, byDistance.notes));
    } else {
      results.appendChild(list(found.sort(byRegion), 3));
    }
    var names = [];
    selects.forEach(function (select) {
      if (select.value) names.push(select.labels[0].textContent + ": " + select.options[select.selectedIndex].text);
    });
    if (names.length) message += " (" + names.join(", ") + ")";
    if (!found.length) message = "Keine Beratungsstelle passt zu allen Filtern. Wählen Sie weniger Filter";
    statusLine.textContent = message + ".";
    refreshBadges();
  }

  // --- Controls ------------------------------------------------------------------------------

  function showError(text) {
    plzError.textContent = text;
    plzError.hidden = !text;
    if (text) plzField.setAttribute("aria-invalid", "true");
    else plzField.removeAttribute("aria-invalid");
  }

  // A town's name as search.py folds it: lower case, umlauts and ß written out plain,
  // words joined by single spaces ("Bietigheim-Bissingen" → "bietigheim bissingen").
  function townKey(name) {
    return name.toLowerCase().replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/ß/g, "ss").replace(/[éè]/g, "e")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = plzField.value.trim();
    var code = typed.replace(/\s+/g, "");
    // A town typed instead ("Ludwigsburg", "Esslingen am Neckar"): the postal code at its middle.
    var town = (DATA.towns || {})[townKey(typed)];
    if (!/^[0-9]{5}$/.test(code) && town) code = town;
    if (!/^[0-9]{5}$/.test(code)) {
      showError(/[0-9]/.test(typed) || !typed
        ? "Bitte geben Sie eine Postleitzahl aus fünf Ziffern oder den Namen Ihres Orts ein."
        : "Diesen Ort kennen wir nicht. Bitte geben Sie Ihre Postleitzahl ein (fünf Ziffern).");
      plzField.focus();
      return;
    }
    showError("");
    if (!town) plzField.value = code;
    var mode = { kind: "plz", code: code, region: regionFor(code, DATA.postal_codes), town: town ? typed : "" };
    state.mode = mode;
    var loading = places ? null : loadPlaces();
    if (!loading) {
      render();
      return;
    }
    // The centroids are on their way (asked for when the field got focus): the answer waits a
    // moment for them, so the status line (a live region) is read out once, already ordered
    // by distance. Later than that the list stands by region first and is ordered when they
    // come (unless the visitor has asked something else meanwhile): said a second time.
    var answered = false;
    var answer = function () {
      if (!answered && state.mode === mode) render();
      answered = true;
    };
    var waited = setTimeout(answer, WAIT_FOR_PLACES);
    loading.then(function () {
      clearTimeout(waited);
      if (!answered) answer();
      else if (state.mode === mode && centroid(code)) render();
    });
  });

  // Loaded while the visitor types, so the first answer is usually ordered by distance already.
  plzField.addEventListener("focus", loadPlaces);

  if ("geolocation" in navigator) {
    nearBox.hidden = false;
    nearButton.addEventListener("click", function () {
      statusLine.textContent = "Ihr Standort wird ermittelt …";
      nearButton.setAttribute("aria-busy", "true");
      navigator.geolocation.getCurrentPosition(function (position) {
        nearButton.removeAttribute("aria-busy");
        showError("");
        state.mode = { kind: "geo", lat: position.coords.latitude, lon: position.coords.longitude };
        render();
      }, function () {
        nearButton.removeAttribute("aria-busy");
        statusLine.textContent = "Ihr Standort ist nicht verfügbar. Geben Sie stattdessen Ihre Postleitzahl ein.";
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }

  selects.forEach(function (select) { select.addEventListener("change", render); });

  resetButton.addEventListener("click", function () {
    state.mode = null;
    plzField.value = "";
    showError("");
    selects.forEach(function (select) { select.value = ""; });
    render();
    statusLine.textContent = "Alle Beratungsstellen nach Region.";
    plzField.focus();
  });

  finder.hidden = false;
  refreshBadges();
  setInterval(refreshBadges, 60000);
})();
