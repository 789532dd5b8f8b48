// Decap CMS starts itself as soon as its script has run. Lotse's script (lotse-cms.js) first
// registers the file format, the id field, the optional sections and the preview, then starts it.
window.CMS_MANUAL_INIT = true;
