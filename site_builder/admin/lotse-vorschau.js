// The preview pane shows an offer as its page on the site shows it: the structure and classes
// of templates/offer.html under the site's own stylesheet, with the site's words for fixed
// values (lotse.json, from site_builder/model.py) and its date and money formats
// (site_builder/german.py). tests/test_cms_browser.py compares this preview with the built
// pages of sample offers, so the two stay in step.
//
// An offer being written is not yet one the site would show: where a field the page needs is
// still empty, the preview says so ("noch kein Preis angegeben") instead of what the page
// says of a published offer ("Preis auf Anfrage"), and dates in the wrong order, which
// validation would refuse, are named above the page in validation's words.

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const WEEKDAYS_SHORT = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'];

// --- german.py ---------------------------------------------------------------------------

function day(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text || '').trim());
  return match ? { y: +match[1], m: +match[2], d: +match[3] } : null;
}

function iso(value) {
  return `${value.y}-${String(value.m).padStart(2, '0')}-${String(value.d).padStart(2, '0')}`;
}

export function dateDe(value) {
  return value ? `${value.d}. ${MONTHS[value.m - 1]} ${value.y}` : '';
}

export function dateShort(value) {
  return value ? `${String(value.d).padStart(2, '0')}.${String(value.m).padStart(2, '0')}.${value.y}` : '';
}

export function weekdayDe(value) {
  return value ? WEEKDAYS_SHORT[(new Date(Date.UTC(value.y, value.m - 1, value.d)).getUTCDay() + 6) % 7] : '';
}

function thousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function formatNumber(value) {
  const number = Number(value);
  if (Number.isInteger(number)) return (number < 0 ? '-' : '') + thousands(String(Math.abs(number)));
  const [whole, frac] = Math.abs(number).toFixed(2).split('.');
  return `${number < 0 ? '-' : ''}${thousands(whole)},${frac}`;
}

export function formatMoney(value) {
  return `${formatNumber(value)} €`;
}

const WEEKDAY_IDS = ['mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'];
const EVERY = { mo: 'montags', di: 'dienstags', mi: 'mittwochs', do: 'donnerstags', fr: 'freitags', sa: 'samstags', so: 'sonntags' };

function clock(value) {
  return value.startsWith('0') ? value.slice(1) : value;
}

function weekdaysWords(days) {
  const order = WEEKDAY_IDS.filter(d => (days || []).includes(d));
  if (!order.length) return '';
  if (order.length === 1) return EVERY[order[0]];
  const numbers = order.map(d => WEEKDAY_IDS.indexOf(d));
  if (order.length >= 3 && numbers[numbers.length - 1] - numbers[0] === numbers.length - 1) {
    return `${WEEKDAYS_SHORT[numbers[0]]}–${WEEKDAYS_SHORT[numbers[numbers.length - 1]]}`;
  }
  if (order.length === 2) return `${EVERY[order[0]]} und ${EVERY[order[1]]}`;
  return numbers.map(n => WEEKDAYS_SHORT[n]).join(', ');
}

// As model.OfferDate.schedule_lines: the schedule text as written, without the days, hours
// and mode it already names said again in Lotse's words.
function scheduleLines(d, scheduleWords, modeLabel) {
  const text = String(d.schedule || '').toLowerCase();
  const namesDays = (d.days || []).every(day => text.includes(EVERY[day].slice(0, -1))
    || new RegExp(`(^|[^a-zäöüß])${day}([^a-zäöüß]|$)`).test(text));
  const said = new Set([...text.matchAll(/(?<!\d)(\d{1,2})(?:[:.](\d{2}))?(?!\d)/g)].map(m => `${Number(m[1])}:${Number(m[2] || 0)}`));
  const namesHours = !d.time || String(d.time).split('-').every(t => said.has(`${Number(t.slice(0, 2))}:${Number(t.slice(3, 5))}`));
  return [text && namesDays && namesHours ? null : scheduleWords, d.schedule || null,
    modeLabel && text.includes(modeLabel.toLowerCase()) ? null : modeLabel].filter(Boolean);
}

function timeWords(value) {
  if (!value) return '';
  const [start, end] = String(value).split('-');
  return end ? `${clock(start)}–${clock(end)} Uhr` : `ab ${clock(start)} Uhr`;
}

