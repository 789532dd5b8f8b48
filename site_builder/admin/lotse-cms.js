// Lotse's part of the editor page: reads the configuration `python build.py cms` wrote, teaches
// Decap CMS Lotse's file format, the id field, optional sections and the offer preview, and
// starts it. Everything here is loaded from the site itself.

import { parseYaml, recordFormat, pageFormat } from './lotse-yaml.js';
import { orderProblems, registerPreview } from './lotse-vorschau.js';
import { numberProblem, readNumber, showNumber } from './lotse-zahl.js';
import { blank, itemProblems, ruleProblems } from './lotse-regeln.js';

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;

async function fetchText(name) {
  const response = await fetch(name, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return response.text();
}

// German messages in the words `validate` uses; signing in is "anmelden", as on the site.
function germanMessages() {
  const de = CMS.getLocale('de');
  de.auth.login = 'Anmelden';
  de.auth.loginWithGitHub = 'Mit GitHub anmelden';
  de.collection.collectionTop.newButton = '%{collectionLabel} anlegen';
  de.ui.toast.missingRequiredField = 'Bitte die rot markierten Felder ausfüllen oder berichtigen.';
  const widget = de.editor.editorControlPane.widget;
  widget.required = '%{fieldLabel}: Pflichtfeld fehlt.';
  widget.regexPattern = '%{fieldLabel}: %{pattern}.';
  CMS.registerLocale('de', de);
}

// --- Hints and messages for screen readers -----------------------------------------------
//
// Decap shows a field's hint (the help from records.py) under it and its messages above it,
// but links neither to the field: a screen reader says only the label. Decap renders each
// field as a container of a top bar (the label, then the list of messages), the control and,
// last, the hint; it gives the control the label's id and the hint none. So, whenever the
// form changes, the hint gets the id `<field id>-hinweis` and the messages `<field id>-fehler`,
// and the control names both in aria-describedby (added to what the control names itself, as
// the select fields do). A list or a section becomes a group named by its label; the text
// editor (Markdown), which carries no id, gets its name and hint this way too. Lotse's own
// fields name the two ids in their markup (`describedBy`).

const HINT = '-hinweis';
const MESSAGES = '-fehler';

function describedBy(forID) {
  return `${forID}${MESSAGES} ${forID}${HINT}`;
}

function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

// The element a screen reader announces for the field labelled `label` (none: null).
function controlOf(label, container) {
  const own = document.getElementById(label.htmlFor);
  if (own && own.matches('input, textarea, select, button, [role]:not([role="group"]), [contenteditable="true"]')) return own;
  const named = own || container.querySelector('[contenteditable="true"], textarea');
  if (!named || !container.contains(named)) return null;
  if (own) setAttribute(own, 'role', 'group'); // a list or a section: its fields follow
  setAttribute(label, 'id', `${label.htmlFor}-label`);
  setAttribute(named, 'aria-labelledby', label.id);
  return named;
}

function linkHints(root = document) {
  for (const label of root.querySelectorAll('label[for]')) {
    const bar = label.parentElement;
    const container = bar && bar.parentElement;
    if (!container || container.firstElementChild !== bar) continue;
    const last = container.lastElementChild;
    const hint = last !== bar && last.tagName === 'P' ? last : null;
    const messages = bar.querySelector(':scope > ul');
    const ids = [];
    for (const [element, suffix] of [[messages, MESSAGES], [hint, HINT]]) {
      if (!element) continue;
      setAttribute(element, 'id', label.htmlFor + suffix);
      ids.push(element.id);
    }
    const control = ids.length ? controlOf(label, container) : null;
    if (!control) continue;
    const own = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(token => token && !ids.includes(token));
    setAttribute(control, 'aria-describedby', [...own, ...ids].join(' '));
  }
}

// Decap renders the form anew as it changes (a list entry added, a message shown): link again
// after each change, once per turn of the event loop.
function watchHints() {
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      linkHints();
    }, 0);
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-describedby', 'id', 'for'] });
}

