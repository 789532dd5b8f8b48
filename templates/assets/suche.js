// Lotse search page: full-text and faceted search on Pagefind's JS API.
//
// State lives in the URL (?q=…&region=…&sort=…), so a search can be shared, bookmarked and
// restored with Back/Forward. Facets are OR within a key and AND across keys; the counts of
// a key are computed with every other key's selection applied but not its own, so a visitor
// sees how many results each additional value would add.
(function () {
  "use strict";

  var app = document.getElementById("suche-app");
  if (!app || !window.fetch) return;

  var FACETS = JSON.parse(app.getAttribute("data-facets"));
  // Availability, start range, distance, facet order, result facts: suche-planung.js.
  var planning = window.LotsePlanung || {
    init: function () {}, read: function () {}, write: function () {}, active: function () { return false; },
    reset: function () {}, apply: function (f) { return f; }, describe: function () { return []; },
    mount: function () {}, sync: function () {}, ready: function () { return Promise.resolve(); },
    near: function () { return false; }, fold: function () {}, count: function () {},
    order: function (facet, values) { return valueOrder(facet.key, values); },
    byDistance: function (find, filters, answer) { return Promise.resolve(answer.results); }, decorate: function () {},
  };
  var PAGE = 10;
  var MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
  var PRICE = ["kostenfrei", "bis 500 €", "500–2.000 €", "über 2.000 €"];
  var SORTS = { relevanz: "Relevanz", beginn: "Beginn (früheste zuerst)", preis: "Preis (günstigste zuerst)", entfernung: "Entfernung (nächste zuerst)" };

  var pagefind = null;
  var allFilters = {};
  var state = { q: "", filters: {}, sort: "relevanz" };
  var results = [];
  var shown = 0;
  var runId = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (attrs[key] === true) node.setAttribute(key, "");
      else if (attrs[key] !== false && attrs[key] != null) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // --- URL state ---------------------------------------------------------------------------

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var next = { q: params.get("q") || "", filters: {}, sort: params.get("sort") || "relevanz" };
    if (!SORTS[next.sort]) next.sort = "relevanz";
    FACETS.forEach(function (facet) {
      var values = params.getAll(facet.key).filter(Boolean);
      if (values.length) next.filters[facet.key] = values;
    });
    planning.read(params);
    return next;
  }

  function urlFor(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    FACETS.forEach(function (facet) {
      (s.filters[facet.key] || []).forEach(function (value) { params.append(facet.key, value); });
    });
    planning.write(params);
    if (s.sort !== "relevanz") params.set("sort", s.sort);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function commit(push) {
    var url = urlFor(state);
    if (url !== location.pathname + location.search) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    run();
  }

  // --- Searching ---------------------------------------------------------------------------

  function pagefindFilters(selection, leaveOut) {
    var out = {};
    Object.keys(selection).forEach(function (key) {
      if (key !== leaveOut && selection[key].length) out[key] = { any: selection[key].slice() };
    });
    return planning.apply(out, leaveOut);
  }

  function hasSelection() {
    return Object.keys(state.filters).some(function (key) { return state.filters[key].length; }) || planning.active();
  }

  // With neither words nor filters, the list shows every offer.
  function effective(filters) {
    if (!state.q.trim() && !hasSelection()) return planning.apply({ art: { any: ["Angebot"] } });
    return filters;
  }

  function search(filters, withSort) {
    var options = { filters: effective(filters) };
    if (withSort && state.sort !== "relevanz") {
      options.sort = {};
      options.sort[state.sort] = "asc";
    }
    return pagefind.search(state.q.trim() || null, options);
  }

  function run() {
    var id = ++runId;
    syncControls();
    status.textContent = "Suche läuft …";
    list.setAttribute("aria-busy", "true");
    planning.ready().then(function () {
      if (id !== runId) return null;
      return searchAll(id);
    }).catch(function (error) {
      status.textContent = "Die Suche ist gerade nicht verfügbar. Bitte laden Sie die Seite neu.";
      if (window.console) console.error(error);
    });
  }

  function searchAll(id) {
    var main = search(pagefindFilters(state.filters), true);
    var perFacet = FACETS.map(function (facet) {
      if (!(state.filters[facet.key] || []).length) return main;
      var others = pagefindFilters(state.filters, facet.key);
      // Nothing else chosen and no words: this facet's counts are those of the whole index.
      if (!state.q.trim() && !Object.keys(others).length) return { filters: allFilters };
      return search(others, false);
    });
    // With nothing chosen the list shows offers only, but "Art" still offers every kind.
    var kinds = !state.q.trim() && !hasSelection() ? pagefind.search(null, { filters: planning.apply({}) }) : null;
    return Promise.all([main, kinds].concat(perFacet)).then(function (answers) {
      if (id !== runId) return null;
      var answer = answers[0];
      var counts = {};
      FACETS.forEach(function (facet, i) {
        var source = answers[i + 2];
        counts[facet.key] = (source && source.filters && source.filters[facet.key]) || {};
      });
      if (answers[1]) counts.art = answers[1].filters.art || {};
      var ordered = answer && state.sort === "entfernung"
        ? planning.byDistance(function (f) { return search(f, false); }, pagefindFilters(state.filters), answer)
        : Promise.resolve(answer ? answer.results : []);
      return ordered.then(function (found) {
        if (id !== runId) return null;
        results = found;
        renderFacets(counts, allFilters);
        list.innerHTML = "";
        shown = 0;
        announce();
        return showMore(false);
      });
    });
  }

  function announce() {
    var n = results.length;
    var what = n === 1 ? "1 Treffer" : n + " Treffer";
    if (state.q.trim()) what += " für „" + state.q.trim() + "“";
    var chosen = [];
    Object.keys(state.filters).forEach(function (key) { chosen = chosen.concat(state.filters[key]); });
    chosen = chosen.concat(planning.describe());
    if (chosen.length) what += " mit " + chosen.join(", ");
    if (!state.q.trim() && !chosen.length) what = (n === 1 ? "1 Angebot" : n + " Angebote") + " – alle, zu denen Sie noch einsteigen können";
    status.textContent = what + ".";
    planning.count(n, filterPanel);
  }

  function showMore(moveFocus) {
    var slice = results.slice(shown, shown + PAGE);
    var firstNew = null;
    var id = runId;
    more.hidden = true;
    list.setAttribute("aria-busy", "true");
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (id !== runId) return;
      items.forEach(function (item) {
        var card = resultCard(item);
        list.appendChild(card);
        if (!firstNew) firstNew = card.querySelector("a");
      });
      shown += slice.length;
      more.hidden = shown >= results.length;
      list.setAttribute("aria-busy", "false");
      if (moveFocus && firstNew) firstNew.focus();
    });
  }

  // --- Rendering ---------------------------------------------------------------------------

  // Pagefind's excerpt is page text with <mark> around hits; everything else is escaped here.
  function safeExcerpt(html) {
    var text = String(html || "").replace(/<mark>/g, "\u0001").replace(/<\/mark>/g, "\u0002");
    var box = document.createElement("span");
    box.textContent = text.replace(/<[^>]*>/g, "");
    return box.innerHTML.replace(/\u0001/g, "<mark>").replace(/\u0002/g, "</mark>");
  }

  function resultCard(item) {
    var meta = item.meta || {};
    var facts = [];
    if (meta.art === "Angebot") {
      facts = [meta.termin, meta.ort, meta.format, meta.preis].filter(Boolean);
    } else if (meta.art === "Beratungsstelle") {
      facts = ["Beratungsstelle", meta.organisation, meta.ort].filter(Boolean);
    } else {
      facts = ["Seite"];
    }
    var summary = el("p", { "class": "treffer-text" });
    if (meta.summary) summary.textContent = meta.summary;
    else summary.innerHTML = safeExcerpt(item.excerpt);
    var children = [
      el("h3", { "class": "treffer-titel" }, [el("a", { href: item.url, text: meta.title || item.url })]),
      el("p", { "class": "treffer-fakten", text: facts.join(" · ") }),
      summary,
    ];
    if (meta.ausgebucht) children.splice(1, 0, el("p", { "class": "abzeichen abzeichen--ausgebucht", text: "Nächster Termin ausgebucht" }));
    if (meta.anbieter) children.push(el("p", { "class": "treffer-anbieter", text: "Anbieter: " + meta.anbieter }));
    if (meta.art === "Angebot" && meta.id) {
      children.push(el("div", { "class": "merken-platz", "data-merken": meta.id, "data-titel": meta.title || "" }));
    }
    var li = el("li", { "class": "treffer treffer-" + (meta.art || "seite").toLowerCase() }, [el("article", {}, children)]);
    planning.decorate(li.firstChild, meta);
    document.dispatchEvent(new CustomEvent("lotse:treffer", { detail: li }));
    return li;
  }

  function valueOrder(key, values) {
    if (key === "beginn") {
      return values.sort(function (a, b) { return monthKey(a) - monthKey(b); });
    }
    if (key === "preis") return values.sort(function (a, b) { return PRICE.indexOf(a) - PRICE.indexOf(b); });
    return values.sort(function (a, b) { return a.localeCompare(b, "de"); });
  }

  function monthKey(label) {
    if (label === "jederzeit") return -1;
    var parts = label.split(" ");
    return Number(parts[1]) * 12 + MONTHS.indexOf(parts[0]);
  }

  function renderFacets(counts, totals) {
    var openKeys = {};
    facetBox.querySelectorAll("details").forEach(function (d) { openKeys[d.getAttribute("data-key")] = d.open; });
    // The facets are redrawn; keep the keyboard on the checkbox it was on.
    var active = document.activeElement;
    var focusId = active && facetBox.contains(active) ? active.id : null;
    facetBox.innerHTML = "";
    FACETS.forEach(function (facet) {
      var selected = state.filters[facet.key] || [];
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
        var input = el("input", { type: "checkbox", id: id, name: facet.key, value: value, checked: selected.indexOf(value) >= 0 });
        var n = counts[facet.key][value] || 0;
        var label = el("label", { "for": id }, [
          document.createTextNode(value + " "),
          el("span", { "class": "anzahl", text: "(" + n + ")" }),
        ]);
        return el("li", {}, [input, label]);
      });
      var fieldset = el("fieldset", {}, [
        el("legend", { "class": "visually-hidden", text: facet.label }),
        el("ul", { "class": "facette-werte" }, boxes),
      ]);
      // On a phone all facets start closed, so the results are one scroll away.
      var wide = window.matchMedia("(min-width: 56em)").matches;
      var open = facet.key in openKeys ? openKeys[facet.key] : (wide && (selected.length > 0 || facet.open));
      var title = facet.label + (selected.length ? " (" + selected.length + " gewählt)" : "");
      var details = el("details", { "class": "facette", "data-key": facet.key, open: open }, [
        el("summary", { text: title }),
        fieldset,
      ]);
      facetBox.appendChild(details);
    });
    planning.fold(facetBox);
    clear.hidden = !hasSelection() && !state.q;
    var chosen = Object.keys(state.filters).reduce(function (n, key) { return n + state.filters[key].length; }, 0);
    filterTitle.textContent = chosen ? "Filter (" + chosen + " gewählt)" : "Filter";
    var again = focusId && document.getElementById(focusId);
    if (again) again.focus();
  }

  function syncControls() {
    input.value = state.q;
    sortByDistance.hidden = !planning.near();
    sortSelect.value = state.sort;
    planning.sync();
  }

  // --- Skeleton ----------------------------------------------------------------------------

  var form = el("form", { "class": "suche-formular", role: "search", action: location.pathname }, [
    el("label", { "for": "suche-q", text: "Suchbegriff" }),
    el("div", { "class": "suche-zeile" }, [
      el("input", { type: "search", id: "suche-q", name: "q", autocomplete: "off", placeholder: "z. B. Schweißen, Excel, Pflege" }),
      el("button", { type: "submit", "class": "knopf knopf--haupt", text: "Suchen" }),
    ]),
  ]);
  var input = form.querySelector("input");
  var status = el("p", { id: "suche-status", "class": "suche-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  var sortSelect = el("select", { id: "suche-sort" }, Object.keys(SORTS).map(function (key) {
    return el("option", { value: key, text: SORTS[key] });
  }));
  var clear = el("button", { type: "button", "class": "knopf knopf--zweit", text: "Alle Filter zurücksetzen", hidden: true });
  var facetBox = el("div", { "class": "facetten" });
  var planBox = el("div", { "class": "planung" });
  var list = el("ol", { "class": "treffer-liste", id: "suche-treffer" });
  var more = el("button", { type: "button", "class": "knopf knopf--zweit", text: "Mehr anzeigen", hidden: true });

  // One disclosure around all facets: closed on a phone, so the results follow right after it.
  var filterTitle = el("h2", { id: "filter-titel", text: "Filter" });
  var filterPanel = el("details", { "class": "filter-panel", open: window.matchMedia("(min-width: 56em)").matches }, [
    el("summary", { "class": "filter-panel__kopf" }, [filterTitle]),
    planBox,
    facetBox,
    clear,
  ]);

  var layout = el("div", { "class": "suche-layout" }, [
    el("section", { "class": "suche-filter", "aria-labelledby": "filter-titel" }, [filterPanel]),
    el("section", { "class": "suche-ergebnisse", "aria-labelledby": "ergebnis-titel" }, [
      el("h2", { id: "ergebnis-titel", text: "Ergebnisse" }),
      el("div", { "class": "suche-kopf" }, [
        status,
        el("div", { "class": "suche-sortierung" }, [el("label", { "for": "suche-sort", text: "Sortieren nach" }), sortSelect]),
      ]),
      list,
      more,
    ]),
  ]);

  var sortByDistance = sortSelect.querySelector("option[value=entfernung]");
  planning.mount(planBox, function (push, sort) {
    // Choosing a place sorts by distance; taking it away sorts as before.
    if (sort === "entfernung" && state.sort === "relevanz") state.sort = "entfernung";
    if (sort === "relevanz" && state.sort === "entfernung") state.sort = "relevanz";
    commit(push);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.q = input.value.trim();
    commit(true);
  });
  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      state.q = input.value.trim();
      commit(false);
    }, 300);
  });
  facetBox.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox") return;
    var values = (state.filters[box.name] || []).filter(function (v) { return v !== box.value; });
    if (box.checked) values.push(box.value);
    if (values.length) state.filters[box.name] = values;
    else delete state.filters[box.name];
    commit(true);
  });
  sortSelect.addEventListener("change", function () {
    state.sort = sortSelect.value;
    commit(true);
  });
  clear.addEventListener("click", function () {
    state = { q: "", filters: {}, sort: state.sort === "entfernung" ? "relevanz" : state.sort };
    planning.reset();
    commit(true);
    input.focus();
  });
  more.addEventListener("click", function () { showMore(true); });
  window.addEventListener("popstate", function () {
    state = readUrl();
    run();
  });

  import(app.getAttribute("data-pagefind")).then(function (module) {
    pagefind = module;
    return pagefind.options({ excerptLength: 20, baseUrl: app.getAttribute("data-base") || "/" });
  }).then(function () {
    // Loading the filter lists first makes every search answer with counts for every key.
    return pagefind.filters();
  }).then(function (filters) {
    allFilters = filters || {};
    planning.init(allFilters);
    app.appendChild(form);
    app.appendChild(layout);
    app.hidden = false;
    document.querySelectorAll("[data-ohne-js]").forEach(function (node) { node.hidden = true; });
    state = readUrl();
    run();
  }).catch(function (error) {
    if (window.console) console.error(error);
  });
})();
