// Lotse's part of the editor page: reads the configuration `python build.py cms` wrote, teaches
// Decap CMS Lotse's file format, the id field, optional sections and the offer preview, and
// starts it. Everything here is loaded from the site itself.

import { parseYaml, recordFormat, pageFormat } from './lotse-yaml.js';
import { orderProblems, registerPreview } from './lotse-vorschau.js';

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
        return h('input', { id: forID, className: classNameWrapper, value: this.existingId(), readOnly: true });
      }
      return h('input', {
        id: forID,
        className: classNameWrapper,
        type: 'text',
        value: this.props.value || '',
        autoComplete: 'off',
        spellCheck: false,
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
  registerNoMedia();
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
