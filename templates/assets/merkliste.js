// Lotse Merkliste: a "Merken" toggle on offer pages and cards, the count in the header, and the
// comparison on /merkliste/. The list lives only in this browser's localStorage (no cookie, no
// server); a shared link carries the ids in the URL fragment, which browsers never send.
// Without JavaScript (or without storage) there is no toggle and every page still works.
(function () {
  "use strict";

  // What an amount is for, as the offer page says it (model.PER_LABELS, VAT_LABELS): a team
  // comparing prices needs "pro Person" and whether VAT is in it.
  var PER_LABELS = { person: "pro Person", gruppe: "pro Gruppe" };
  var VAT_LABELS = { enthalten: "inkl. MwSt.", befreit: "umsatzsteuerfrei", zuzueglich: "zzgl. MwSt." };
  function priceTerms(price) {
    if (!price || !Number(price.amount)) return "";
    return [PER_LABELS[price.per] || PER_LABELS.person, VAT_LABELS[price.vat]].filter(Boolean).join(", ");
  }

  var script = document.currentScript;
  var BASE = (script && script.getAttribute("data-base")) || "/";
  var KEY = "lotse-merkliste:" + BASE;
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var MAX = 100;

  // Print buttons work wherever they are (Merkliste, Katalog).
  document.querySelectorAll("[data-drucken]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  try {
    localStorage.setItem(KEY + ":probe", "1");
    localStorage.removeItem(KEY + ":probe");
  } catch (e) {
    return;
  }

  // --- The list: [{id, titel}] in the order saved -----------------------------------------

  function clean(items) {
    var seen = {};
    return (Array.isArray(items) ? items : []).filter(function (item) {
      var ok = item && typeof item.id === "string" && ID.test(item.id) && !seen[item.id];
      if (ok) seen[item.id] = true;
      return ok;
    }).slice(0, MAX).map(function (item) {
      return { id: item.id, titel: typeof item.titel === "string" ? item.titel : "" };
    });
  }

  function read() {
    try {
      return clean(JSON.parse(localStorage.getItem(KEY) || "[]"));
    } catch (e) {
      return [];
    }
  }

  function write(items) {
    try {
      localStorage.setItem(KEY, JSON.stringify(clean(items)));
    } catch (e) { /* storage full or blocked: the page stays as it is */ }
    sync();
  }

  function has(id) {
    return read().some(function (item) { return item.id === id; });
  }

  function titleOf(id) {
    var found = read().filter(function (item) { return item.id === id; })[0];
    return (found && found.titel) || id;
  }

  // --- Announcements, toggles and the header count ----------------------------------------

  var live = document.createElement("p");
  live.className = "sr-only";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  function announce(text) {
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 60);
  }

  var STAR = '<svg class="symbol symbol--stern" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">' +
    '<path d="M12 3.2l2.7 5.5 6 .9-4.35 4.25 1.03 6L12 17l-5.38 2.85 1.03-6L3.3 9.6l6-.9z" fill="none" ' +
    'stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>';

  function placeToggle(place) {
    var id = place.getAttribute("data-merken");
    if (!id || !ID.test(id) || place.querySelector(".merken")) return;
    var title = place.getAttribute("data-titel") || id;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "merken";
    button.innerHTML = STAR + '<span class="merken__text">Merken</span>';
    // The name says which offer; it starts with the visible word (WCAG 2.5.3).
    button.setAttribute("aria-label", "Merken: " + title);
    button.setAttribute("aria-pressed", has(id) ? "true" : "false");
    button.addEventListener("click", function () {
      var items = read();
      var count;
      if (has(id)) {
        items = items.filter(function (item) { return item.id !== id; });
        write(items);
        count = items.length;
        announce("„" + title + "“ von der Merkliste entfernt. " + amount(count) + " gemerkt.");
      } else {
        items.push({ id: id, titel: title });
        write(items);
        count = read().length;
        announce("„" + title + "“ gemerkt. " + amount(count) + " auf der Merkliste.");
      }
    });
    place.appendChild(button);
  }

  // "3 Angebote", but after "mit": "mit 3 Angeboten" (dative).
  function amount(n, dative) {
    return n === 1 ? "1 Angebot" : n + (dative ? " Angeboten" : " Angebote");
  }

  function sync() {
    var items = read();
    var saved = {};
    items.forEach(function (item) { saved[item.id] = true; });
    document.querySelectorAll(".merken-platz .merken").forEach(function (button) {
      var id = button.parentNode.getAttribute("data-merken");
      button.setAttribute("aria-pressed", saved[id] ? "true" : "false");
    });
    document.querySelectorAll("[data-merkliste-zahl]").forEach(function (badge) {
      badge.hidden = !items.length;
      badge.innerHTML = "";
      if (!items.length) return;
      var before = document.createElement("span");
      before.className = "sr-only";
      before.textContent = ": ";
      var after = document.createElement("span");
      after.className = "sr-only";
      after.textContent = items.length === 1 ? " Angebot gemerkt" : " Angebote gemerkt";
      badge.appendChild(before);
      badge.appendChild(document.createTextNode(String(items.length)));
      badge.appendChild(after);
    });
    if (page) page.refresh();
  }

  document.addEventListener("lotse:treffer", function (event) {
    var root = event.detail;
    if (root && root.querySelectorAll) root.querySelectorAll(".merken-platz").forEach(placeToggle);
  });
  window.addEventListener("storage", function (event) { if (event.key === KEY) sync(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) sync(); });

  // --- /merkliste/: the comparison ----------------------------------------------------------

  var page = null;
  var app = document.getElementById("merkliste-app");
  if (app && window.fetch) page = comparison(app);

  document.querySelectorAll(".merken-platz").forEach(placeToggle);
  sync();

  function comparison(app) {
    var WEEKDAYS = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"];
    var offers = null; // id → record from /api/angebote.json; null until loaded
    var asOf = null; // the day the site was built (the API's as_of)
    var standLine = document.getElementById("merkliste-stand");
    var failed = false;
    var shared = null; // ids from a shared link that differ from this browser's list
    var status = document.getElementById("merkliste-status");
    var table = document.getElementById("merkliste-vergleich");
    var tableBox = document.getElementById("merkliste-tabelle");
    var gone = document.getElementById("merkliste-weg");
    var goneList = document.getElementById("merkliste-weg-liste");
    var goneTitle = document.getElementById("merkliste-weg-titel");
    var actions = document.getElementById("merkliste-aktionen");
    var linkField = document.getElementById("merkliste-link");
    var mailLink = document.getElementById("merkliste-mail");
    var copyButton = document.getElementById("merkliste-kopieren");
    var clearButton = document.getElementById("merkliste-leeren");
    var sharedBox = document.getElementById("merkliste-geteilt");
    var sharedText = document.getElementById("merkliste-geteilt-text");
    var empty = document.getElementById("merkliste-leer");

    // On a phone the table is wider than the screen: say so, as long as it is.
    var hint = document.getElementById("merkliste-scrollhinweis");
    function scrollHint() {
      hint.hidden = tableBox.hidden || tableBox.scrollWidth <= tableBox.clientWidth + 1;
    }
    window.addEventListener("resize", scrollHint);

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text != null) node.textContent = text;
      return node;
    }

    function none() {
      var cell = el("span");
      cell.appendChild(el("span", null, "–")).setAttribute("aria-hidden", "true");
      cell.appendChild(el("span", "sr-only", "keine Angabe"));
      return cell;
    }

    function day(iso) {
      var d = new Date(iso + "T12:00:00Z");
      var parts = iso.split("-");
      return WEEKDAYS[d.getUTCDay()] + ", " + parts[2] + "." + parts[1] + "." + parts[0];
    }

    function dateLine(d) {
      var text = day(d.start);
      if (d.end && d.end !== d.start) text += " – " + day(d.end);
      if (d.time) text += ", " + d.time.replace("-", "–") + " Uhr";
      if (d.seats_available === 0) text += " (ausgebucht)";
      return text;
    }

    // What decides whether one can still go, below a date: its own town (where the offer's
    // dates are in several), the registration deadline and the free seats.
    function dateFacts(o, d) {
      var facts = [];
      if (d.location && o.format !== "online" && (!o.location || d.location.city !== o.location.city)) facts.push("in " + d.location.city);
      if (d.registration_deadline) {
        var passed = !d.joinable && d.start > (asOf || "");
        facts.push("Anmeldeschluss " + day(d.registration_deadline) + (passed ? " (vorbei)" : ""));
      }
      if (d.seats_available) facts.push(d.seats_available === 1 ? "1 Platz frei" : d.seats_available + " Plätze frei");
      return facts;
    }

    // The date one would book: the next with seats that can still be joined, as the offer page shows it.
    function nextDate(o) {
      var found = o.next_start && o.dates.filter(function (d) { return d.start === o.next_start && d.joinable; })[0];
      return found || o.dates.filter(function (d) { return d.joinable; })[0] || null;
    }

    function placeOf(o, d) {
      if (o.format === "online") return "Online";
      var loc = (d && d.location) || o.location;
      return loc ? loc.city : null;
    }

    function dayMonthYear(d) {
      return ("0" + d.getDate()).slice(-2) + "." + ("0" + (d.getMonth() + 1)).slice(-2) + "." + d.getFullYear();
    }

    function fromHash() {
      var match = /(?:^|&)angebote=([^&]*)/.exec(location.hash.replace(/^#/, ""));
      if (!match) return null;
      return decodeURIComponent(match[1]).split(",").filter(function (id) { return ID.test(id); }).slice(0, MAX);
    }

    function dropHash() {
      history.replaceState(null, "", location.pathname + location.search);
    }

    function same(a, b) {
      return a.length === b.length && a.every(function (id, i) { return id === b[i]; });
    }

    function adoptHash() {
      var ids = fromHash();
      shared = null;
      if (!ids) return;
      if (!ids.length) {
        dropHash();
        return;
      }
      var mine = read();
      var mineIds = mine.map(function (item) { return item.id; });
      if (!mine.length || same(ids, mineIds)) {
        if (!same(ids, mineIds)) {
          write(ids.map(function (id) { return { id: id, titel: "" }; }));
          announce("Die geteilte Merkliste wurde übernommen.");
        }
        dropHash();
      } else {
        shared = ids;
      }
    }

    function current() {
      if (shared) return shared.map(function (id) { return { id: id, titel: "" }; });
      return read();
    }

    function cellsFor(o) {
      var dates = el("div");
      if (o.dates.length) {
        var ul = el("ul", "vergleich__termine");
        o.dates.slice(0, 3).forEach(function (d) {
          var li = el("li", null);
          li.appendChild(el("span", "vergleich__datum", dateLine(d)));
          dateFacts(o, d).forEach(function (fact) { li.appendChild(el("span", "vergleich__fakt", fact)); });
          ul.appendChild(li);
        });
        dates.appendChild(ul);
        if (o.dates.length > 3) {
          var more = o.dates.length - 3;
          dates.appendChild(el("p", "vergleich__mehr", "und " + more + (more === 1 ? " weiterer Termin" : " weitere Termine")));
        }
      }
      if (o.on_demand) dates.appendChild(el("p", "vergleich__mehr", "Laufender Einstieg: Beginn jederzeit"));
      if (!o.dates.length && !o.on_demand) dates.appendChild(el("span", null, "Auf Anfrage"));
      var place;
      if (o.format === "online") {
        place = el("span", null, "Online");
      } else if (o.location) {
        var loc = o.location;
        place = el("div");
        place.appendChild(el("span", null, [loc.name, loc.street, loc.postal_code + " " + loc.city].filter(Boolean).join(", ")));
        // A course held in several towns: the others too, as the offer page's "Auch in …".
        var others = [];
        o.dates.forEach(function (d) {
          if (d.location && d.location.city !== loc.city && others.indexOf(d.location.city) < 0) others.push(d.location.city);
        });
        if (others.length) place.appendChild(el("p", "vergleich__mehr", "Termine auch in " + others.join(", ")));
      } else if (o.dates.some(function (d) { return d.location; })) {
        // A course at several sites, each date with its own place: the towns, as the catalogue names them.
        var towns = [];
        o.dates.forEach(function (d) { if (d.location && towns.indexOf(d.location.city) < 0) towns.push(d.location.city); });
        place = el("span", null, towns.join(", ") + " (je nach Termin)");
      } else {
        place = el("span", null, "Auf Anfrage");
      }
      var price = el("div");
      price.appendChild(el("strong", null, o.price.label));
      var terms = priceTerms(o.price);
      if (terms) price.appendChild(document.createTextNode(" " + terms));
      if (o.price.note) price.appendChild(el("p", "vergleich__mehr", o.price.note));
      var funding = o.funding.length ? el("span", null, o.funding.map(function (f) { return f.label; }).join(", ")) : none();
      return {
        termine: dates,
        ort: place,
        format: el("span", null, o.format_label),
        // As the offer page: the declared duration, else how long its next date runs.
        dauer: o.duration.label || o.duration.span ? el("span", null, o.duration.label || o.duration.span) : none(),
        preis: price,
        foerderung: funding,
        abschluss: o.certificate ? el("span", null, o.certificate) : none(),
        anbieter: providerCell(o),
      };
    }

    // The provider and how to reach it: phone, e-mail and web site, each a line of its own.
    function providerCell(o) {
      var cell = el("div");
      cell.appendChild(el("span", null, o.provider.name));
      var p = o.provider;
      var list = el("ul", "vergleich__kontakt");
      function line(label, text, href) {
        var li = el("li");
        li.appendChild(el("span", "vergleich__art", label + " "));
        var a = el("a", null, text);
        a.href = href;
        li.appendChild(a);
        list.appendChild(li);
      }
      // Dialled as everywhere on the site (macros.tel): "+49 (0)711 …" without its "(0)".
      if (p.phone) line("Telefon", p.phone, "tel:" + p.phone.replace("(0)", "").replace(/[^+\d]/g, ""));
      if (p.email) line("E-Mail", p.email, "mailto:" + p.email);
      if (p.url) line("Web", p.url.replace(/^https?:\/\//, "").replace(/\/$/, ""), p.url);
      if (list.childNodes.length) cell.appendChild(list);
      return cell;
    }

    // The e-mail: each offer with its next date and place, price and link, within what mail
    // programs take from a mailto link (about 2,000 characters); shorter, then the link alone.
    var MAIL_MAX = 1900;

    function mailHref(items, url) {
      var subject = "mailto:?subject=" + encodeURIComponent("Meine Merkliste: Weiterbildung") + "&body=";
      var listed = items.filter(function (i) { return offers && offers[i.id]; });
      var intro = "Meine Merkliste (" + amount(listed.length) + "):";
      var outro = "Alle im Vergleich: " + url;
      var full = listed.map(function (item, n) {
        var o = offers[item.id];
        var d = nextDate(o);
        var when = d ? "Nächster Termin: " + dateLine(d) : o.on_demand ? "Beginn jederzeit" : "Termine auf Anfrage";
        var where = placeOf(o, d);
        var deadline = d && d.registration_deadline ? "Anmeldeschluss " + day(d.registration_deadline) : null;
        return [(n + 1) + ". " + o.title, when + (where ? ", " + where : ""), deadline, ["Preis:", o.price.label, priceTerms(o.price)].filter(Boolean).join(" "), o.url].filter(Boolean).join("\r\n");
      });
      var short = listed.map(function (item, n) { return (n + 1) + ". " + offers[item.id].title + "\r\n" + offers[item.id].url; });
      var bodies = listed.length ? [[intro].concat(full, [outro]), [intro].concat(short, [outro])] : [];
      for (var b = 0; b < bodies.length; b++) {
        var href = subject + encodeURIComponent(bodies[b].join("\r\n\r\n"));
        if (href.length <= MAIL_MAX) return href;
      }
      return subject + encodeURIComponent(url);
    }

    // When the list was shown or printed, and, when older, the day the site's data are from.
    function stand() {
      var text = "Stand: " + dayMonthYear(new Date());
      if (asOf) {
        var parts = asOf.split("-");
        var built = parts[2] + "." + parts[1] + "." + parts[0];
        if (built !== dayMonthYear(new Date())) text += " (Angaben der Website vom " + built + ")";
      }
      standLine.textContent = text + ". Alle Angaben ohne Gewähr; verbindlich sind die Angaben der Anbieter.";
    }

    var ROWS = [
      ["termine", "Nächste Termine"], ["ort", "Ort"], ["format", "Format"], ["dauer", "Dauer"], ["preis", "Preis"],
      ["foerderung", "Förderung"], ["abschluss", "Abschluss"], ["anbieter", "Anbieter"],
    ];

    function removeButton(item, label) {
      var button = el("button", "knopf knopf--zweit knopf--klein", "Entfernen");
      button.type = "button";
      button.setAttribute("aria-label", "Entfernen: " + label);
      button.setAttribute("data-entfernen", item.id);
      button.addEventListener("click", function () {
        var all = Array.prototype.slice.call(app.querySelectorAll("[data-entfernen]"));
        var index = all.indexOf(button);
        write(read().filter(function (x) { return x.id !== item.id; }));
        announce("„" + label + "“ von der Merkliste entfernt.");
        var rest = app.querySelectorAll("[data-entfernen]");
        var next = rest[Math.min(index, rest.length - 1)];
        (next || document.getElementById("merkliste-titel")).focus();
      });
      return button;
    }

    function buildTable(items) {
      table.innerHTML = "";
      var caption = el("caption", null, items.length === 1 ? "1 Angebot im Vergleich" : items.length + " Angebote im Vergleich");
      table.appendChild(caption);
      var head = el("thead");
      var top = el("tr");
      top.appendChild(el("td", "vergleich__ecke"));
      items.forEach(function (item) {
        var o = offers[item.id];
        var th = el("th");
        th.scope = "col";
        th.setAttribute("data-angebot", item.id);
        var a = el("a", null, o.title);
        a.href = BASE + o.path;
        th.appendChild(a);
        top.appendChild(th);
      });
      head.appendChild(top);
      table.appendChild(head);
      var body = el("tbody");
      var cells = items.map(function (item) { return cellsFor(offers[item.id]); });
      ROWS.forEach(function (row) {
        var tr = el("tr");
        tr.setAttribute("data-zeile", row[0]);
        var th = el("th", null, row[1]);
        th.scope = "row";
        tr.appendChild(th);
        cells.forEach(function (c) {
          var td = el("td");
          td.appendChild(c[row[0]]);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      if (!shared) {
        var tr = el("tr", "vergleich__aktionen");
        var th = el("th");
        th.scope = "row";
        th.appendChild(el("span", "sr-only", "Von der Merkliste"));
        tr.appendChild(th);
        items.forEach(function (item) {
          var td = el("td");
          td.appendChild(removeButton(item, offers[item.id].title));
          tr.appendChild(td);
        });
        body.appendChild(tr);
      }
      table.appendChild(body);
    }

    function shareUrl(items) {
      return location.origin + location.pathname + "#angebote=" + items.map(function (i) { return i.id; }).join(",");
    }

    function refresh() {
      var items = current();
      var ready = offers !== null;
      var here = ready ? items.filter(function (i) { return offers[i.id]; }) : [];
      var missing = ready ? items.filter(function (i) { return !offers[i.id]; }) : [];
      // Titles of published offers are kept, so an offer that later goes is still named.
      if (ready && !shared) {
        var stored = read();
        var renamed = false;
        stored.forEach(function (item) {
          if (offers[item.id] && item.titel !== offers[item.id].title) {
            item.titel = offers[item.id].title;
            renamed = true;
          }
        });
        if (renamed) {
          localStorage.setItem(KEY, JSON.stringify(stored));
        }
      }
      sharedBox.hidden = !shared;
      if (shared) {
        sharedText.textContent = "Sie sehen eine geteilte Merkliste mit " + amount(shared.length, true) + ". Ihre eigene Merkliste in diesem Browser (" + amount(read().length) + ") bleibt unverändert, bis Sie die geteilten Angebote übernehmen.";
      }
      empty.hidden = items.length > 0;
      actions.hidden = !items.length || !!shared;
      if (!items.length) {
        table.innerHTML = "";
        goneList.innerHTML = "";
        tableBox.hidden = true;
        gone.hidden = true;
        status.textContent = "Ihre Merkliste ist leer.";
        standLine.hidden = true;
        return;
      }
      if (failed) {
        status.textContent = "Die Angaben zu den Angeboten konnten nicht geladen werden. Bitte laden Sie die Seite neu.";
      } else if (!ready) {
        status.textContent = "Die Merkliste wird geladen …";
      } else {
        var text = amount(items.length) + (shared ? " in der geteilten Merkliste" : " auf Ihrer Merkliste");
        if (missing.length) text += ", davon " + (missing.length === 1 ? "1 nicht mehr verfügbar" : missing.length + " nicht mehr verfügbar");
        status.textContent = text + ".";
      }
      tableBox.hidden = !here.length;
      if (here.length) buildTable(here);
      else table.innerHTML = "";
      scrollHint();
      gone.hidden = !missing.length && !failed;
      goneTitle.textContent = failed ? "Gemerkte Angebote" : "Nicht mehr verfügbar";
      goneList.innerHTML = "";
      (failed ? items : missing).forEach(function (item) {
        var li = el("li", "merkliste__weg");
        li.setAttribute("data-angebot", item.id);
        var label = item.titel || titleOf(item.id);
        li.appendChild(el("span", "merkliste__wegtitel", label));
        li.appendChild(document.createTextNode(" "));
        if (!failed) li.appendChild(el("span", "abzeichen abzeichen--weg", "nicht mehr verfügbar"));
        if (!shared) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(removeButton(item, label));
        }
        goneList.appendChild(li);
      });
      var url = shareUrl(items);
      linkField.value = url;
      mailLink.href = mailHref(items, url);
      standLine.hidden = false;
      stand();
    }

    copyButton.addEventListener("click", function () {
      var done = function () { announce("Der Link ist kopiert."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(linkField.value).then(done, function () {
          linkField.select();
          announce("Bitte kopieren Sie den markierten Link.");
        });
      } else {
        linkField.select();
        announce("Bitte kopieren Sie den markierten Link.");
      }
    });
    clearButton.addEventListener("click", function () {
      if (!window.confirm("Alle Angebote von der Merkliste entfernen?")) return;
      write([]);
      announce("Die Merkliste ist geleert.");
      document.getElementById("merkliste-titel").focus();
    });
    document.getElementById("merkliste-uebernehmen").addEventListener("click", function () {
      var mine = read();
      var ids = mine.map(function (i) { return i.id; });
      shared.forEach(function (id) { if (ids.indexOf(id) < 0) mine.push({ id: id, titel: offers && offers[id] ? offers[id].title : "" }); });
      shared = null;
      dropHash();
      write(mine);
      announce("Die geteilten Angebote sind jetzt auf Ihrer Merkliste.");
      document.getElementById("merkliste-titel").focus();
    });
    document.getElementById("merkliste-eigene").addEventListener("click", function () {
      shared = null;
      dropHash();
      refresh();
      document.getElementById("merkliste-titel").focus();
    });
    window.addEventListener("beforeprint", stand);
    window.addEventListener("hashchange", function () {
      adoptHash();
      refresh();
    });

    adoptHash();
    app.hidden = false;
    document.getElementById("merkliste-ohne-js").hidden = true;
    // "no-cache": ask the server every time, so an offer that has gone is never shown from the cache.
    fetch(app.getAttribute("data-api"), { credentials: "same-origin", cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      offers = {};
      asOf = typeof data.as_of === "string" ? data.as_of : null;
      data.offers.forEach(function (o) { offers[o.id] = o; });
      refresh();
    }).catch(function () {
      failed = true;
      refresh();
    });
    return { refresh: refresh };
  }
})();
