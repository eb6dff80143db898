/* The search index in shards (factsite/search/shards.py), searched as one.

   pagefind/shards.json lists the shards, each a Pagefind bundle: the first is
   loaded, the others merged into it (Pagefind's mergeIndex), and a search returns
   the results of all, by score.

   One thing differs from a single index: Pagefind leaves out of a query a word
   that its index does not hold at all, so that a shard without "council" answers
   "city council" with every page of it about the city. One index holds every
   word of the site, and then a page must hold them all. So a query of several
   words keeps only the results that each word, searched alone, finds too (words
   found nowhere are left out, as one index does), and then counts the results
   per filter value again. */

export async function load(listUrl) {
  const response = await fetch(listUrl);
  if (!response.ok) throw new Error(`no search index (${response.status})`);
  const folders = (await response.json()).shards.map((folder) => new URL(folder, listUrl));
  const engine = await import(new URL("pagefind.js", folders[0]).href);
  await engine.init();
  await Promise.all(folders.slice(1).map((folder) => engine.mergeIndex(folder.pathname)));
  return engine;
}

async function ids(engine, term, filters) {
  const found = await engine.search(term, { filters });
  return new Set(found.results.map((r) => r.id));
}

/* The ids of the pages that hold every word of `term` that some page holds; null for one word. */
async function holdingEveryWord(engine, term) {
  const words = (term || "").split(/\s+/).filter(Boolean);
  if (words.length < 2) return null;
  const sets = (await Promise.all(words.map((word) => ids(engine, word, {})))).filter((s) => s.size);
  return (id) => sets.every((s) => s.has(id));
}

/* How many of the `results` kept have each value of each filter, as Pagefind counts them. */
async function recount(engine, term, counts, results) {
  const kept = new Set(results.map((r) => r.id));
  const out = {};
  for (const [name, values] of Object.entries(counts || {})) {
    out[name] = {};
    for (const value of Object.keys(values)) {
      const found = await ids(engine, term, { [name]: { any: [value] } });
      out[name][value] = [...found].filter((id) => kept.has(id)).length;
    }
  }
  return out;
}

/* Search every shard as one index: Pagefind's search(term, options), its results and filter counts. */
export async function search(engine, term, options) {
  const found = await engine.search(term, options);
  const keep = await holdingEveryWord(engine, term);
  if (!keep) return found;
  const results = found.results.filter((r) => keep(r.id));
  if (results.length === found.results.length) return found;
  return { ...found, results, filters: await recount(engine, term, found.filters, results) };
}
