/* The search page: full-text search over claims and articles with Pagefind's
   index (built by `build.py build`), and a filter by rating. The query and the
   chosen ratings live in the page's URL (?q=...&status=...), so results can be
   linked and the masthead's search box needs no script.

   The index comes in shards, searched as one by search-shards.js. */

import { load, search } from "./search-shards.js";

const form = document.querySelector("form[data-search]");
const input = form.querySelector("input[name=q]");
const filter = form.querySelector(".search-filter");
const boxes = Array.from(filter.querySelectorAll("input[name=status]"));
const statusLine = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const MAX_RESULTS = 30;
let pagefind = null;
let latest = 0;

function chosen() {
  return boxes.filter((box) => box.checked).map((box) => box.value);
}

function remember(term, ratings) {
  const params = new URLSearchParams();
  if (term) params.set("q", term);
  ratings.forEach((r) => params.append("status", r));
  const query = params.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

/* Pagefind's excerpt is HTML with <mark> around the hits; keep the text and the marks only. */
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createElement("p");
  out.className = "claim-item-summary";
  template.content.childNodes.forEach((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.appendChild(mark);
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  });
  return out;
}

function span(className, text) {
  const el = document.createElement("span");
  el.className = className;
  el.textContent = text;
  return el;
}

/* Words of the interface (English) read left to right in a right-to-left page too; a value from
   content or the reader inside them is isolated in its own direction (<bdi>). */
function ltr(...parts) {
  const el = document.createElement("span");
  el.dir = "ltr";
  el.append(...parts);
  return el;
}

function bdi(text) {
  const el = document.createElement("bdi");
  el.textContent = text;
  return el;
}

function resultItem(data) {
  const meta = data.meta;
  const li = document.createElement("li");
  li.className = "claim-item search-result";
  const head = document.createElement("div");
  head.className = "claim-item-head";
  if (meta.kind === "claim") {
    li.dataset.status = meta.status_id;
    const badge = span("badge", meta.status);
    badge.dataset.status = meta.status_id;
    badge.dir = "auto";
    const from = ltr("From “", bdi(meta.article), "”");
    from.className = "claim-item-article";
    head.append(badge, " ", from);
  } else {
    head.append(span("kind", "Article"));
  }
  const link = document.createElement("a");
  link.className = "claim-item-title";
  link.href = data.url; // Pagefind gives a path from the server's root, with the site's subpath
  link.textContent = meta.title;
  li.append(head, link, excerpt(data.excerpt));
  return li;
}

function showCounts(counts) {
  boxes.forEach((box) => {
    const n = counts && counts[box.value];
    filter.querySelector(`[data-count-for="${CSS.escape(box.value)}"]`).textContent = n ? `(${n})` : "";
  });
}

async function run() {
  const term = input.value.trim();
  const ratings = chosen();
  remember(term, ratings);
  const ticket = ++latest;
  if (!term && !ratings.length) {
    list.replaceChildren();
    statusLine.textContent = "";
    showCounts(null);
    return;
  }
  const filters = ratings.length ? { status: { any: ratings } } : {};
  const found = await search(pagefind, term || null, { filters });
  const data = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...data.map(resultItem));
  showCounts(term ? found.filters.status : null);
  const n = found.results.length;
  const what = term ? [" for “", bdi(term), "”"] : [];
  const among = ratings.length ? [" rated ", bdi(ratings.join(" or ").toLowerCase())] : [];
  const shown = n > MAX_RESULTS ? `; the first ${MAX_RESULTS} are shown.` : ".";
  statusLine.replaceChildren(ltr(`${n} result${n === 1 ? "" : "s"}`, ...what, ...among, shown));
}

async function start() {
  try {
    pagefind = await load(new URL(form.dataset.bundle, location.href));
    await pagefind.filters(); // loads the filter index, so that searches report counts per rating
  } catch (error) {
    statusLine.replaceChildren(ltr(location.protocol === "file:"
      ? "Search is not available when the site is opened from a file; browse all claims instead."
      : "Search is not built for this site yet (it was built with --no-search); browse all claims instead."));
    input.disabled = true;
    form.querySelector("button[type=submit]").disabled = true;
    return;
  }
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const wanted = params.getAll("status");
  boxes.forEach((box) => { box.checked = wanted.includes(box.value); });
  filter.hidden = false;
  let timer = 0;
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
  filter.addEventListener("change", run);
  run();
}

start();