// The id of a new record becomes its file name; an existing record's id is its file name and
// stays as it is. The value is never written into the file (lotse-yaml.js leaves it out).
function registerIdField(idPattern, taken, takenMessage) {
  const IdControl = createClass({
    // Another file's id (validation refuses two files with one id, also in another folder).
    isValid() {
      const { collection, field, parentIds, value } = this.props;
      const own = taken[collection.get('name')] || {};
      const path = this.isNew() && value && Object.hasOwn(own, value) && own[value];
      if (!path) return true;
      const message = `${field.get('label')}: ${takenMessage.replace('{id}', value).replace('{path}', path)}.`;
      return { error: { type: 'CUSTOM', parentIds, message } };
    },
    isNew() {
      const entry = this.props.entry;
      return Boolean(entry && entry.get('newRecord'));
    },
    existingId() {
      const slug = (this.props.entry && this.props.entry.get('slug')) || '';
      return slug.split('/').pop();
    },
    // What Decap checks (required, and the pattern with the declaration's message).
    getValidateValue() {
      return this.isNew() ? this.props.value : this.existingId();
    },
    render() {
      const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      if (!this.isNew()) {
        return h('input', { id: forID, className: classNameWrapper, value: this.existingId(), readOnly: true, 'aria-describedby': describedBy(forID) });
      }
      return h('input', {
        id: forID,
        className: classNameWrapper,
        type: 'text',
        value: this.props.value || '',
        autoComplete: 'off',
        spellCheck: false,
        'aria-describedby': describedBy(forID),
        onChange: event => this.props.onChange(event.target.value.trim()),
        onFocus: setActiveStyle,
        onBlur: setInactiveStyle,
      });
    },
  });
  CMS.registerWidget('lotse-id', IdControl, () => null);
  return idPattern;
}

// --- Rules across fields (lotse-regeln.js) -------------------------------------------------
//
// A section's rules (`lotse_rules`: a price needs an amount or "Preis auf Anfrage", not both)
// are checked on the section's value, in a list on each entry; the record's own rules
// (`lotse_record_rules`: a place for an offer in presence, a date or "Termine auf Anfrage" …)
// on the whole entry, at the first field they name. The form does not save while one is
// broken and says why there, in validation's words.

function fieldErrors(props, messages) {
  const { field, parentIds } = props;
  return messages.map(text => ({ type: 'CUSTOM', parentIds, message: `${field.get('label', field.get('name'))}: ${text}.` }));
}

// The entry as it is now: Decap hands a field the entry as the form was opened (`entry`),
// and with `getEntry` the draft being edited.
function recordProblems(props) {
  const rules = props.field.get('lotse_record_rules');
  const entry = typeof props.getEntry === 'function' ? props.getEntry() : props.entry;
  if (!rules || !entry) return [];
  return ruleProblems(entry.get('data'), rules.toJS());
}

function sectionProblems(props) {
  const rules = props.field.get('lotse_rules');
  return rules ? ruleProblems(props.value, rules.toJS()) : [];
}

// A section (Decap's object), and an optional section (a place, an accessibility note), which
// may stay empty although some of its fields are required once it is filled in: only a
// section with content is checked, for its fields and its rules.
function registerSections() {
  const base = CMS.getWidget('object');
  const checked = optional =>
    class extends base.control {
      constructor(props) {
        super(props);
        const fields = this.validate;
        this.validate = () => {
          const empty = optional && blank(this.props.value);
          if (!empty) fields();
          const problems = [...(empty ? [] : sectionProblems(this.props)), ...recordProblems(this.props)];
          this.props.onValidateObject(this.props.forID, fieldErrors(this.props, problems));
        };
      }
    };
  CMS.registerWidget('object', checked(false), base.preview, base.schema);
  CMS.registerWidget('lotse-section', checked(true), base.preview);
}

// A list whose entries hold dates that must come in order (`lotse_order`, from records.Before:
// a date's end not before its start, its registration deadline not after it) is not saved
// while one is out of order; nor while an entry breaks its section's rules or the record's
// rules at the list are broken. The message is validation's, above the list. Other lists are
// Decap's own.
function registerOrderedList() {
  const base = CMS.getWidget('list');
  class OrderedListControl extends base.control {
    constructor(props) {
      super(props);
      const size = this.validateSize;
      this.validateSize = () => {
        const { field, value } = this.props;
        const order = field.get('lotse_order');
        const rules = field.get('lotse_rules');
        const items = value && typeof value.toJS === 'function' ? value.toJS() : value;
        const noun = field.get('label_singular');
        const problems = [
          ...(order ? orderProblems(items, order.toJS(), noun) : []),
          ...(rules ? itemProblems(items, rules.toJS(), noun) : []),
          ...recordProblems(this.props),
        ];
        return [...size(), ...fieldErrors(this.props, problems)];
      };
    }
  }
  CMS.registerWidget('list', OrderedListControl, base.preview, base.schema);
}

