// Asks a built site's search index through the site's own Pagefind script, in Node (no
// browser): `node query.mjs SITE_DIR WORD...` prints, for each query, the number of
// results and, for each result (at most 10), its URL, title, sub-result URLs and excerpt.
// Pagefind's fetches are answered from SITE_DIR; every path fetched is listed.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [site, ...queries] = process.argv.slice(2);
const origin = "http://site.invalid";
const fetched = [];
globalThis.fetch = async (u) => {
  const path = decodeURIComponent(new URL(u, origin + "/").pathname);
  fetched.push(path);
  try {
    return new Response(await readFile(site + path), { status: 200 });
  } catch {
    return new Response("", { status: 404 });
  }
};
const pf = await import(pathToFileURL(site + "/pagefind/pagefind.js").href);
await pf.options({ basePath: origin + "/pagefind/", baseUrl: "/" });
const shards = JSON.parse(await readFile(site + "/pagefind/shards.json", "utf8"));
for (const s of shards) await pf.mergeIndex(origin + "/pagefind/" + s, { baseUrl: "/" });
const out = { queries: {}, fetched };
for (const q of queries) {
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  out.queries[q] = {
    count: r.results.length,
    results: data.map((d) => ({
      url: d.url,
      title: d.meta.title,
      subs: d.sub_results.map((s) => s.url),
      excerpt: d.excerpt,
    })),
  };
}
console.log(JSON.stringify(out));
