// The preview pane shows an offer as its page on the site shows it: the structure and classes
// of templates/offer.html under the site's own stylesheet, with the site's words for fixed
// values (lotse.json, from site_builder/model.py) and its date and money formats
// (site_builder/german.py). tests/test_cms_browser.py compares this preview with the built
// pages of sample offers, so the two stay in step.

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

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function today() {
  const now = new Date();
  return iso({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });
}

// --- model.py ----------------------------------------------------------------------------

function number(value) {
  if (value === null || value === undefined || value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function priceLabel(price) {
  const amount = number(price && price.amount);
  if (amount === null) return 'Preis auf Anfrage';
  return amount === 0 ? 'kostenfrei' : formatMoney(amount);
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

// The offer as the templates see it (model.Offer), from the entry being edited.
export function offerView(data, lotse, now = today()) {
  const labels = lotse.labels;
  const term = (kind, id) => (lotse.terms[kind] || {})[id] || { label: id, url: null };
  const provider = lotse.providers[data.provider] || { name: data.provider || '', url: null, address: null };
  const dates = (data.dates || [])
    .filter(d => day(d && d.start))
    .map(d => ({ ...d, start: day(d.start), end: day(d.end), deadline: day(d.registration_deadline) }))
    .map(d => ({ ...d, isPast: iso(d.end || d.start) < now }))
    .sort((a, b) => iso(a.start).localeCompare(iso(b.start)) || iso(a.end || a.start).localeCompare(iso(b.end || b.start)));
  const upcoming = dates.filter(d => !d.isPast);
  const location = data.location && data.location.street ? data.location : null;
  return {
    ...data,
    provider,
    topics: unique(data.topics).map(id => term('topics', id)),
    audiences: unique(data.audiences).map(id => term('audiences', id)),
    funding: unique(data.funding).map(id => term('funding', id)),
    languages: unique(data.languages && data.languages.length ? data.languages : ['de']).map(code => lotse.languages[code] || code.toUpperCase()),
    formatLabel: labels.format[data.format] || '',
    levelLabel: data.level ? labels.level[data.level] : null,
    location,
    region: location ? term('regions', location.region) : null,
    upcoming,
    past: dates.filter(d => d.isPast),
    next: upcoming[0] || null,
    priceLabel: priceLabel(data.price),
    priceNote: data.price && data.price.note,
    durationLabel: durationLabel(data.duration),
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
  const link = (url, text) => (url ? el('a', { href: url }, text) : text);
  const fact = (label, value) => (value ? el('div', { className: 'fakten__zeile' }, el('dt', null, label), el('dd', null, value)) : null);
  const none = () => [el('span', { 'aria-hidden': 'true' }, '–'), el('span', { className: 'sr-only' }, 'keine Angabe')];
  const badge = (kind, text) => el('span', { className: `abzeichen abzeichen--${kind}` }, text);

  function seats(d) {
    if (d.seats_available === 0) return badge('ausgebucht', 'ausgebucht');
    if (number(d.seats_available) !== null) return `${plural(number(d.seats_available), 'Platz', 'Plätze')} frei`;
    return none();
  }

  function when(offer) {
    if (offer.next) {
      return [
        el('strong', null, `${weekdayDe(offer.next.start)}, ${dateDe(offer.next.start)}`),
        offer.next.seats_available === 0 ? [' ', badge('ausgebucht', 'ausgebucht')] : null,
        offer.on_demand ? [el('br'), 'Einstieg auch jederzeit möglich'] : null,
        offer.upcoming.length > 1 ? [el('br'), el('a', { href: '#termine' }, plural(offer.upcoming.length - 1, 'weiterer Termin', 'weitere Termine'))] : null,
      ];
    }
    if (offer.on_demand) return [el('strong', null, 'Laufender Einstieg'), el('br'), 'Sie können jederzeit beginnen.'];
    if (offer.dates_on_request) return [el('strong', null, 'Termine auf Anfrage'), el('br'), 'Fragen Sie beim Anbieter nach dem nächsten Beginn.'];
    return 'Auf Anfrage beim Anbieter';
  }

  function place(offer) {
    if (offer.format === 'online') {
      return ['Online', offer.location ? [el('br'), el('span', { className: 'gedaempft' }, `Anbieter in ${offer.location.city}`)] : null];
    }
    const elsewhere = unique(offer.upcoming.filter(d => d.location && d.location.city).map(d => d.location.city));
    if (offer.location) {
      const loc = offer.location;
      return [
        loc.name ? [loc.name, el('br')] : null,
        loc.street, el('br'), `${loc.postal_code || ''} ${loc.city || ''}`,
        offer.region ? [el('br'), link(offer.region.url, `Region ${offer.region.label}`)] : null,
        elsewhere.length ? [el('br'), el('a', { href: '#termine' }, `Auch in ${elsewhere.join(', ')}`)] : null,
      ];
    }
    if (elsewhere.length) return el('a', { href: '#termine' }, elsewhere.join(', '));
    return 'Auf Anfrage';
  }

  // A date's own place, mode, price or note: one more column, as on the site.
  function perDate(offer, d) {
    const place = d.location && d.location.city ? d.location : offer.location;
    return el('td', { 'data-label': 'Ort, Umfang, Preis' },
      place ? [place.city, place.name ? `, ${place.name}` : '', el('br')] : null,
      d.mode ? [data.labels.mode[d.mode] || d.mode, el('br')] : null,
      priceLabel(d.price && (number(d.price.amount) !== null || d.price.on_request) ? d.price : offer.price),
      d.note ? [el('br'), el('span', { className: 'gedaempft' }, d.note)] : null);
  }

  function datesTable(offer) {
    const columns = ['Beginn', 'Ende', 'Zeit/Ablauf', 'Anmeldeschluss', 'Plätze'];
    const extra = offer.upcoming.some(d => (d.location && d.location.city) || (d.price && (number(d.price.amount) !== null || d.price.on_request)) || d.mode || d.note);
    return el('table', { className: 'tabelle tabelle--stapel termintabelle' },
      el('caption', null, `${plural(offer.upcoming.length, 'Termin', 'Termine')} für „${offer.title || ''}“`),
      el('thead', null, el('tr', null, [...columns, ...(extra ? ['Ort, Umfang, Preis'] : [])].map(c => el('th', { scope: 'col', key: c }, c)))),
      el('tbody', null, offer.upcoming.map((d, i) => el('tr', { key: i, className: i === 0 ? 'ist-naechster' : undefined },
        el('th', { scope: 'row', 'data-label': 'Beginn' },
          i === 0 ? [badge('naechster', 'nächster Termin'), ' '] : null,
          el('span', { className: 'datum' }, `${weekdayDe(d.start)}, ${dateShort(d.start)}`)),
        el('td', { 'data-label': 'Ende' }, d.end ? el('span', { className: 'datum' }, `${weekdayDe(d.end)}, ${dateShort(d.end)}`) : none()),
        el('td', { 'data-label': 'Zeit/Ablauf' },
          d.time ? el('span', { className: 'datum' }, `${d.time.replace('-', '–')} Uhr`) : null,
          d.time && d.schedule ? el('br') : null,
          d.schedule || null,
          !d.time && !d.schedule ? none() : null),
        el('td', { 'data-label': 'Anmeldeschluss' }, d.deadline ? dateShort(d.deadline) : none()),
        el('td', { 'data-label': 'Plätze' }, seats(d)),
        extra ? perDate(offer, d) : null,
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
    return el('main', { className: 'inhalt' },
      el('article', { className: 'angebot rahmen' },
        el('div', { className: 'seitenkopf angebot__kopf' },
          el('p', { className: 'seitenkopf__dach' }, dach),
          el('h1', { className: 'seitenkopf__titel' }, offer.title || ''),
          el('p', { className: 'seitenkopf__lead' }, offer.summary || ''),
          el('p', { className: 'angebot__anbieterzeile' }, 'Anbieter: ', link(offer.provider.url, offer.provider.name))),
        el('div', { className: 'angebot__raster' },
          el('section', { className: 'faktenbox angebot__fakten', 'aria-labelledby': 'auf-einen-blick' },
            el('h2', { className: 'faktenbox__titel', id: 'auf-einen-blick' }, 'Auf einen Blick'),
            el('dl', { className: 'fakten' },
              fact(offer.next ? 'Nächster Termin' : 'Beginn', when(offer)),
              fact('Ort', place(offer)),
              fact('Format', offer.formatLabel),
              fact('Dauer', offer.durationLabel),
              fact('Preis', [el('strong', null, offer.priceLabel), offer.priceNote ? [el('br'), el('span', { className: 'gedaempft' }, offer.priceNote)] : null]),
              offer.funding.length ? fact('Förderung', el('ul', { className: 'fakten__liste' }, offer.funding.map((f, i) => el('li', { key: i }, link(f.url, f.label))))) : null,
              fact('Abschluss', offer.certificate),
              fact('Niveau', offer.levelLabel),
              fact(offer.languages.length === 1 ? 'Sprache' : 'Sprachen', offer.languages.join(', ')),
              offer.audiences.length ? fact('Zielgruppe', offer.audiences.map(a => a.label).join(', ')) : null),
            offer.url ? el('div', { className: 'faktenbox__aktionen' }, el('a', { className: 'knopf knopf--haupt extern', href: offer.url }, 'Zur Anmeldung beim Anbieter')) : null),
          el('div', { className: 'angebot__haupt' },
            offer.summary_easy ? el('section', { className: 'leichte-sprache', 'aria-labelledby': 'leichte-sprache' },
              el('h2', { id: 'leichte-sprache' }, 'In Leichter Sprache'),
              el('p', null, offer.summary_easy),
              el('p', { className: 'leichte-sprache__mehr' }, el('a', { href: data.links.leichte_sprache }, 'So funktioniert diese Internet·seite: Erklärung in Leichter Sprache'))) : null,
            offer.description ? el('section', { className: 'fliesstext', 'aria-labelledby': 'beschreibung' },
              el('h2', { id: 'beschreibung' }, 'Beschreibung'),
              widgetFor('description'),
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
                ? el('p', null, el('a', { className: 'knopf knopf--haupt extern', href: offer.url }, 'Zur Anmeldung beim Anbieter'))
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
