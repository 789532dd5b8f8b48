// The rules across the fields of a section (records.Rule: a place or a date needed, a price
// or "Preis auf Anfrage" but not both …), checked in the form before it saves: validation
// would refuse the pull request, where a partner does not look. Each rule comes with the
// JSON Schema records.py declares for it (`schema`) and its message in the form's words;
// this checks the part of JSON Schema those use. A value left empty in the form counts as
// not there, as the file the form writes leaves it out (lotse-yaml.js).

// Is there anything in it? Sections left alone hold only empty texts, false and empty lists.
export function blank(value) {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value.toJS === 'function') return blank(value.toJS());
  if (Array.isArray(value)) return value.every(blank);
  if (typeof value === 'object') return Object.values(value).every(blank);
  return false;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function entries(value) {
  return Array.isArray(value) ? value.filter(item => !blank(item)) : [];
}

// Does `value` hold to `schema`?
export function holds(schema, value) {
  if ('const' in schema && value !== schema.const) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (schema.minItems !== undefined && entries(value).length < schema.minItems) return false;
  if (schema.items && Array.isArray(value) && !entries(value).every(item => holds(schema.items, item))) return false;
  if (schema.required && !(isObject(value) && schema.required.every(key => !blank(value[key])))) return false;
  if (schema.properties && isObject(value)) {
    for (const [key, inner] of Object.entries(schema.properties)) {
      if (!blank(value[key]) && !holds(inner, value[key])) return false;
    }
  }
  if (schema.anyOf && !schema.anyOf.some(inner => holds(inner, value))) return false;
  if (schema.oneOf && schema.oneOf.filter(inner => holds(inner, value)).length !== 1) return false;
  if (schema.allOf && !schema.allOf.every(inner => holds(inner, value))) return false;
  if (schema.not && holds(schema.not, value)) return false;
  if (schema.if) {
    const branch = holds(schema.if, value) ? schema.then : schema.else;
    if (branch && !holds(branch, value)) return false;
  }
  return true;
}

// The messages of the rules `data` breaks.
export function ruleProblems(data, rules) {
  const plain = data && typeof data.toJS === 'function' ? data.toJS() : data || {};
  return rules.filter(rule => !holds(rule.schema, plain)).map(rule => rule.message);
}

// The same for each entry of a list: "Termin 2: …" (entries counted as the form shows them).
export function itemProblems(items, rules, noun) {
  const plain = items && typeof items.toJS === 'function' ? items.toJS() : items || [];
  return plain.flatMap((item, index) => (blank(item) ? [] : ruleProblems(item, rules).map(message => `${noun} ${index + 1}: ${message}`)));
}
