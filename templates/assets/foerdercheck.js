/* Lotse: the Förder-Check on /foerderung/check/.
 *
 * Everything happens in this browser: the rules come with the page (data-check, written by
 * site_builder/funding.py from the programmes' declarations), the answers go only into the
 * page's address. The sentences are composed exactly as site_builder/eligibility.py composes
 * them: a programme may fit when its first row whose conditions all hold (or, failing that,
 * its first row that holds where answers are missing) says so. Never "Sie erhalten" – only
 * "kann passen", with the advisory point as the next step.
 */
(function () {
  "use strict";

  var form = document.getElementById("foerdercheck");
  if (!form) return;
  var data = JSON.parse(form.getAttribute("data-check"));
  var result = document.getElementById("foerdercheck-ergebnis");
  var list = document.getElementById("ergebnis-liste");
  // Left out of the page when no programme is for a situation that is asked the company size.
  var sizeQuestion = document.getElementById("frage-groesse");
  var situationError = document.getElementById("fehler-situation");
  var WITH_HEADCOUNT = sizeQuestion ? sizeQuestion.getAttribute("data-nur-fuer").split(" ") : [];
  // Age and Berufsabschluss: asked only of those a rule asks them of, never of an employer.
  var personQuestion = document.getElementById("frage-person");
  var WITH_PERSON = personQuestion ? personQuestion.getAttribute("data-nur-fuer").split(" ") : [];
  var PARAMS = ["situation", "groesse", "ort", "ziel", "alter", "abschluss", "thema"].filter(function (name) {
    return form.elements[name];
  });
  var ANYWHERE = "*";

  function joinDe(parts, last) {
    parts = parts.filter(Boolean);
    if (parts.length <= 1) return parts.join("");
    return parts.slice(0, -1).join(", ") + " " + (last || "und") + " " + parts[parts.length - 1];
  }

  function whole(value) {
    var n = parseInt(value, 10);
    return /^\s*\d+\s*$/.test(value || "") && n > 0 ? n : null;
  }

  function todayIso() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // --- the rules (as eligibility.py) ---------------------------------------------------

  function has(row, condition) {
    if (condition === "employees") return row.employees !== null;
    if (condition === "age") return row.age !== null;
    if (condition === "goal") return row.goals.length > 0;
    return Boolean(row[condition]);
  }

  function within(value, span) {
    return (span[0] === null || value >= span[0]) && (span[1] === null || value <= span[1]);
  }

  function status(row, condition, a) {
    if (condition === "employees") return a.employees === null ? null : within(a.employees, row.employees);
    if (condition === "age") return a.age === null ? null : within(a.age, row.age);
    if (condition === "state") return a.state === null ? null : a.state === row.state;
    if (condition === "goal") return a.goal === null ? null : row.goals.indexOf(a.goal) >= 0;
    return a.qualification === null ? null : a.qualification === row.qualification;
  }

  function known(row, condition, a, easy) {
    var text = (easy ? row.known_easy : row.known)[condition];
    if (text === undefined) return null;
    var value = condition === "employees" ? a.employees : condition === "age" ? a.age : null;
    return text.replace("{n}", String(value));
  }

  function explain(row, a) {
    var phrases = data.phrases;
    if (row.for.indexOf(a.situation) < 0) return null;
    var met = [], open = [];
    for (var i = 0; i < phrases.conditions.length; i++) {
      var condition = phrases.conditions[i];
      if (!has(row, condition)) continue;
      var s = status(row, condition, a);
      if (s === false) return null;
      (s ? met : open).push(condition);
    }
    var because = [phrases.situation[a.situation]].concat(met.map(function (c) { return known(row, c, a, false); }));
    var reason = "weil Sie " + joinDe(because) + (row.rate ? ": " + row.rate : "");
    var onlyIf = open.map(function (c) { return row.open[c]; }).join(" ");
    var easy = [phrases.situation_easy[a.situation]]
      .concat(met.map(function (c) { return known(row, c, a, true); }))
      .concat([phrases.fits])
      .concat(open.map(function (c) { return "Wichtig: " + row.open_easy[c]; }))
      .concat(row.rate_easy)
      .filter(Boolean);
    return { programme: row.programme, row: row, reason: reason, onlyIf: onlyIf, easy: easy };
  }

  function evaluate(a) {
    var today = todayIso();
    var sure = {}, maybe = {}, order = [];
    data.rows.forEach(function (row) {
      var until = data.programmes[row.programme].valid_until;
      if (until && until < today) return; // ran out after the site was built
      if (order.indexOf(row.programme) < 0) order.push(row.programme);
      if (sure[row.programme]) return;
      var match = explain(row, a);
      if (!match) return;
      if (!match.onlyIf) sure[row.programme] = match;
      else if (!maybe[row.programme]) maybe[row.programme] = match;
    });
    var found = order.map(function (p) { return sure[p] || maybe[p]; }).filter(Boolean);
    var staffOf = (data.phrases.staff || {})[a.situation];
    found.forEach(function (match) { match.staff = staffOf ? staff(match, a, staffOf) : []; });
    return found;
  }

  // For an employer: the programme's rates that depend on the age or Berufsabschluss of the
  // employees they train (as eligibility.staff), a sentence each.
  function staff(match, a, staffOf) {
    var sentences = [];
    data.rows.forEach(function (row) {
      if (row.programme !== match.programme || row.for.indexOf(staffOf[0]) < 0 || !row.person || !row.rate) return;
      if (row.rate === match.row.rate) return;
      var ruledOut = ["state", "employees", "goal"].some(function (c) { return has(row, c) && status(row, c, a) === false; });
      if (ruledOut) return;
      var sentence = "Für " + staffOf[1] + ", die " + row.person + ": " + row.rate + ".";
      if (sentences.indexOf(sentence) < 0) sentences.push(sentence);
    });
    return sentences;
  }

  // --- answers: the form and the address --------------------------------------------------

  function checked(name) {
    var input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : "";
  }

  function place(id) {
    for (var i = 0; i < data.places.length; i++) if (data.places[i].id === id) return data.places[i];
    return null;
  }

  function answers() {
    var situation = checked("situation");
    var where = place(form.elements.ort.value);
    return {
      situation: situation,
      employees: WITH_HEADCOUNT.indexOf(situation) >= 0 ? whole(form.elements.groesse.value) : null,
      state: where ? where.state : null,
      region: where ? where.region : null,
      goal: checked("ziel") || null,
      age: WITH_PERSON.indexOf(situation) >= 0 ? whole(form.elements.alter.value) : null,
      qualification: WITH_PERSON.indexOf(situation) >= 0 ? checked("abschluss") || null : null,
      topic: form.elements.thema.value || null,
    };
  }

  function fill(params) {
    PARAMS.forEach(function (name) {
      var value = params.get(name);
      if (value === null) return;
      var field = form.elements[name];
      if (field instanceof RadioNodeList || (field && field.length && field[0] && field[0].type === "radio")) {
        Array.prototype.forEach.call(field, function (input) { input.checked = input.value === value; });
      } else if (field) {
        field.value = value;
      }
    });
  }

  function remember() {
    var params = new URLSearchParams();
    PARAMS.forEach(function (name) {
      var value = name === "situation" || name === "ziel" || name === "abschluss" ? checked(name) : form.elements[name].value;
      if (value) params.set(name, value);
    });
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params.toString() : ""));
  }

  function showSize() {
    if (sizeQuestion) sizeQuestion.hidden = WITH_HEADCOUNT.indexOf(checked("situation")) < 0;
    if (personQuestion) personQuestion.hidden = WITH_PERSON.indexOf(checked("situation")) < 0;
    // The questions shown count on without a gap ("1., 2., 3.", not "1., 3., 4.").
    var number = 0;
    Array.prototype.forEach.call(form.querySelectorAll(".checkform__frage"), function (question) {
      var label = question.querySelector(".checkform__nummer");
      if (!question.hidden && label) label.textContent = ++number + ".";
    });
  }

  // --- the result ---------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function searchUrl(programme, a) {
    var params = new URLSearchParams();
    params.append("foerderung", data.programmes[programme].label);
    if (a.region) params.append("region", data.labels.regions[a.region]);
    if (a.topic) params.append("thema", data.labels.topics[a.topic]);
    return data.links.search + "?" + params.toString();
  }

  function count(programme, region, topic) {
    var byRegion = (data.offers[programme] || {})[region || ANYWHERE] || {};
    return byRegion[topic || ANYWHERE] || 0;
  }

  function offersLine(programme, a) {
    var p = el("p", "ergebniskarte__angebote");
    var n = count(programme, a.region, a.topic);
    var where = (a.region ? " in der Region " + data.labels.regions[a.region] : "") + (a.topic ? " zum Thema " + data.labels.topics[a.topic] : "");
    var label = data.programmes[programme].label;
    if (n > 0) {
      p.appendChild(link(searchUrl(programme, a), (n === 1 ? "1 Angebot" : n + " Angebote") + " mit " + label + where + " ansehen"));
    } else {
      p.appendChild(document.createTextNode("Zurzeit kein Angebot mit " + label + where + ". "));
      var all = count(programme, null, null);
      if (all > 0) p.appendChild(link(data.programmes[programme].url, "Alle " + (all === 1 ? "1 Angebot" : all + " Angebote") + " mit " + label));
    }
    return p;
  }

  function adviceLine(programme, a) {
    var chosen = ((data.advice[programme] || {})[a.situation] || {})[a.region || ANYWHERE];
    var point = chosen ? data.points[chosen] : null;
    var p = el("p", "ergebniskarte__beratung");
    p.appendChild(el("strong", null, "Beratung: "));
    if (!point) {
      p.appendChild(link(data.links.advice, "Beratungsstelle in Ihrer Nähe finden"));
      return p;
    }
    p.appendChild(link(point.url, point.name));
    if (point.phone) {
      p.appendChild(document.createTextNode(", Telefon "));
      p.appendChild(link("tel:" + point.tel, point.phone));
    }
    return p;
  }

  function card(match, a, level) {
    var programme = data.programmes[match.programme];
    var article = el("article", "ergebniskarte");
    article.setAttribute("data-programm", match.programme);
    var heading = el("h" + level, "ergebniskarte__titel");
    heading.appendChild(link(programme.url, programme.label));
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(el("span", "abzeichen abzeichen--kann", "kann passen"));
    article.appendChild(heading);
    article.appendChild(el("p", "ergebniskarte__grund", "Kann passen, " + match.reason + "."));
    if (match.onlyIf) article.appendChild(el("p", "ergebniskarte__bedingung", match.onlyIf));
    match.staff.forEach(function (sentence) { article.appendChild(el("p", "ergebniskarte__beschaeftigte", sentence)); });
    // What the course must meet, next to the rate (as funding_macros.course_conditions).
    if (programme.course && programme.course.length) {
      var course = el("p", "kursbedingungen");
      course.appendChild(el("strong", null, "Bedingungen für den Kurs: "));
      course.appendChild(document.createTextNode(programme.course.join(" ")));
      article.appendChild(course);
    }
    if (programme.summary) article.appendChild(el("p", null, programme.summary));
    // The step for the one who answers: an employer never reads an employee's step.
    var nextStep = (programme.next_steps || {})[a.situation];
    if (nextStep) {
      var step = el("p", "ergebniskarte__schritt");
      step.appendChild(el("strong", null, "Nächster Schritt: "));
      step.appendChild(document.createTextNode(nextStep));
      article.appendChild(step);
    }
    article.appendChild(adviceLine(match.programme, a));
    article.appendChild(offersLine(match.programme, a));
    var easy = el("details", "ergebniskarte__leicht");
    easy.appendChild(el("summary", null, "In Leichter Sprache"));
    var easyText = el("div", "leichte-sprache");
    match.easy.concat(programme.easy ? [programme.easy] : []).forEach(function (sentence) {
      easyText.appendChild(el("p", null, sentence));
    });
    easy.appendChild(easyText);
    article.appendChild(easy);
    var stand = el("p", "ergebniskarte__stand gedaempft");
    stand.appendChild(document.createTextNode((programme.as_of ? "Stand der Angaben: " + programme.as_of + ". " : "")));
    stand.appendChild(link(programme.url, "Bedingungen und Quellen"));
    article.appendChild(stand);
    return article;
  }

  function render(a, focus) {
    var matches = evaluate(a);
    list.textContent = "";
    var summary = el("p", "checkergebnis__zahl");
    summary.setAttribute("role", "status");
    summary.textContent = matches.length === 0
      ? "Zu Ihren Antworten passt keines der Programme sicher."
      : matches.length === 1 ? "1 Förderprogramm kann passen." : matches.length + " Förderprogramme können passen.";
    list.appendChild(summary);
    if (matches.length === 0) {
      var none = el("p");
      none.appendChild(document.createTextNode("Eine Beratungsstelle kennt weitere Wege. "));
      none.appendChild(link(data.links.advice, "Kostenlose Beratung finden"));
      list.appendChild(none);
    }
    var ul = el("ul", "ergebnisliste");
    matches.forEach(function (match) {
      var li = el("li");
      li.appendChild(card(match, a, 3));
      ul.appendChild(li);
    });
    list.appendChild(ul);
    result.hidden = false;
    if (focus) result.focus();
  }

  // --- wiring -------------------------------------------------------------------------------

  form.addEventListener("change", function (event) {
    if (event.target.name === "situation") {
      showSize();
      situationError.hidden = true;
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var a = answers();
    if (!a.situation) {
      situationError.hidden = false;
      var first = form.querySelector("input[name=situation]");
      if (first) first.focus();
      return;
    }
    remember();
    render(a, true);
  });

  document.querySelectorAll("[data-ohne-js]").forEach(function (node) { node.hidden = true; });
  form.hidden = false;
  fill(new URLSearchParams(location.search));
  showSize();
  if (checked("situation")) render(answers(), false);

  // For tests and curious readers: the same rules as a function of answers.
  window.lotseFoerdercheck = { evaluate: evaluate };
})();