function spanWords(first, last) {
  const days = Math.round((Date.UTC(last.y, last.m - 1, last.d) - Date.UTC(first.y, first.m - 1, first.d)) / 86400000) + 1;
  if (days <= 1) return '1 Tag';
  if (days <= 13) return `${days} Tage`;
  // Python rounds halves to even, JavaScript up: whole days never land on a half here.
  // From a weekday to the same one weeks later: as many weeks as it meets (german.span_words).
  if (days <= 60) return `${days % 7 === 1 ? Math.floor(days / 7) + 1 : Math.round(days / 7)} Wochen`;
  if (days < 700) {
    const months = Math.round(days / 30.44);
    return months === 1 ? '1 Monat' : `${months} Monate`;
  }
  return `${formatNumber(Math.round(days / 365.25 * 2) / 2)} Jahre`;
}

// Whether two texts say the same words, spaces, case and a closing full stop aside (model.same_words):
// a summary that only repeats the title is no lead, a description that repeats either is left out.
function sameWords(a, b) {
  const words = text => String(text || '').split(/\s+/).filter(Boolean).join(' ').toLowerCase().replace(/[ .…!:;]+$/, '');
  return words(a) !== '' && words(a) === words(b);
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function today() {
  const now = new Date();
  return iso({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });
}

// The entries of a list whose dates come in the wrong order (records.Before, in validation's
// words): "Termin 2: das Ende (13.06.2027) liegt vor dem Beginn (20.06.2027)", numbered as the
// form lists them.
export function orderProblems(items, rules, noun = 'Termin') {
  const found = [];
  (Array.isArray(items) ? items : []).forEach((item, i) => {
    for (const rule of rules || []) {
      const first = day(item && item[rule.first]);
      const then = day(item && item[rule.then]);
      if (!first || !then || iso(first) <= iso(then)) continue;
      const values = { [rule.first]: dateShort(first), [rule.then]: dateShort(then) };
      found.push(`${noun} ${i + 1}: ${rule.message.replace(/\{(\w+)\}/g, (all, key) => values[key] || all)}`);
    }
  });
  return found;
}

// --- model.py ----------------------------------------------------------------------------

// The length in hours of a date's time "09:00-13:15" (null without an end).
function hoursOf(time) {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(String(time || ''));
  return match ? ((+match[3] * 60 + +match[4]) - (+match[1] * 60 + +match[2])) / 60 : null;
}

// As eligibility._words: the words and numbers of a text in lower case.
function wordsOf(text) {
  return String(text || '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

// As eligibility.names_certification: whether one of ``certifications`` names ``wanted``, its
// words in a row and whole ("Zulassung nach AZAV" names AZAV).
function namesCertification(certifications, wanted) {
  const needed = wordsOf(wanted);
  if (!needed.length) return true;
  return certifications.some(entry => {
    const words = wordsOf(entry);
    for (let i = 0; i + needed.length <= words.length; i++) {
      if (needed.every((w, j) => words[i + j] === w)) return true;
    }
    return false;
  });
}

// As eligibility.course_breaks: whether what the offer states (its form, its hours, the times
// of ``dates``: those still to come, or all when none is) or its provider's ``certifications``
// (none declared: not judged) visibly break a programme's course rules.
function breaksCourse(course, data, dates, certifications) {
  if (!course) return false;
  if (course.certification && certifications && certifications.length && !namesCertification(certifications, course.certification)) return true;
  if (course.formats && course.formats.length && !course.formats.includes(data.format)) return true;
  const hours = number(data.duration && data.duration.hours);
  if (hours !== null && ((course.hours_more_than != null && hours <= course.hours_more_than)
    || (course.hours_min != null && hours < course.hours_min) || (course.hours_max != null && hours > course.hours_max))) return true;
  if (course.hours_per_day_min != null) {
    const lengths = dates.map(d => hoursOf(d.time));
    if (lengths.length && lengths.every(l => l !== null && l < course.hours_per_day_min)) return true;
  }
  return false;
}

function number(value) {
  if (value === null || value === undefined || value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

// model.Price: per defaults to 'person' as in records.Price. Neither an amount nor "on
// request" ticked: not yet given (`missing`), which a published offer never is.
function priceView(price, labels) {
  const amount = number(price && price.amount);
  const per = (price && price.per) || 'person';
  const missing = amount === null && !(price && price.on_request);
  return {
    amount,
    per,
    missing,
    label: missing ? 'noch kein Preis angegeben' : amount === null ? 'Preis auf Anfrage' : amount === 0 ? 'kostenfrei' : formatMoney(amount),
    perLabel: labels.per[per] || per,
    vatLabel: price && price.vat ? labels.vat[price.vat] || null : null,
    note: (price && price.note) || null,
  };
}

// A date's own price or place counts when the editor filled it in (Decap keeps empty objects).
function hasPrice(price) {
  return Boolean(price && (number(price.amount) !== null || price.on_request));
}

function hasPlace(location) {
  return Boolean(location && location.city);
}

function durationLabel(duration) {
  if (!duration) return null;
  const parts = [];
  const hours = number(duration.hours);
  if (hours !== null) parts.push(`${formatNumber(hours)} ${hours === 1 ? 'Stunde' : 'Stunden'}`);
  if (duration.text) parts.push(duration.text);
  return parts.join(' · ') || null;
}

function unique(values) {
  return [...new Set((values || []).filter(Boolean))];
}

// model.Offer.when_label
function whenLabel(when, onDemand, upcoming) {
  if (when) return when.started ? `läuft seit ${dateDe(when.start)}, Einstieg möglich` : `${weekdayDe(when.start)}, ${dateDe(when.start)}`;
  if (onDemand) return 'Beginn jederzeit';
  const running = upcoming.find(d => d.running);
  if (running) return `läuft seit ${dateDe(running.start)}, kein Einstieg mehr`;
  if (upcoming.length) return `${weekdayDe(upcoming[0].start)}, ${dateDe(upcoming[0].start)} (Anmeldeschluss vorbei)`;
  return 'Termine auf Anfrage';
}

// The offer as the templates see it (model.Offer), from the entry being edited.
export function offerView(data, lotse, now = today()) {
  const labels = lotse.labels;
  const term = (kind, id) => (lotse.terms[kind] || {})[id] || { label: id, url: null };
  const provider = lotse.providers[data.provider] || { name: data.provider || '', url: null, address: null };
  const location = data.location && data.location.street ? data.location : null;
  const price = priceView(data.price, labels);
  const dates = (data.dates || [])
    .filter(d => day(d && d.start))
    .map(d => ({ ...d, start: day(d.start), end: day(d.end), deadline: day(d.registration_deadline) }))
    .map(d => {
      // As model._Builder.offer_date judges a date on the day.
      const isPast = iso(d.end || d.start) < now;
      const started = iso(d.start) < now;
      const deadlinePassed = Boolean(d.deadline) && iso(d.deadline) < now;
      const lateEntry = Boolean(d.late_entry || data.on_demand);
      const own = hasPlace(d.location) ? d.location : null;
      // Further places of the same run (also_at): model.OfferDate.places puts its place first.
      const alsoAt = (d.also_at || []).filter(hasPlace);
      const modeLabel = d.mode ? labels.mode[d.mode] || null : null;
      const scheduleWords = [weekdaysWords(d.days), timeWords(d.time)].filter(Boolean).join(', ') || null;
      return {
        ...d, isPast, started, deadlinePassed,
        joinable: !isPast && (started ? lateEntry : !deadlinePassed),
        running: started && !isPast,
        soldOut: number(d.seats_available) === 0,
        location: own,
        place: own || location,
        alsoAt,
        places: [...(own || location ? [own || location] : []), ...alsoAt],
        namedPlaces: [...(own ? [own] : []), ...alsoAt],
        price: hasPrice(d.price) ? priceView(d.price, labels) : null,
        modeLabel,
        scheduleWords,
        scheduleLines: scheduleLines(d, scheduleWords, modeLabel),
        // An end before the start spans nothing (the warning above the page names it). Without
        // an end, one session (hours with an end, no weekdays) is a day; a start alone says
        // nothing of how long it runs (model.OfferDate.span_label).
        spanLabel: d.end ? (iso(d.end) < iso(d.start) ? null : spanWords(d.start, d.end))
          : (!(d.days || []).length && String(d.time || '').includes('-') ? '1 Tag' : null),
      };
    })
    .sort((a, b) => iso(a.start).localeCompare(iso(b.start)) || iso(a.end || a.start).localeCompare(iso(b.end || b.start)));
  const upcoming = dates.filter(d => !d.isPast);
  const nextDate = dates.find(d => d.joinable && !d.soldOut) || null;
  const nextOpen = dates.find(d => d.joinable) || null;
  const shown = nextDate || nextOpen || upcoming[0] || null;
  const bookedBefore = dates.filter(d => d.joinable && d.soldOut && (!nextDate || iso(d.start) <= iso(nextDate.start)) && d !== nextDate);
  const own = unique(data.funding);
  // A recognised provider's offers carry its programmes too, while the recognition holds,
  // except those the offer leaves out (excluded_funding).
  const leftOut = unique(data.excluded_funding);
  const inherited = unique((provider.recognitions || []).filter(r => !r.valid_until || r.valid_until >= now).map(r => r.funding))
    .filter(id => !own.includes(id) && !leftOut.includes(id) && !breaksCourse(term('funding', id).course, data, upcoming.length ? upcoming : dates, provider.certifications));
  // As eligibility.fit_rank: how well a programme fits the situations the offer's audiences
  // stand for (0 best, 3 for others only); model.Offer.funding puts the best first.
  const situations = unique(unique(data.audiences).flatMap(id => term('audiences', id).situations || []));
  const fitRank = f => {
    if (!situations.length) return 0;
    if (!f.fit) return 2;
    return Math.min(3, ...situations.filter(key => key in f.fit).map(key => f.fit[key]));
  };
  const placed = (data.dates || []).length > 0 && data.dates.every(d => d && hasPlace(d.location));
  return {
    ...data,
    provider,
    // Not yet given, which validation requires (records.Offer's rules): no date, no place.
    noDates: !dates.length && !data.on_demand && !data.dates_on_request,
    noPlace: data.format !== 'online' && !location && !placed,
    orderProblems: Object.entries(lotse.order || {}).flatMap(([key, rules]) => orderProblems(data[key], rules)),
    topics: unique(data.topics).map(id => term('topics', id)),
    audiences: unique(data.audiences).map(id => term('audiences', id)),
    funding: [...own.map(id => ({ ...term('funding', id), viaProvider: false })), ...inherited.map(id => ({ ...term('funding', id), viaProvider: true }))]
      .map((f, i) => [fitRank(f), i, f]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(entry => entry[2]),
    languages: unique(data.languages && data.languages.length ? data.languages : ['de']).map(code => lotse.languages[code] || code.toUpperCase()),
    formatLabel: labels.format[data.format] || '',
    levelLabel: data.level ? labels.level[data.level] : null,
    location,
    region: location ? term('regions', location.region) : null,
    upcoming,
    past: dates.filter(d => d.isPast),
    nextDate,
    nextOpen,
    isNext: nextDate || nextOpen,
    shown,
    price,
    shownPrice: shown && shown.price ? shown.price : price,
    ownPlaces: upcoming.some(d => d.location || d.alsoAt.length),
    ownPrices: upcoming.some(d => d.price),
    whenLabel: whenLabel(nextDate || nextOpen, data.on_demand, upcoming),
    bookedLabel: !bookedBefore.length ? null : !nextDate ? 'ausgebucht'
      : `${bookedBefore.length === 1 ? 'Termin' : 'Termine'} am ${bookedBefore.map(d => dateShort(d.start)).join(', ')} ausgebucht`,
    scheduleLabel: shown ? [shown.scheduleWords || shown.schedule, shown.modeLabel].filter(Boolean).join(' · ') || null : null,
    durationLabel: durationLabel(data.duration) || ((nextOpen || upcoming[0]) ? (nextOpen || upcoming[0]).spanLabel : null),
    contact: data.contact && (data.contact.name || data.contact.email || data.contact.phone)
      ? { ...data.contact, fromProvider: false }
      : { email: provider.email, phone: provider.phone, fromProvider: true },
  };
}

// --- templates/offer.html ------------------------------------------------------------------

export function registerPreview(CMS, h, createClass, lotse) {
  const data = lotse.preview;
  CMS.registerPreviewStyle(data.links.stylesheet);

  const el = (tag, props, ...children) => h(tag, props, ...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  // What macros.html's icon_external says to screen readers after a link that leaves the site.
  const external = () => el('span', { className: 'sr-only' }, ' (externe Website)');
  const link = (url, text) => (url ? el('a', { href: url }, text) : text);
  const fact = (label, value) => (value ? el('div', { className: 'fakten__zeile' }, el('dt', null, label), el('dd', null, value)) : null);
  const none = () => [el('span', { 'aria-hidden': 'true' }, '–'), el('span', { className: 'sr-only' }, 'keine Angabe')];
  const badge = (kind, text) => el('span', { className: `abzeichen abzeichen--${kind}` }, text);
  // What the page needs and the editor has not given yet (the site never shows this).
  const missing = text => el('em', { className: 'gedaempft vorschau-fehlt' }, text);
  // A date validation refuses (the warning above the page says why).
  const wrong = text => el('strong', { className: 'vorschau-falsch', style: { color: 'var(--c-rot)' } }, `(${text})`);

  function seats(d) {
    if (d.soldOut) return badge('ausgebucht', 'ausgebucht');
    if (number(d.seats_available) !== null) return `${plural(number(d.seats_available), 'Platz', 'Plätze')} frei`;
    return none();
  }

  // macros.accessibility
  function accessibility(a) {
    if (!a || ((a.wheelchair === null || a.wheelchair === undefined) && !a.notes)) return null;
    const known = a.wheelchair !== null && a.wheelchair !== undefined;
    const words = [known ? (a.wheelchair ? 'stufenlos mit dem Rollstuhl erreichbar' : 'nicht stufenlos erreichbar') : null, a.notes || null];
    return words.filter(Boolean).join('; ');
  }

  function priceWords(p) {
    if (p.missing) return missing(p.label);
    return p.label + (p.amount ? ` ${p.perLabel}${p.vatLabel ? `, ${p.vatLabel}` : ''}` : '');
  }

  function when(offer) {
    const open = offer.nextOpen;
    if (open) {
      return [
        el('strong', null, offer.whenLabel),
        offer.bookedLabel ? [' ', badge('ausgebucht', offer.bookedLabel)] : null,
        offer.on_demand && !open.started ? [el('br'), 'Einstieg auch jederzeit möglich'] : null,
        offer.upcoming.length > 1 ? [el('br'), el('a', { href: '#termine' }, plural(offer.upcoming.length - 1, 'weiterer Termin', 'weitere Termine'))] : null,
      ];
    }
    if (offer.on_demand) return [el('strong', null, 'Laufender Einstieg'), el('br'), 'Sie können jederzeit beginnen.'];
    if (offer.dates_on_request) return [el('strong', null, 'Termine auf Anfrage'), el('br'), 'Fragen Sie beim Anbieter nach dem nächsten Beginn.'];
    if (offer.upcoming.length) return [offer.whenLabel, el('br'), 'Fragen Sie beim Anbieter nach späteren Terminen.'];
    if (offer.noDates) return missing('noch kein Termin angegeben');
    return 'Auf Anfrage beim Anbieter';
  }

  // The shown date's place, else the offer's.
  function shownPlace(offer) {
    return offer.shown && offer.shown.place ? offer.shown.place : offer.location;
  }

  function place(offer) {
    if (offer.format === 'online') {
      return ['Online', offer.location ? [el('br'), el('span', { className: 'gedaempft' }, `Anbieter in ${offer.location.city}`)] : null];
    }
    const loc = shownPlace(offer);
    if (!loc) return offer.noPlace ? missing('noch kein Ort angegeben') : 'Auf Anfrage';
    const region = loc.region ? (data.terms.regions || {})[loc.region] : null;
    // As offer.html: the further places of the shown date's run (also_at), each with its address.
    const further = offer.shown && offer.shown.place ? offer.shown.alsoAt : [];
    const here = [loc.city, ...further.map(p => p.city)];
    const elsewhere = unique(offer.upcoming.flatMap(d => d.namedPlaces).map(p => p.city)).filter(city => !here.includes(city));
    const query = encodeURIComponent(`${loc.street}, ${loc.postal_code} ${loc.city}`);
    return [
      loc.name ? [loc.name, el('br')] : null,
      loc.street, el('br'), `${loc.postal_code || ''} ${loc.city || ''}`,
      region && region.url ? [el('br'), el('a', { href: region.url }, `Region ${region.label}`)] : null,
      el('br'), el('a', { className: 'extern', href: data.links.map_search + query, rel: 'noopener' }, 'Auf OpenStreetMap zeigen', external()),
      further.map(other => {
        const its = other.region ? (data.terms.regions || {})[other.region] : null;
        return [el('br'), `Weiterer Ort: ${other.name ? `${other.name}, ` : ''}${other.street || ''}, ${other.postal_code || ''} ${other.city || ''}`,
          its && its.url && other.region !== loc.region ? [' (', el('a', { href: its.url }, `Region ${its.label}`), ')'] : null];
      }),
      elsewhere.length ? [el('br'), el('a', { href: '#termine' }, `Auch in ${elsewhere.join(', ')}`)] : null,
    ];
  }

  // As offer.html: a request for a team's date and price, with what the provider needs to quote.
  function inhouseRequest(offer) {
    const body = `Guten Tag,\n\nwir möchten „${offer.title}“ als Inhouse-Schulung buchen.\n\nAnzahl der Teilnehmenden: \nGewünschter Zeitraum: \n`
      + 'Ort (in unserem Betrieb oder bei Ihnen): \n\nBitte nennen Sie uns Termin und Preis für die Gruppe, mit Angabe der Umsatzsteuer.\n';
    return `mailto:${offer.contact.email}?subject=${encodeURIComponent(`Inhouse-Schulung: „${offer.title}“`)}&body=${encodeURIComponent(body)}`;
  }

  function priceFact(offer) {
    const price = offer.shownPrice;
    const base = offer.price;
    return [
      price.missing ? missing(price.label) : el('strong', null, price.label),
      price.amount ? ` ${price.perLabel}${price.vatLabel ? `, ${price.vatLabel}` : ''}` : null,
      price.note ? [el('br'), el('span', { className: 'gedaempft' }, price.note)] : null,
      price !== base ? [el('br'), el('span', { className: 'gedaempft' }, 'Preis des nächsten Termins; sonst ', priceWords(base), base.note ? ` (${base.note})` : '')] : null,
      price.per === 'person' && price.amount && !price.note ? [el('br'), el('span', { className: 'gruppenpreis' },
        `Gerechnet für 5 Personen: ${formatMoney(price.amount * 5)}, für 10 Personen: ${formatMoney(price.amount * 10)}; Gruppenpreise beim Anbieter erfragen`)] : null,
    ];
  }

  function datesTable(offer) {
    // As offer.html: a column no date fills is left out.
    const withDeadline = offer.upcoming.some(d => d.deadline);
    const withSeats = offer.upcoming.some(d => d.soldOut || number(d.seats_available) !== null);
    const columns = ['Beginn', 'Ende', 'Zeit/Ablauf', ...(offer.ownPlaces ? ['Ort'] : []), ...(offer.ownPrices ? ['Preis'] : []),
      ...(withDeadline ? ['Anmeldeschluss'] : []), ...(withSeats ? ['Plätze'] : []), ...(offer.upcoming.length > 1 ? ['Kalender'] : [])];
    const lines = d => [...d.scheduleLines, d.note].filter(Boolean);
    return el('table', { className: 'tabelle tabelle--stapel termintabelle' },
      el('caption', null, `${plural(offer.upcoming.length, 'Termin', 'Termine')} für „${offer.title || ''}“`),
      el('thead', null, el('tr', null, columns.map(c => el('th', { scope: 'col', key: c, className: c === 'Kalender' ? 'termintabelle__kalender' : undefined }, c)))),
      el('tbody', null, offer.upcoming.map((d, i) => el('tr', { key: i, className: d === offer.isNext ? 'ist-naechster' : undefined },
        el('th', { scope: 'row', 'data-label': 'Beginn' },
          d === offer.isNext ? [badge('naechster', 'nächster Termin'), ' '] : null,
          el('span', { className: 'datum' }, `${weekdayDe(d.start)}, ${dateShort(d.start)}`),
          d.running ? [el('br'), el('span', { className: 'gedaempft' }, `läuft bereits, ${d.joinable ? 'Einstieg möglich' : 'kein Einstieg mehr'}`)] : null),
        el('td', { 'data-label': 'Ende' }, d.end || d.spanLabel
          ? [el('span', { className: 'datum' }, `${weekdayDe(d.end || d.start)}, ${dateShort(d.end || d.start)}`),
            d.spanLabel ? [' ', el('span', { className: 'gedaempft' }, `(${d.spanLabel})`)] : [' ', wrong('vor dem Beginn')]]
          : none()),
        el('td', { 'data-label': 'Zeit/Ablauf' }, lines(d).length ? lines(d).map((z, n) => [n ? el('br') : null, z]) : none()),
        offer.ownPlaces ? el('td', { 'data-label': 'Ort' }, d.place && offer.format !== 'online'
          ? d.places.map((p, n) => [n ? el('br') : null, p.name ? `${p.name}, ` : '', `${p.postal_code || ''} ${p.city || ''}`,
            accessibility(p.accessibility) ? [el('br'), el('span', { className: 'gedaempft' }, accessibility(p.accessibility))] : null])
          : 'Online') : null,
        offer.ownPrices ? el('td', { 'data-label': 'Preis' }, priceWords(d.price || offer.price),
          (d.price || offer.price).note ? [el('br'), el('span', { className: 'gedaempft' }, (d.price || offer.price).note)] : null) : null,
        withDeadline ? el('td', { 'data-label': 'Anmeldeschluss' }, d.deadline
          ? [dateShort(d.deadline), d.deadlinePassed ? [' ', el('span', { className: 'gedaempft' }, '(vorbei)')] : null,
            iso(d.deadline) > iso(d.start) ? [' ', wrong('nach dem Beginn')] : null]
          : none()) : null,
        withSeats ? el('td', { 'data-label': 'Plätze' }, seats(d)) : null,
        // The date's own calendar file exists once the site is built: here its words only.
        // (With one date, the offer's own file is this date's: no column.)
        offer.upcoming.length > 1 ? el('td', { className: 'termintabelle__kalender', 'data-label': 'Kalender' }, d.joinable && !d.soldOut
          ? el('span', { className: 'terminkalender' }, 'Eintragen')
          : [el('span', { 'aria-hidden': 'true' }, '–'), el('span', { className: 'sr-only' }, d.soldOut ? 'ausgebucht' : 'keine Anmeldung mehr')]) : null,
      ))));
  }

  function contactList(contact) {
    if (!(contact.name || contact.phone || contact.email)) return null;
    return el('ul', { className: 'kontaktliste' },
      contact.name ? el('li', { className: 'kontaktliste__name' }, contact.name) : null,
      contact.phone ? el('li', null, el('span', { className: 'kontaktliste__art' }, 'Telefon'), ' ', el('a', { href: `tel:${contact.phone.replace(/[\s/()-]/g, '')}` }, contact.phone)) : null,
      contact.email ? el('li', null, el('span', { className: 'kontaktliste__art' }, 'E-Mail'), ' ', el('a', { href: `mailto:${contact.email}` }, contact.email)) : null);
  }

  function address(addr) {
    if (!addr) return null;
    return el('p', { className: 'adresse' },
      addr.name ? [el('span', { className: 'adresse__name' }, addr.name), el('br')] : null,
      addr.street, el('br'), `${addr.postal_code} ${addr.city}`);
  }

  // The preview's frame is a document of its own: German, with a title, and a name for the
  // frame itself, so screen readers can tell what it is.
  function nameFrame(doc, win) {
    if (!doc || !doc.documentElement) return;
    doc.documentElement.lang = 'de';
    doc.title = 'Vorschau der Angebotsseite';
    if (win && win.frameElement) win.frameElement.setAttribute('title', 'Vorschau der Angebotsseite');
  }

  const OfferPreview = createClass({
    componentDidMount() {
      nameFrame(this.props.document, this.props.window);
    },
    render() {
      return offerPage(this.props);
    },
  });

  function offerPage({ entry, widgetFor }) {
    const offer = offerView(entry.get('data').toJS(), data);
    const dach = [offer.topics[0] && offer.topics[0].label, offer.formatLabel, offer.levelLabel].filter(Boolean).join(' · ');
    const repeats = sameWords(offer.description, offer.title) || sameWords(offer.description, offer.summary);
    return el('main', { className: 'inhalt' },
      offer.orderProblems.length ? el('div', { className: 'feldfehler vorschau-warnung' },
        el('p', null, 'So lehnt die Prüfung das Angebot ab:'),
        el('ul', null, offer.orderProblems.map((text, i) => el('li', { key: i }, `${text}.`)))) : null,
      el('article', { className: 'angebot rahmen' },
        el('div', { className: 'seitenkopf angebot__kopf' },
          el('p', { className: 'seitenkopf__dach' }, dach),
          el('h1', { className: 'seitenkopf__titel' }, offer.title || ''),
          sameWords(offer.summary, offer.title) ? null : el('p', { className: 'seitenkopf__lead' }, offer.summary || ''),
          el('p', { className: 'angebot__anbieterzeile' }, 'Anbieter: ', link(offer.provider.url, offer.provider.name))),
        el('div', { className: 'angebot__raster' },
          el('section', { className: 'faktenbox angebot__fakten', 'aria-labelledby': 'auf-einen-blick' },
            el('h2', { className: 'faktenbox__titel', id: 'auf-einen-blick' }, 'Auf einen Blick'),
            el('dl', { className: 'fakten' },
              fact(offer.nextOpen ? 'Nächster Termin' : 'Beginn', when(offer)),
              fact('Zeiten', offer.scheduleLabel),
              fact('Ort', place(offer)),
              shownPlace(offer) && offer.format !== 'online' ? fact('Barrierefreiheit', accessibility(shownPlace(offer).accessibility)) : null,
              fact('Format', offer.formatLabel),
              fact('Dauer', offer.durationLabel),
              fact('Preis', priceFact(offer)),
              offer.inhouse ? fact('Für Betriebe', ['auch als Inhouse-Schulung buchbar · ', el('a', { href: data.links.employers }, 'Förderung für Arbeitgeber'),
                el('br'), el('span', { className: 'gedaempft' }, 'Termin und Preis für Ihr Team nennt der Anbieter auf Anfrage.'),
                offer.contact.email ? [' ', el('a', { className: 'inhouse-anfrage', href: inhouseRequest(offer) }, 'Inhouse-Schulung anfragen')] : null]) : null,
              offer.funding.length ? fact('Förderung', el('ul', { className: 'fakten__liste' }, offer.funding.map((f, i) => el('li', { key: i },
                link(f.url, f.label), f.viaProvider ? [' ', el('span', { className: 'gedaempft' }, '(über die Anerkennung des Anbieters)')] : null)))) : null,
              fact('Abschluss', offer.certificate),
              fact('Niveau', offer.levelLabel),
              fact(offer.languages.length === 1 ? 'Sprache' : 'Sprachen', offer.languages.join(', ')),
              offer.audiences.length ? fact('Zielgruppe', offer.audiences.map(a => a.label).join(', ')) : null),
            offer.url ? el('div', { className: 'faktenbox__aktionen' }, el('a', { className: 'knopf knopf--haupt extern', href: offer.url }, 'Zur Anmeldung beim Anbieter', external())) : null),
          el('div', { className: 'angebot__haupt' },
            offer.summary_easy ? el('section', { className: 'leichte-sprache', 'aria-labelledby': 'leichte-sprache' },
              el('h2', { id: 'leichte-sprache' }, 'In Leichter Sprache'),
              el('p', null, offer.summary_easy),
              el('p', { className: 'leichte-sprache__mehr' }, el('a', { href: data.links.leichte_sprache }, 'So funktioniert diese Internet·seite: Erklärung in Leichter Sprache'))) : null,
            offer.description && !(repeats && !(offer.tags && offer.tags.length)) ? el('section', { className: 'fliesstext', 'aria-labelledby': 'beschreibung' },
              el('h2', { id: 'beschreibung' }, 'Beschreibung'),
              repeats ? null : widgetFor('description'),
              offer.tags && offer.tags.length ? el('p', { className: 'stichwoerter' }, `Stichwörter: ${offer.tags.join(', ')}`) : null) : null,
            offer.prerequisites ? el('section', { className: 'fliesstext', 'aria-labelledby': 'voraussetzungen' },
              el('h2', { id: 'voraussetzungen' }, 'Voraussetzungen'),
              widgetFor('prerequisites')) : null,
            el('section', { className: 'termine', id: 'termine', 'aria-labelledby': 'termine-titel' },
              el('h2', { id: 'termine-titel' }, 'Termine'),
              offer.on_demand ? el('p', { className: 'hinweis' }, 'Laufender Einstieg: Sie können jederzeit beginnen. Sprechen Sie Ihren Starttermin mit dem Anbieter ab.') : null,
              offer.upcoming.length
                ? datesTable(offer)
                : offer.dates_on_request
                  ? el('p', null, 'Termine auf Anfrage: Der Anbieter nennt keine festen Termine. Fragen Sie dort nach dem nächsten Beginn.')
                  : offer.noDates
                    ? el('p', null, missing('Noch kein Termin angegeben: Termin hinzufügen, „Laufender Einstieg“ oder „Termine auf Anfrage“ anhaken.'))
                    : (!offer.on_demand ? el('p', null, 'Zurzeit sind keine weiteren Termine geplant. Fragen Sie beim Anbieter nach.') : null),
              offer.past.length ? el('details', { className: 'vergangen' },
                el('summary', null, plural(offer.past.length, 'vergangener Termin', 'vergangene Termine')),
                el('ul', { className: 'vergangen__liste' }, offer.past.map((d, i) => el('li', { key: i },
                  dateShort(d.start), d.end && iso(d.end) !== iso(d.start) ? ` – ${dateShort(d.end)}` : '', d.schedule ? ` · ${d.schedule}` : '')))) : null),
            el('section', { className: 'anbieterbox', 'aria-labelledby': 'anbieter-titel' },
              el('h2', { id: 'anbieter-titel' }, 'Anbieter und Anmeldung'),
              el('p', { className: 'anbieterbox__name' }, link(offer.provider.url, offer.provider.name)),
              address(offer.provider.address),
              offer.contact.name || offer.contact.email || offer.contact.phone ? [
                el('h3', { className: 'anbieterbox__unter' }, offer.contact.fromProvider ? 'Kontakt beim Anbieter' : 'Ansprechperson für dieses Angebot'),
                contactList(offer.contact),
                offer.contact.fromProvider ? el('p', { className: 'gedaempft klein' }, 'Für dieses Angebot ist keine eigene Ansprechperson angegeben; dies ist der allgemeine Kontakt des Anbieters.') : null,
              ] : null,
              offer.url
                ? el('p', null, el('a', { className: 'knopf knopf--haupt extern', href: offer.url }, 'Zur Anmeldung beim Anbieter', external()))
                : el('p', null, 'Bitte melden Sie sich direkt beim Anbieter an.')),
            el('p', { className: 'stand' },
              `Stand: ${dateDe(day(offer.updated))}`,
              data.links.report ? [' · ', el('a', { className: 'stand__melden', href: '#' }, 'Angaben nicht mehr aktuell? Melden')] : null,
              el('br'),
              el('span', { className: 'gedaempft' }, 'Alle Angaben ohne Gewähr; verbindlich sind die Angaben des Anbieters.')))),
      ));
  }

  CMS.registerPreviewTemplate('offer', OfferPreview);
}
