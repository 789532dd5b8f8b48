// Lotse's YAML, read as `validate` reads it (site_builder/load.py) and written as
// `python build.py new` writes it (site_builder/scaffold.py): fields in the order of the
// declaration, ids and fixed values bare, other text in double quotes, dates as plain
// JJJJ-MM-TT, lists of single values on one line, Markdown as a block. What the editor saves
// as a new file is then exactly what an editor would write by hand; tests/test_cms.py runs
// both side by side. A file the editor opened changes only where a value changed (editYaml).
//
// The same file runs in the browser (lotse-cms.js) and under Node in the tests.

import { YAMLError, isMap as isYamlMap, isScalar as isScalarNode, isSeq as isYamlSeq, parseDocument, visit } from './yaml/index.js';

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

// The document as load.py reads it: plain scalars resolved, dates as text.
function readDocument(text) {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length) throw doc.errors[0];
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === 'PLAIN' && typeof node.value === 'string') node.value = resolvePlain(node.value);
    },
  });
  return doc;
}

export function parseYaml(text) {
  const data = readDocument(text).toJS();
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

// A single value: no list, no section.
function isSingle(value) {
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
    if (value.every(isSingle)) return [`${pad}${key}: [${value.map(v => scalar(v, idPattern)).join(', ')}]`];
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

// --- Editing a file: what the editor changed, and nothing else ----------------------------
//
// A record the editor opened is saved by changing its file's text where a value changed and
// nowhere else: every other value keeps its line, its quotes, its folded block, its place among
// the keys, and comments stay where they are. A partner's pull request then shows what the
// partner changed, not Lotse's way of writing the whole file. Where a change cannot go into the
// text as it stands (a list entry whose first field goes, say), the smallest part around it is
// written anew, as writeYaml writes it; the whole file only if nothing else fits.

// This part of the file cannot take the change in place: the part around it is written anew.
class Unfit extends Error {}

// Equal as data: maps whatever their key order, lists item by item, texts without the spaces
// and line ends around them (validation strips them; a Markdown field may add or drop a last
// line end by itself).
function same(a, b) {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every(key => key in b && same(a[key], b[key]));
}

// Breaks text into lines of at most `width` characters, at single spaces only (a folded block
// reads a line break as one space).
const WORD_BREAK = /(?<! ) (?! )/;

function fold(text, width) {
  if (!text) return [];
  const lines = [];
  let line = '';
  for (const word of text.split(WORD_BREAK)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

class Edit {
  constructor(text, idPattern) {
    this.src = text;
    this.id = idPattern;
    this.edits = [];
  }

  lineStart(at) {
    return this.src.lastIndexOf('\n', at - 1) + 1;
  }

  lineEnd(at) {
    const next = this.src.indexOf('\n', at);
    return next < 0 ? this.src.length : next + 1;
  }

  // Where a node's text ends: after its last line, with a comment on that line.
  end(node) {
    const stop = node.range[1];
    return this.src[stop - 1] === '\n' ? stop : this.lineEnd(stop);
  }

  column(at) {
    return at - this.lineStart(at);
  }

  startsLine(at) {
    return /^[ \t]*$/.test(this.src.slice(this.lineStart(at), at));
  }

  // Where the "- " of a list entry stands (the entry itself begins after it).
  dash(item) {
    const start = this.lineStart(item.range[0]);
    const match = /^([ \t]*)-[ \t]+$/.exec(this.src.slice(start, item.range[0]));
    if (!match) throw new Unfit();
    return start + match[1].length;
  }

  put(from, to, text) {
    this.edits.push({ from, to, text, order: this.edits.length });
  }

  // Runs `change`; if that part cannot take it, forgets what it did and runs `instead`.
  attempt(change, instead) {
    const mark = this.edits.length;
    try {
      change();
    } catch (error) {
      if (!(error instanceof Unfit)) throw error;
      this.edits.length = mark;
      instead();
    }
  }

  result() {
    const edits = [...this.edits].sort((a, b) => a.from - b.from || a.to - b.to || a.order - b.order);
    let out = '';
    let at = 0;
    for (const edit of edits) {
      if (edit.from < at) throw new Unfit();
      out += this.src.slice(at, edit.from) + edit.text;
      at = edit.to;
    }
    return out + this.src.slice(at);
  }

  // A block mapping: `raw` its data as read, `next` the data to write (cleaned).
  map(node, raw, next, fields) {
    if (!isYamlMap(node) || node.flow || !node.items.length || !isMap(raw)) throw new Unfit();
    const pairs = new Map();
    for (const pair of node.items) {
      if (!isScalarNode(pair.key)) throw new Unfit();
      pairs.set(String(pair.key.value), pair);
    }
    const col = this.column(node.items[0].key.range[0]);
    for (const key of orderedKeys({ ...raw, ...next }, fields)) {
      const field = fieldNamed(fields, key);
      const old = clean(raw[key], field);
      const now = next[key];
      if (same(old, now)) continue;
      const pair = pairs.get(key);
      if (pair && now === undefined) this.remove(pair);
      else if (pair) this.attempt(() => this.change(pair, raw[key], now, field, col), () => this.replace(pair, key, now, field, col));
      else this.insert(node, key, now, field, fields, col);
    }
  }

  change(pair, raw, now, field, col) {
    const value = pair.value;
    if (isMap(now) && isYamlMap(value) && !value.flow) return this.map(value, raw, now, field && field.fields);
    if (Array.isArray(now) && isYamlSeq(value) && Array.isArray(raw)) return value.flow ? this.flowList(value, now) : this.list(value, raw, now, field);
    if (isScalarNode(value) && value.value !== null && isSingle(now)) return this.scalar(value, now, field, col);
    throw new Unfit();
  }

  // The whole pair anew.
  replace(pair, key, now, field, col) {
    const lines = emitPair(emitKey(key, this.id), now, field, col, this.id);
    this.put(pair.key.range[0], this.end(pair.value || pair.key), lines.join('\n').slice(col) + '\n');
  }

  remove(pair) {
    const start = pair.key.range[0];
    if (!this.startsLine(start)) throw new Unfit(); // the first field of a list entry, after "- "
    this.put(this.lineStart(start), this.end(pair.value || pair.key), '');
  }

  // A new key goes after the last one declared before it, else before the first.
  insert(node, key, now, field, fields, col) {
    const rank = name => {
      const found = (fields || []).findIndex(f => f.name === name);
      return found < 0 ? Infinity : found;
    };
    const text = emitPair(emitKey(key, this.id), now, field, col, this.id).join('\n') + '\n';
    const before = node.items.filter(pair => rank(String(pair.key.value)) < rank(key)).map(pair => this.end(pair.value || pair.key));
    if (before.length) {
      const at = Math.max(...before);
      this.put(at, at, (this.src[at - 1] === '\n' ? '' : '\n') + text);
      return;
    }
    const first = node.items[0].key.range[0];
    if (!this.startsLine(first)) throw new Unfit();
    this.put(this.lineStart(first), this.lineStart(first), text);
  }

  // A list of single values in brackets: the values kept keep how they were written.
  flowList(node, now) {
    if (!now.every(isSingle) || !node.items.every(isScalarNode)) throw new Unfit();
    const spare = node.items.map(item => ({ value: item.value, text: this.src.slice(item.range[0], item.range[1]) }));
    const parts = now.map(value => {
      const found = spare.findIndex(item => item && same(item.value, value));
      if (found < 0) return scalar(value, this.id);
      const { text } = spare[found];
      spare[found] = null;
      return text;
    });
    this.put(node.range[0], node.range[1], `[${parts.join(', ')}]`);
  }

  // A list of entries, one per "- ": the entries both lists begin and end with stay as they are;
  // those between are changed in place, the rest removed or added.
  list(node, raw, now, field) {
    const inner = field && (field.field || (field.fields ? { widget: 'object', fields: field.fields } : undefined));
    const entries = node.items.map((item, i) => ({ item, raw: raw[i], old: clean(raw[i], inner) })).filter(entry => entry.old !== undefined);
    let head = 0;
    while (head < entries.length && head < now.length && same(entries[head].old, now[head])) head++;
    let tail = 0;
    while (tail < entries.length - head && tail < now.length - head && same(entries[entries.length - 1 - tail].old, now[now.length - 1 - tail])) tail++;
    const gone = entries.slice(head, entries.length - tail);
    const came = now.slice(head, now.length - tail);
    const paired = Math.min(gone.length, came.length);
    for (let i = 0; i < paired; i++) this.attempt(() => this.entry(gone[i], came[i], inner), () => this.replaceEntry(gone[i].item, came[i], inner));
    for (const entry of gone.slice(paired)) {
      const at = this.dash(entry.item);
      if (!this.startsLine(at)) throw new Unfit();
      this.put(this.lineStart(at), this.end(entry.item), '');
    }
    if (came.length > paired) {
      if (!entries.length) throw new Unfit();
      const col = this.column(this.dash(entries[0].item));
      const text = came.slice(paired).flatMap(item => emitItem(item, inner && inner.fields, col, this.id)).join('\n') + '\n';
      const after = head + paired;
      if (after > 0) {
        const at = this.end(entries[after - 1].item);
        this.put(at, at, (this.src[at - 1] === '\n' ? '' : '\n') + text);
      } else {
        const at = this.dash(entries[0].item);
        if (!this.startsLine(at)) throw new Unfit();
        this.put(this.lineStart(at), this.lineStart(at), text);
      }
    }
  }

  entry(entry, now, inner) {
    const node = entry.item;
    if (isMap(now) && isYamlMap(node) && !node.flow) return this.map(node, entry.raw, now, inner && inner.fields);
    if (isScalarNode(node) && node.value !== null && isSingle(now)) return this.scalar(node, now, inner, this.column(this.dash(node)));
    throw new Unfit();
  }

  replaceEntry(node, now, inner) {
    const at = this.dash(node);
    const col = this.column(at);
    this.put(at, this.end(node), emitItem(now, inner && inner.fields, col, this.id).join('\n').slice(col) + '\n');
  }

  // A single value in place; a folded block stays folded.
  scalar(node, now, field, col) {
    const block = node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
    let text = node.type === 'BLOCK_FOLDED' ? this.folded(node, now) : null;
    if (text === null) {
      const lines = emitPair('k', now, field, col, this.id);
      lines[0] = lines[0].slice(col + 3);
      // After a value on one line a comment may follow, which a block cannot have: the pair anew.
      if (lines.length > 1 && !block) throw new Unfit();
      text = lines.join('\n') + (block ? '\n' : '');
    }
    this.put(node.range[0], node.range[1], text);
  }

  // The new text of a folded block: the block's lines as they were wherever the text still
  // has them, the words between folded at the block's width. Null if it cannot stay folded.
  folded(node, now) {
    if (typeof now !== 'string') return null;
    const body = now.endsWith('\n') ? now.slice(0, -1) : now;
    if (!body || /[\n\t]|^ | $/.test(body)) return null;
    const lines = this.src.slice(node.range[0], node.range[1]).replace(/\n$/, '').split('\n');
    if (!/^>[-+]?$/.test(lines[0].trim()) || lines.length < 2) return null;
    const indent = /^ */.exec(lines[1])[0].length;
    if (!indent || lines.slice(1).some(line => !line.startsWith(' '.repeat(indent)) || /^\s|^$/.test(line.slice(indent)))) return null;
    const old = lines.slice(1).map(line => line.slice(indent).split(WORD_BREAK));
    const width = Math.max(80, ...lines.slice(1).map(line => line.length - indent)); // short blocks: as long as a usual line
    const words = body.split(WORD_BREAK);
    const out = [];
    let loose = [];
    let next = 0; // the first old line not yet used
    for (let at = 0; at < words.length;) {
      const found = old.findIndex((line, k) => k >= next && line.every((word, n) => words[at + n] === word));
      if (found < 0) {
        loose.push(words[at++]);
        continue;
      }
      out.push(...fold(loose.join(' '), width), old[found].join(' '));
      loose = [];
      at += old[found].length;
      next = found + 1;
    }
    out.push(...fold(loose.join(' '), width));
    const pad = ' '.repeat(indent);
    return `${now.endsWith('\n') ? '>' : '>-'}\n${out.map(line => pad + line).join('\n')}\n`;
  }
}

// The record's own keys from what Decap holds: without the file name, cleaned.
function recordData(data, fields) {
  const record = { widget: 'object', fields: (fields || []).filter(f => f.widget !== 'lotse-id') };
  const own = Object.entries(data || {}).filter(([key]) => fieldNamed(record.fields, key) || !fieldNamed(fields, key));
  return { record, kept: clean(Object.fromEntries(own), record) || {} };
}

// `text` (the file as it was read) changed to hold `data`, or null where it cannot be (then
// the file is written anew).
export function editYaml(text, data, fields, idPattern) {
  const { record, kept } = recordData(data, fields);
  try {
    const doc = readDocument(text);
    const edit = new Edit(text, idPattern);
    edit.map(doc.contents, doc.toJS(), kept, record.fields);
    const out = edit.result();
    // What is written must read as what the editor holds.
    return same(clean(parseYaml(out), record) || {}, kept) ? out : null;
  } catch (error) {
    if (error instanceof Unfit || error instanceof YAMLError) return null;
    throw error;
  }
}

// --- Formats Decap uses: one per collection, knowing its fields --------------------------

// The file as it was read is kept through the editor, under this key (no field has it): Decap
// knows only the fields, and saving changes that text (editYaml) rather than writing it anew.
// Its comments stay so: an import's header says where the record came from and what the
// import wrote into it (site_builder/importers/offerfile.py, ``provenance``), and without it
// the next import could not tell an editor's change from the catalogue's, nor find the dates
// a delivery deletes.
export const SOURCE = '#';

function leadingComments(text) {
  const match = /^(?:[ \t]*#[^\n]*\n)+/.exec(String(text).replace(/\r\n?/g, '\n'));
  return match ? match[0] : '';
}

// `new` marks values it chose with a comment until someone confirms them by hand. The form
// shows the value and cannot show the comment: whoever saves it there has seen and kept it.
function confirmed(text, prefilled) {
  if (!prefilled) return text;
  const mark = prefilled.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<=\\S)[ \\t]+#[ \\t]*${mark}[ \\t]*$`, 'gm'), '');
}

// The text of a record: edited where the file was read (`source`), else written anew (with
// the comment lines the read file began with).
function recordText(source, data, fields, idPattern, prefilled) {
  if (typeof source === 'string') {
    const text = source.replace(/\r\n?/g, '\n');
    const edited = editYaml(text, data, fields, idPattern);
    // A file with Windows line ends keeps them.
    if (edited !== null) return confirmed(edited, prefilled).replace(/\n/g, source.includes('\r\n') ? '\r\n' : '\n');
  }
  const head = typeof source === 'string' ? leadingComments(source) : '';
  return head + writeYaml(data, fields, idPattern);
}

// `options.prefilled`: the comment `new` marks its suggestions with (scaffold.PREFILLED).
export function recordFormat(fields, idPattern, options = {}) {
  return {
    fromFile(text) {
      const data = parseYaml(text);
      return isMap(data) ? { ...data, [SOURCE]: text } : data;
    },
    toFile(data) {
      const { [SOURCE]: source, ...rest } = isMap(data) ? data : {};
      return recordText(source, isMap(data) ? rest : data, fields, idPattern, options.prefilled);
    },
  };
}

// Editorial pages: YAML front matter between `---` lines, then the Markdown body.
const FRONT = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/;

export function pageFormat(fields, idPattern, bodyName = 'body', options = {}) {
  const front = fields.filter(f => f.name !== bodyName);
  return {
    fromFile(text) {
      const match = FRONT.exec(text);
      if (!match) return { [bodyName]: text };
      // The front matter as read (with line feeds: the page is written with them, as before).
      const matter = (match[1] || '').replace(/\r\n?/g, '\n');
      return { ...parseYaml(matter), [SOURCE]: matter, [bodyName]: text.slice(match[0].length) };
    },
    toFile(data) {
      const { [bodyName]: body, [SOURCE]: source, ...rest } = data || {};
      const text = (body || '').replace(/\s+$/, '');
      return `---\n${recordText(source, rest, front, idPattern, options.prefilled)}---\n${text ? text + '\n' : ''}`;
    },
  };
}
