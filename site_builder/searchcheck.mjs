// Runs real searches against a built Pagefind index, outside a browser: lotse check-search.
// node searchcheck.mjs PAGEFIND_FOLDER LANGUAGE BASE_PATH QUERY...  ->  {"query": [url, ...], ...}
// Pagefind's own pagefind.js loads its index and WebAssembly with fetch(); here fetch reads
// the files of the folder, so the search runs exactly as in a visitor's browser.
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const [folder, language, basePath, ...queries] = process.argv.slice(2);
const base = pathToFileURL(folder.endsWith("/") ? folder : `${folder}/`);
globalThis.fetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url ?? String(input), base);
  const type = url.pathname.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
  return new Response(await readFile(fileURLToPath(url)), { headers: { "Content-Type": type } });
};
// Imported from its text, not its path: Node.js 18 (Debian 12's) takes a .js file outside a
// "type": "module" package for CommonJS, and pagefind.js is an ES module. A data: URL is always
// one; the explicit basePath below stands in for the folder pagefind.js would read off its URL.
const source = await readFile(fileURLToPath(new URL("pagefind.js", base)));
const pagefind = await import(`data:text/javascript;base64,${source.toString("base64")}`);
await pagefind.options({ basePath: base.href, baseUrl: basePath });
await pagefind.init(language);
const found = {};
for (const query of queries) {
  const search = await pagefind.search(query);
  const first = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  found[query] = { count: search.results.length, urls: first.map((data) => data.url) };
}
console.log(JSON.stringify(found));
