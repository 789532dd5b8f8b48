// Numbers as a German partner types them, whatever language the browser is set to: the form's
// number fields are text fields read here, not <input type="number">, which keeps only what the
// browser's own language calls a number (in Chromium "49,90" became 4990, "1.234,50" 1.2345).
//
// A comma is the decimal separator and a dot groups thousands, as in German; a dot before one,
// two or four and more digits is read as a decimal point too ("49.90", "48.7406"), and so is
// the English form with both ("1,234.50"). What could mean two different numbers is refused
// with both ways to write it: "1.234" is 1234 or 1,234 – unless the field allows no three
// decimal places (whole numbers, amounts in euro), where only 1234 is possible.
//
// `rules` come from the field (site_builder/cms.py): `decimals` (0 for whole numbers, 2 for
// amounts, absent: any), `money` (a euro sign may stand before or after), `min`, `max`,
// `above` (the number must be greater).

const SPACES = /[\s\u00a0\u202f]+/g;

function plain(number) {
  return String(number).replace('.', ',');
}

// A stored number as the field shows it: 1234,5 – amounts with their cents (49,90).
export function showNumber(value, rules = {}) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'number') return String(value);
  if (rules.money && !Number.isInteger(value)) return value.toFixed(2).replace('.', ',');
  return plain(value);
}

function example(rules) {
  if (rules.money) return 'z. B. 49,90 oder 1.234,50';
  if (rules.decimals === 0) return 'z. B. 12';
  return 'z. B. 12 oder 7,5';
}

function notNumber(text, rules) {
  const what = rules.money ? 'kein Betrag' : 'keine Zahl';
  const wanted = rules.money ? 'den Betrag in Euro' : rules.decimals === 0 ? 'eine ganze Zahl' : 'eine Zahl';
  return `„${text}“ ist ${what} – bitte ${wanted} eingeben, ${example(rules)}`;
}

// The number's digits with a dot before its decimals, or a problem in the form's words.
function normalise(body, text, rules) {
  const fewPlaces = rules.decimals !== undefined && rules.decimals !== null && rules.decimals < 3;
  const ambiguous = (whole, part) => {
    if (fewPlaces) {
      return rules.decimals === 0
        ? `„${text}“ ist nicht eindeutig – bitte als ganze Zahl ohne Trennzeichen schreiben: ${whole}${part}`
        : `„${text}“ ist nicht eindeutig – bitte ${whole}${part} schreiben, oder Cent mit Komma und höchstens ${rules.decimals} Stellen, z. B. ${whole},${part.slice(0, rules.decimals)}`;
    }
    return `„${text}“ ist nicht eindeutig – bitte ${whole}${part} (ohne Tausenderpunkt) oder ${whole},${part} (mit Komma vor den Nachkommastellen) schreiben`;
  };
  if (/^\d+$/.test(body)) return { digits: body };
  let match = /^(\d{1,3})[.,](\d{3})$/.exec(body);
  if (match) {
    const comma = body.includes(',');
    // A dot groups thousands in German; a comma before three digits is a decimal comma in
    // German and a thousands separator in English. Either reading that cannot hold in this
    // field (three decimals where at most two are allowed) leaves the other.
    if (!comma && fewPlaces) return { digits: match[1] + match[2] };
    if (comma && !fewPlaces) return { digits: `${match[1]}.${match[2]}` };
    return { problem: ambiguous(match[1], match[2]) };
  }
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) return { digits: body.replace(/\./g, '').replace(',', '.') };
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(body)) return { digits: body.replace(/,/g, '') };
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(body)) return { digits: body.replace(/\./g, '') };
  if (/^\d{1,3}(,\d{3}){2,}$/.test(body)) return { digits: body.replace(/,/g, '') };
  if (/^\d*[.,]\d+$/.test(body)) return { digits: body.replace(',', '.') };
  return { problem: notNumber(text, rules) };
}

// What the field's text means: { empty }, { value } or { problem } (a German message, without
// the field's name).
export function readNumber(input, rules = {}) {
  const text = String(input ?? '').replace(SPACES, ' ').trim();
  if (text === '') return { empty: true };
  let body = text;
  if (rules.money) body = body.replace(/^(€|EUR)\s*/i, '').replace(/\s*(€|EUR)$/i, '').replace(/,[-–]{1,2}$/, ''); // 49,– €
  let sign = '';
  if (/^[-−–]/.test(body)) {
    sign = '-';
    body = body.slice(1).trim();
  }
  if (/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(body)) body = body.replace(/ /g, ''); // 1 234,50
  const { digits, problem } = normalise(body, text, rules);
  if (problem) return { problem };
  const places = digits.includes('.') ? digits.split('.')[1].replace(/0+$/, '').length : 0;
  const tooPrecise = placesProblem(places, rules);
  if (tooPrecise) return { problem: tooPrecise };
  const value = Number(sign + digits);
  if (!Number.isFinite(value)) return { problem: notNumber(text, rules) };
  return { value: value === 0 ? 0 : value, problem: rangeProblem(value, rules) };
}

function placesProblem(places, rules) {
  if (rules.decimals === 0 && places > 0) return `muss eine ganze Zahl sein, ${example(rules)}`;
  if (rules.decimals && places > rules.decimals) return `darf höchstens ${rules.decimals} Nachkommastellen haben, ${example(rules)}`;
  return undefined;
}

// What is wrong with a stored value (a number, or the text kept while it is none); undefined: nothing.
export function numberProblem(value, rules = {}) {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'number') return readNumber(value, rules).problem;
  if (!Number.isFinite(value)) return notNumber(String(value), rules);
  const [, fraction = ''] = /^-?\d+(?:\.(\d+))?$/.exec(String(value)) || [];
  return placesProblem(fraction.length, rules) || rangeProblem(value, rules);
}

// A number outside the field's bounds, in the form's words (none: undefined).
function rangeProblem(value, rules) {
  const { min, max, above } = rules;
  const has = bound => bound !== undefined && bound !== null;
  if (has(above) && !(value > above)) return `muss größer als ${plain(above)} sein`;
  if (has(min) && has(max) && (value < min || value > max)) return `muss zwischen ${plain(min)} und ${plain(max)} liegen`;
  if (has(min) && value < min) return `muss mindestens ${plain(min)} sein`;
  if (has(max) && value > max) return `darf höchstens ${plain(max)} sein`;
  return undefined;
}
