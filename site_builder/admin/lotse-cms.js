// Lotse's part of the editor page: reads the configuration `python build.py cms` wrote, teaches
// Decap CMS Lotse's file format, the id field, optional sections and the offer preview, and
// starts it. Everything here is loaded from the site itself.

import { parseYaml, recordFormat, pageFormat } from './lotse-yaml.js';
import { orderProblems, registerPreview } from './lotse-vorschau.js';
import { numberProblem, readNumber, showNumber } from './lotse-zahl.js';

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;

async function fetchText(name) {
  const response = await fetch(name, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return response.text();
}

// Is there anything in it? Sections left alone hold only empty texts, false and empty lists.
function blank(value) {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value.toJS === 'function') return blank(value.toJS());
  if (Array.isArray(value)) return value.every(blank);
  if (typeof value === 'object') return Object.values(value).every(blank);
  return false;
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
function registerIdField(idPattern) {
  const IdControl = createClass({
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

// An optional section (a place, an accessibility note) may stay empty although some of its
// fields are required once it is filled in: only a section with content is checked.
function registerSection() {
  const base = CMS.getWidget('object');
  class SectionControl extends base.control {
    constructor(props) {
      super(props);
      const full = this.validate;
      this.validate = () => (blank(this.props.value) ? undefined : full());
    }
  }
  CMS.registerWidget('lotse-section', SectionControl, base.preview);
}

// A list whose entries hold dates that must come in order (`lotse_order`, from records.Before:
// a date's end not before its start, its registration deadline not after it) is not saved
// while one is out of order: validation would refuse the pull request, where a partner does
// not look. The message is validation's, above the list. Other lists are Decap's own.
function registerOrderedList() {
  const base = CMS.getWidget('list');
  class OrderedListControl extends base.control {
    constructor(props) {
      super(props);
      const size = this.validateSize;
      this.validateSize = () => {
        const { field, value, parentIds } = this.props;
        const rules = field.get('lotse_order');
        if (!rules) return size();
        const items = value && typeof value.toJS === 'function' ? value.toJS() : value;
        const problems = orderProblems(items, rules.toJS(), field.get('label_singular'));
        return [...size(), ...problems.map(text => ({ type: 'CUSTOM', parentIds, message: `${field.get('label')}: ${text}.` }))];
      };
    }
  }
  CMS.registerWidget('list', OrderedListControl, base.preview, base.schema);
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
  registerIdField(idPattern);
  registerSection();
  registerOrderedList();
  registerNumberField();
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