// Other fields that carry a record's rule (a date, a phone number) check it with their own.
function registerRecordRules(names) {
  for (const name of names) {
    const base = CMS.getWidget(name);
    if (!base || !base.control.prototype || !base.control.prototype.isReactComponent) continue;
    class RuledControl extends base.control {
      constructor(props) {
        super(props);
        const own = typeof this.isValid === 'function' ? this.isValid.bind(this) : () => true;
        this.isValid = () => {
          const [problem] = fieldErrors(this.props, recordProblems(this.props));
          return problem ? { error: problem } : own();
        };
      }
    }
    CMS.registerWidget(name, RuledControl, base.preview, base.schema);
  }
}

// The widgets of the fields that carry a record's rule, besides sections and lists.
function ruledWidgets(config) {
  const found = new Set();
  const visit = fields => {
    for (const field of fields || []) {
      if (field.lotse_record_rules && !['object', 'lotse-section', 'list'].includes(field.widget)) found.add(field.widget || 'string');
      visit(field.fields);
    }
  };
  for (const collection of config.collections) visit(collection.fields || collection.files[0].fields);
  return [...found];
}

// Number fields (amounts, hours, seats …) are text fields Lotse reads itself (lotse-zahl.js):
// Decap's number field is an <input type="number">, which keeps only what the browser's
// language calls a number – a partner's "49,90" was saved as 4990. What is typed becomes a
// number as soon as it is one; until then the text itself is kept, so the form refuses to
// save it and says what to type.
function registerNumberField() {
  const base = CMS.getWidget('number');
  const NumberControl = createClass({
    rules() {
      const { field } = this.props;
      const own = field.get('lotse_number');
      if (own) return own.toJS();
      return { decimals: field.get('value_type') === 'int' ? 0 : undefined, min: field.get('min'), max: field.get('max') };
    },
    getInitialState() {
      return { text: showNumber(this.props.value, this.rules()) };
    },
    componentDidUpdate(previous) {
      // A value set from elsewhere (the entry loaded, a list entry moved): show it.
      const { value } = this.props;
      if (value !== previous.value && value !== this.sent) this.setState({ text: showNumber(value, this.rules()) });
    },
    isValid() {
      const problem = numberProblem(this.props.value, this.rules());
      if (!problem) return true;
      const { field, parentIds } = this.props;
      return { error: { type: 'CUSTOM', parentIds, message: `${field.get('label', field.get('name'))}: ${problem}.` } };
    },
    change(event) {
      const text = event.target.value;
      const read = readNumber(text, this.rules());
      this.sent = read.empty ? '' : read.value !== undefined ? read.value : text;
      this.setState({ text });
      this.props.onChange(this.sent);
    },
    blur() {
      this.props.setInactiveStyle();
      if (this.state.text.trim()) this.props.validate(); // say at once what is wrong
    },
    render() {
      const { forID, classNameWrapper, setActiveStyle } = this.props;
      return h('input', {
        id: forID,
        className: classNameWrapper,
        type: 'text',
        inputMode: this.rules().decimals === 0 ? 'numeric' : 'decimal',
        value: this.state.text,
        autoComplete: 'off',
        spellCheck: false,
        'aria-describedby': describedBy(forID),
        onChange: this.change,
        onFocus: setActiveStyle,
        onBlur: this.blur,
      });
    },
  });
  CMS.registerWidget('number', NumberControl, base.preview, base.schema);
}

// No uploads: the guide has no pictures, and Decap's media library would commit to the main
// branch past review. A library that never opens also hides the "Medien" button.
function registerNoMedia() {
  CMS.registerMediaLibrary({
    name: 'lotse-keine-medien',
    init: async () => ({ show() {}, hide() {}, enableStandalone: () => false }),
  });
}

async function start() {
  const [configText, lotseText] = await Promise.all([fetchText('config.yml'), fetchText('lotse.json')]);
  const config = parseYaml(configText);
  const lotse = JSON.parse(lotseText);
  const idPattern = new RegExp(lotse.id_pattern);
  germanMessages();
  registerIdField(idPattern, lotse.taken || {}, lotse.taken_message);
  registerSections();
  registerOrderedList();
  registerNumberField();
  registerRecordRules(ruledWidgets(config));
  registerNoMedia();
  watchHints();
  for (const collection of config.collections) {
    const fields = collection.fields || collection.files[0].fields;
    const options = { prefilled: lotse.prefilled };
    const format = collection.extension === 'md' ? pageFormat(fields, idPattern, lotse.body, options) : recordFormat(fields, idPattern, options);
    CMS.registerCustomFormat(collection.format, collection.extension, format);
  }
  registerPreview(CMS, h, createClass, lotse);
  CMS.init({ config: { ...config, load_config_file: false } });
}

start().catch(error => {
  document.body.textContent = `Die Redaktion konnte nicht starten: ${error.message}`;
  throw error;
});
