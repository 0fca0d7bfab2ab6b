// Search page: query and filter the Pagefind index, and show results with highlighted excerpts.
// Pagefind is loaded only here, on demand; the query lives in the address (?q=...) so a
// search can be bookmarked, shared and reached from the search box in every page's header.

const container = document.querySelector("[data-pagefind-bundle]");
const form = container.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const status = container.querySelector(".search-status");
const list = container.querySelector(".search-results");
const filterBox = container.querySelector(".search-filters");
const bundle = new URL(container.dataset.pagefindBundle, document.baseURI);
const params = new URLSearchParams(location.search);
const selected = {}; // filter name -> Set of values

let pagefind;
let latest = 0;

async function load() {
  pagefind = await import(new URL("pagefind.js", bundle).href);
  await pagefind.options({ excerptLength: 30 });
  await pagefind.init();
  for (const [name, values] of params) {
    if (name.startsWith("filter-")) {
      (selected[name.slice(7)] ||= new Set()).add(values);
    }
  }
  await showFilters();
}

async function showFilters() {
  const filters = await pagefind.filters();
  const names = Object.keys(filters).sort();
  if (!names.length) return;
  filterBox.replaceChildren();
  for (const name of names) {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = name.charAt(0).toUpperCase() + name.slice(1);
    fieldset.append(legend);
    const values = Object.keys(filters[name]).sort((a, b) => (name === "year" ? b.localeCompare(a) : a.localeCompare(b)));
    for (const value of values) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = `filter-${name}`;
      box.value = value;
      box.checked = Boolean(selected[name]?.has(value));
      box.addEventListener("change", () => {
        const set = (selected[name] ||= new Set());
        box.checked ? set.add(value) : set.delete(value);
        run();
      });
      label.append(box, ` ${value} (${filters[name][value]})`);
      fieldset.append(label);
    }
    filterBox.append(fieldset);
  }
  filterBox.hidden = false;
}

function activeFilters() {
  const out = {};
  for (const [name, set] of Object.entries(selected)) {
    if (set.size) out[name] = { any: [...set] };
  }
  return out;
}

// Pagefind's excerpts are text with <mark> around matches: keep exactly that, nothing else.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const nodes = [];
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const li = document.createElement("li");
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h2.append(a);
  li.append(h2);
  const meta = [data.meta.date, data.meta.author, data.meta.publication].filter(Boolean).join(" · ");
  if (meta) {
    const p = document.createElement("p");
    p.className = "meta";
    p.textContent = meta;
    li.append(p);
  }
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(data.excerpt || ""));
  li.append(excerpt);
  return li;
}

async function run() {
  const query = input.value.trim();
  const filters = activeFilters();
  const url = new URL(location.href);
  url.search = "";
  if (query) url.searchParams.set("q", query);
  for (const [name, set] of Object.entries(selected)) for (const v of set) url.searchParams.append(`filter-${name}`, v);
  history.replaceState(null, "", url);
  const ticket = ++latest;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    status.textContent = "Type words to search, or choose a filter to browse.";
    return;
  }
  status.textContent = "Searching…";
  const search = await pagefind.search(query || null, { filters });
  if (ticket !== latest || !search) return;
  const data = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...data.map(resultItem));
  const n = search.results.length;
  const what = query ? `for “${query}”` : "for the chosen filters";
  status.textContent = n ? `${n} briefing${n === 1 ? "" : "s"} found ${what}.` : `No briefings found ${what}.`;
}

let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});

input.value = params.get("q") || "";
load().then(run, (err) => {
  status.textContent = "Search could not be loaded.";
  console.error(err);
});
