// Runs the editor's file format (site_builder/admin/lotse-yaml.js, as written into an editor
// folder by `python build.py cms`) for tests/test_cms.py: jobs as JSON on stdin, results as
// JSON on stdout.
//   node --experimental-default-type=module tests/cms_node.mjs file:///…/admin/lotse-yaml.js
import { readFileSync } from 'node:fs';

const lib = await import(process.argv[2]);
const preview = await import(new URL('lotse-vorschau.js', process.argv[2]).href); // beside it in the editor's folder
const numbers = await import(new URL('lotse-zahl.js', process.argv[2]).href);
const rules = await import(new URL('lotse-regeln.js', process.argv[2]).href);
const { jobs } = JSON.parse(readFileSync(0, 'utf8'));

function run(job) {
  const id = new RegExp(job.id);
  switch (job.op) {
    case 'write':
      return lib.writeYaml(job.data, job.fields, id);
    case 'write-roundtrip': {
      // Read, then written as a new file would be (without the text it was read from).
      const format = lib.recordFormat(job.fields, id);
      const fresh = text => { const { [lib.SOURCE]: _, ...data } = format.fromFile(text); return data; };
      const written = format.toFile(fresh(job.text));
      return [written, format.toFile(fresh(written))];
    }
    case 'edit': {
      // Opened in the editor, some fields changed (`set`; null: emptied), saved.
      const format = lib.recordFormat(job.fields, id, { prefilled: job.prefilled });
      return format.toFile({ ...format.fromFile(job.text), ...job.set });
    }
    case 'page-roundtrip': {
      const format = lib.pageFormat(job.fields, id);
      const fresh = text => { const { [lib.SOURCE]: _, ...data } = format.fromFile(text); return data; };
      const written = format.toFile(fresh(job.text));
      return [written, format.toFile(fresh(written))];
    }
    case 'page-edit': {
      const format = lib.pageFormat(job.fields, id);
      return format.toFile({ ...format.fromFile(job.text), ...job.set });
    }
    case 'order':
      // The dates of list entries out of order, as the form and the preview name them.
      return preview.orderProblems(job.items, job.rules, job.noun);
    case 'read-number':
      // What the form's number field makes of a text typed into it.
      return numbers.readNumber(job.text, job.rules);
    case 'number-problem':
      // A stored value checked as the form checks it before saving (null: no problem), and
      // the text the field shows for it read back.
      return [numbers.numberProblem(job.value, job.rules) ?? null, numbers.readNumber(numbers.showNumber(job.value, job.rules), job.rules)];
    case 'rules':
      // The messages of the rules across fields a section's data breaks, as the form checks them.
      return rules.ruleProblems(job.data, job.rules);
    case 'match':
      return new RegExp(job.pattern).test(job.value);
    default:
      throw new Error(`unknown job ${job.op}`);
  }
}

process.stdout.write(JSON.stringify(jobs.map(run)));
