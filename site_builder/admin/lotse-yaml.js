// Lotse's YAML, read as `validate` reads it (site_builder/load.py) and written as
// `python build.py new` writes it (site_builder/scaffold.py): fields in the order of the
// declaration, ids and fixed values bare, other text in double quotes, dates as plain
// JJJJ-MM-TT, lists of single values on one line, Markdown as a block. What the editor saves
// is then exactly what an editor would write by hand; tests/test_cms.py runs both side by side.
//
// The same file runs in the browser (lotse-cms.js) and under Node in the tests.

import { parseDocument, visit } from './yaml/index.js';

// YAML 1.2 core schema for plain scalars, as load.py resolves them: leading zeros keep a
// value a string (postal codes such as 01067), dates stay text.
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
const INT = /^[-+]?(0|[1-9][0-9]*)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?((0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?[eE][-+]?[0-9]+)$/;

export function resolvePlain(text) {
  if (NULL.has(text)) return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT_HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT.test(text)) return parseFloat(text);
  return text;
}

export function parseYaml(text) {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length) throw doc.errors[0];
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === 'PLAIN' && typeof node.value === 'string') node.value = resolvePlain(node.value);
    },
  });
  const data = doc.toJS();
  return data === null || data === undefined ? {} : data;
}

// --- Writing -----------------------------------------------------------------------------

function isMap(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// A scalar as scaffold.scalar writes it.
export function scalar(value, idPattern) {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  if (idPattern.test(text) && resolvePlain(text) === text) return text;
  return JSON.stringify(text);
}

// Which field of `fields` has the name `key`.
function fieldNamed(fields, key) {
  return (fields || []).find(f => f.name === key);
}

// The value without what says nothing: empty text, empty lists and sections, and a checkbox
// at the declaration's default (`declared_default`; without one, false). Undefined for nothing.
export function clean(value, field) {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'boolean') {
    const unsaid = field && 'declared_default' in field ? field.declared_default : false;
    return value === unsaid ? undefined : value;
  }
  if (Array.isArray(value)) {
    const inner = field && (field.field || (field.fields ? { widget: 'object', fields: field.fields } : undefined));
    const items = value.map(item => clean(item, inner)).filter(item => item !== undefined);
    return items.length ? items : undefined;
  }
  if (isMap(value)) {
    if (field && field.widget === 'hidden') return Object.keys(value).length ? value : undefined;
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = clean(item, fieldNamed(field && field.fields, key));
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

// Keys in the order of the declaration, then any the declaration does not know (kept, so
// validation can name them).
function orderedKeys(data, fields) {
  const declared = (fields || []).map(f => f.name).filter(name => name in data);
  return [...declared, ...Object.keys(data).filter(key => !declared.includes(key))];
}

function isScalar(value) {
  return !Array.isArray(value) && !isMap(value);
}

function block(text) {
  // A literal block keeps Markdown as written; a first line that starts with a space would
  // need an indentation sign, so such text (never typed in practice) goes in quotes.
  return text.includes('\n') && !/^[ \t]/.test(text);
}

// Field names stay bare (`on_request:`); a key that YAML would read as something else is quoted.
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function emitKey(key, idPattern) {
  return KEY.test(key) && resolvePlain(key) === key ? key : scalar(key, idPattern);
}

function emitMap(data, fields, indent, idPattern) {
  const lines = [];
  for (const key of orderedKeys(data, fields)) {
    lines.push(...emitPair(emitKey(key, idPattern), data[key], fieldNamed(fields, key), indent, idPattern));
  }
  return lines;
}

function emitPair(key, value, field, indent, idPattern) {
  const pad = ' '.repeat(indent);
  if (isMap(value)) return [`${pad}${key}:`, ...emitMap(value, field && field.fields, indent + 2, idPattern)];
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return [`${pad}${key}: [${value.map(v => scalar(v, idPattern)).join(', ')}]`];
    const inner = field && (field.fields || (field.field && field.field.fields));
    return [`${pad}${key}:`, ...value.flatMap(item => emitItem(item, inner, indent + 2, idPattern))];
  }
  if (typeof value === 'string' && block(value)) {
    const body = value.replace(/\n+$/, '').split('\n').map(line => (line ? `${pad}  ${line}` : ''));
    return [`${pad}${key}: |`, ...body];
  }
  return [`${pad}${key}: ${scalar(value, idPattern)}`];
}

function emitItem(item, fields, indent, idPattern) {
  const pad = ' '.repeat(indent);
  if (isMap(item)) {
    const lines = emitMap(item, fields, indent + 2, idPattern);
    return [`${pad}- ${lines[0].slice(indent + 2)}`, ...lines.slice(1)];
  }
  if (Array.isArray(item)) return [`${pad}- [${item.map(v => scalar(v, idPattern)).join(', ')}]`];
  return [`${pad}- ${scalar(item, idPattern)}`];
}

// The text of a record: `fields` are the collection's Decap fields (declaration order).
export function writeYaml(data, fields, idPattern) {
  const record = { widget: 'object', fields: (fields || []).filter(f => f.widget !== 'lotse-id') };
  const kept = clean(Object.fromEntries(Object.entries(data || {}).filter(([key]) => fieldNamed(record.fields, key) || !fieldNamed(fields, key))), record) || {};
  const lines = emitMap(kept, record.fields, 0, idPattern);
  return lines.length ? lines.join('\n') + '\n' : '';
}

// --- Formats Decap uses: one per collection, knowing its fields --------------------------

// The comment lines a record's file begins with are kept through the editor, under this key
// (no field has it). Decap knows only the fields; but an import's header says where the
// record came from and what the import wrote into it (site_builder/importers/offerfile.py,
// ``provenance``), and without it the next import could not tell an editor's change from
// the catalogue's, nor find the dates a delivery deletes.
export const HEADER = '#';

function leadingComments(text) {
  const match = /^(?:[ \t]*#[^\n]*\n)+/.exec(String(text).replace(/\r\n?/g, '\n'));
  return match ? match[0] : '';
}

export function recordFormat(fields, idPattern) {
  return {
    fromFile(text) {
      const data = parseYaml(text);
      const head = leadingComments(text);
      return head && isMap(data) ? { ...data, [HEADER]: head } : data;
    },
    toFile(data) {
      const { [HEADER]: head, ...rest } = isMap(data) ? data : {};
      const comments = typeof head === 'string' ? head.split('\n').filter(line => /^[ \t]*#/.test(line)) : [];
      return comments.map(line => line + '\n').join('') + writeYaml(isMap(data) ? rest : data, fields, idPattern);
    },
  };
}

// Editorial pages: YAML front matter between `---` lines, then the Markdown body.
const FRONT = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/;

export function pageFormat(fields, idPattern, bodyName = 'body') {
  const front = fields.filter(f => f.name !== bodyName);
  return {
    fromFile(text) {
      const match = FRONT.exec(text);
      if (!match) return { [bodyName]: text };
      return { ...parseYaml(match[1] || ''), [bodyName]: text.slice(match[0].length) };
    },
    toFile(data) {
      const { [bodyName]: body, ...rest } = data || {};
      const text = (body || '').replace(/\s+$/, '');
      return `---\n${writeYaml(rest, front, idPattern)}---\n${text ? text + '\n' : ''}`;
    },
  };
}
