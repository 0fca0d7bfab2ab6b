// Search page: words, filters and a date sort over the Pagefind index, with highlighted excerpts.
//
// Pagefind is loaded only here, on demand, from the bundle named by data-pagefind-bundle (a
// relative path, so the site works under a sub-path). The index is built in parts
// (src/briefsite/index.py): the bundle is the first, and its parts.json names the others, which
// Pagefind's mergeIndex joins to it. Merged, the filter counts add up across parts, but results
// come back by score and Pagefind's date sort holds within one part only, so the date sort is
// done here, from the parts' dates files (page id -> date).
//
// Two workers. One Pagefind runtime searches its parts one after another in one worker, and a
// word found on most pages costs each part time that grows with the square of its matches. So
// parts.json splits a large archive's parts into two groups, and on a machine with two cores or
// more each group gets a runtime of its own (the second one's first part holds Pagefind's worker
// and WebAssembly and serves as its main index): both search at once, and their results are
// joined here, by score, with the filter counts added up.
//
// Languages. Each briefing is indexed in its own language, and a Pagefind runtime stems a search's
// words in one language only: the parts of each language other than the bundle's (parts.json's
// `languages`) get a runtime of their own, whose results are joined in the same way.
//
// The whole state — query, ticked filter values, sort — lives in the address
// (?q=…&actor=…&year=…&sort=…): a search can be bookmarked and shared, the search box in the
// header of every other page opens it, and back/forward restore it. This page has one box, its own.
//
// Filter semantics: AND across groups, OR within a group. The count beside a value is the
// number of briefings it would add or keep: the current words and the other groups' filters
// applied, but not its own group's (Pagefind counts within the results of one search, so a
// group with ticked values gets a search of its own without them).

const FACETS = [
  // key: Pagefind's filter name (templates/article.html); param: its name in the address.
  { key: "actor", param: "actor", label: "Actor", plural: "actors", find: "Find an actor" },
  { key: "actor kind", param: "kind", label: "Kind of actor", plural: "kinds" },
  { key: "publication", param: "publication", label: "Publication", plural: "publications" },
  { key: "author", param: "author", label: "Author", plural: "authors" },
  { key: "year", param: "year", label: "Year", plural: "years", byValue: true },
  { key: "topic", param: "topic", label: "Topic", plural: "topics" },
  { key: "claim type", param: "claim", label: "Claim type", plural: "claim types" },
];
const VALUE_LABELS = {
  "actor kind": {
    person: "Person", government: "Government", agency: "Agency or body", party: "Party",
    cartel: "Cartel", organization: "Organization", country: "Country", program: "Law, order or program",
  },
  "claim type": { statistic: "Statistic", quote: "Quote", event: "Event", assessment: "Assessment" },
};
const SORTS = ["relevance", "newest", "oldest"];
const PAGE_SIZE = 20; // results shown at first and added by "Show more"
const COLLAPSED = 10; // values a long group shows until "Show all" is pressed
const PRELOAD_FROM = 3; // letters typed before the index is fetched for them
// How long typing must pause before the words are searched: long enough to skip the keystrokes
// of a word typed at speed, short enough not to be felt.
const TYPING_PAUSE_MS = 100;

const container = document.querySelector("[data-pagefind-bundle]");
const bundle = new URL(container.dataset.pagefindBundle, document.baseURI);
const form = container.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const filterPanel = container.querySelector(".search-filters");
const facetBox = filterPanel.querySelector(".search-facets");
const clearButton = filterPanel.querySelector(".search-clear");
const tickedNote = filterPanel.querySelector(".search-filters__ticked");
const wrap = container.querySelector(".search-results-wrap");
const status = wrap.querySelector(".search-status");
const sortBox = wrap.querySelector(".search-sort");
const sortSelect = sortBox.querySelector("select");
const list = wrap.querySelector(".search-results");
const moreButton = wrap.querySelector(".search-more");

const pageTitle = document.title;
const groups = new Map(); // facet key -> the group's controls (see buildGroup)
let state = readState(location);
let index; // every part, in one or two Pagefind runtimes, searched as one (see joinRuntimes)
let manifest; // the bundle's parts.json: { workers: [[part folders] for each runtime of the bundle's
// language], languages: { language: [part folders] }, dates: [dates files] }
let pageDates; // promise of page id -> date over every part, loaded at the first date sort
let totals = {}; // facet key -> value -> count over the whole archive
let results = []; // of the current search, in display order
let shown = 0;
let latest = 0; // ticket of the newest search: an older one that finishes late is dropped
let typing = false; // the current history entry was made by typing, so typing replaces it
let searching = Promise.resolve(); // the newest search, until it has shown its results

// While a search runs the results are marked busy (tests and assistive technology wait on it).
wrap.setAttribute("aria-busy", "true");

// --- State <-> address -------------------------------------------------------------------

function readState(where) {
  const params = new URLSearchParams(where.search);
  const filters = new Map();
  for (const facet of FACETS) {
    // filter-KEY is the address the first search page wrote; keep old bookmarks working.
    const values = [...params.getAll(facet.param), ...params.getAll(`filter-${facet.key}`)];
    if (values.length) filters.set(facet.key, new Set(values));
  }
  const sort = params.get("sort");
  return { q: (params.get("q") || "").trim(), filters, sort: SORTS.includes(sort) ? sort : "" };
}

function stateURL(s) {
  const url = new URL(location.href);
  url.search = "";
  if (s.q) url.searchParams.set("q", s.q);
  for (const facet of FACETS) {
    for (const value of s.filters.get(facet.key) || []) url.searchParams.append(facet.param, value);
  }
  if (s.sort) url.searchParams.set("sort", s.sort);
  return url;
}

// The sort in use: the one chosen, else best match for words and newest first for browsing.
function sortOf(s) {
  if (s.sort && !(s.sort === "relevance" && !s.q)) return s.sort;
  return s.q ? "relevance" : "newest";
}

function pagefindFilters(filters, without = null) {
  const out = {};
  for (const [key, values] of filters) {
    if (key !== without && values.size) out[key] = { any: [...values] };
  }
  return out;
}

function hasFilters(s) {
  return [...s.filters.values()].some((values) => values.size);
}

// Make `next` the current state: a new history entry, unless only the words are being typed.
function commit(next, { replace = false } = {}) {
  const url = stateURL(next);
  state = next;
  if (replace || url.href === location.href) {
    history.replaceState(null, "", url);
  } else {
    history.pushState(null, "", url);
  }
  run();
}

function withFilter(key, value, on) {
  const filters = new Map([...state.filters].map(([k, v]) => [k, new Set(v)]));
  const values = filters.get(key) || new Set();
  on ? values.add(value) : values.delete(value);
  values.size ? filters.set(key, values) : filters.delete(key);
  return { ...state, filters };
}

// --- Filter groups -------------------------------------------------------------------------

function valueLabel(key, value) {
  return VALUE_LABELS[key]?.[value] || value;
}

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function buildGroup(facet, index) {
  const id = `facet-${index}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "facet";
  const legend = document.createElement("legend");
  legend.textContent = facet.label;
  fieldset.append(legend);
  const group = { facet, fieldset, items: new Map(), expanded: false, find: null };
  if (facet.find) {
    const findLabel = document.createElement("label");
    findLabel.className = "facet-find-label";
    findLabel.htmlFor = `${id}-find`;
    findLabel.textContent = facet.find;
    const find = document.createElement("input");
    find.type = "search";
    find.id = `${id}-find`;
    find.className = "facet-find";
    find.autocomplete = "off";
    find.setAttribute("aria-controls", `${id}-values`);
    find.addEventListener("input", () => showValues(group));
    fieldset.append(findLabel, find);
    group.find = find;
  }
  group.list = document.createElement("ul");
  group.list.className = "facet-values";
  group.list.id = `${id}-values`;
  group.none = document.createElement("p");
  group.none.className = "facet-none";
  group.none.hidden = true;
  group.more = document.createElement("button");
  group.more.type = "button";
  group.more.className = "facet-more";
  group.more.setAttribute("aria-expanded", "false");
  group.more.setAttribute("aria-controls", group.list.id);
  group.more.addEventListener("click", () => {
    group.expanded = !group.expanded;
    showValues(group);
  });
  fieldset.append(group.list, group.none, group.more);
  for (const value of Object.keys(totals[facet.key] || {})) addValue(group, value);
  groups.set(facet.key, group);
  return fieldset;
}

function addValue(group, value) {
  const key = group.facet.key;
  const li = document.createElement("li");
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = `filter-${key}`;
  box.value = value;
  box.addEventListener("change", () => {
    typing = false;
    commit(withFilter(key, value, box.checked));
  });
  const name = document.createElement("span");
  name.className = "facet-name";
  name.textContent = valueLabel(key, value);
  const count = document.createElement("span");
  count.className = "facet-count";
  label.append(box, name, " ", count);
  li.append(label);
  const item = { value, li, box, count, n: 0, folded: fold(name.textContent) };
  group.items.set(value, item);
  return item;
}

// Show each group's values with their counts: zero-count values hidden (unless ticked),
// the most frequent first (years newest first), long lists cut to COLLAPSED.
function updateGroups(counts) {
  for (const group of groups.values()) {
    const key = group.facet.key;
    const ticked = state.filters.get(key) || new Set();
    for (const value of ticked) if (!group.items.has(value)) addValue(group, value);
    for (const item of group.items.values()) {
      item.n = counts[key]?.[item.value] || 0;
      item.box.checked = ticked.has(item.value);
      item.count.textContent = `(${item.n})`;
    }
    const order = [...group.items.values()].sort(group.facet.byValue
      ? (a, b) => b.value.localeCompare(a.value)
      : (a, b) => b.n - a.n || a.folded.localeCompare(b.folded));
    const current = [...group.list.children];
    if (order.some((item, i) => current[i] !== item.li)) {
      const focused = document.activeElement;
      group.list.append(...order.map((item) => item.li));
      if (focused && focused !== document.activeElement && focused.isConnected) focused.focus();
    }
    group.order = order;
    showValues(group);
  }
  const ticked = [...state.filters.values()].reduce((sum, values) => sum + values.size, 0);
  clearButton.hidden = ticked === 0;
  tickedNote.textContent = ticked ? `(${ticked} chosen)` : "";
}

function showValues(group) {
  const text = group.find ? fold(group.find.value.trim()) : "";
  const available = group.order.filter((item) => item.n > 0 || item.box.checked);
  const matching = text ? available.filter((item) => item.folded.includes(text)) : available;
  const cut = !group.expanded && !text && matching.length > COLLAPSED;
  let kept = 0;
  for (const item of group.items.values()) item.li.hidden = true;
  for (const item of matching) {
    item.li.hidden = cut && kept >= COLLAPSED && !item.box.checked;
    if (!item.li.hidden) kept += 1;
  }
  group.fieldset.hidden = available.length === 0;
  group.none.hidden = matching.length > 0;
  group.none.textContent = text ? `No ${group.facet.plural} match “${group.find.value.trim()}”.` : "";
  group.more.hidden = text !== "" || available.length <= COLLAPSED;
  group.more.setAttribute("aria-expanded", String(group.expanded));
  group.more.textContent = group.expanded ? `Show the top ${COLLAPSED} ${group.facet.plural}`
    : `Show all ${available.length} ${group.facet.plural}`;
}

// --- Results -------------------------------------------------------------------------------

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
  const meta = document.createElement("p");
  meta.className = "meta";
  if (data.meta.date) {
    const time = document.createElement("time");
    if (data.meta.datetime) time.dateTime = data.meta.datetime;
    time.textContent = data.meta.date;
    meta.append(time);
  } else {
    const undated = document.createElement("span");
    undated.className = "unknown";
    undated.textContent = "Undated";
    meta.append(undated);
  }
  for (const part of [data.meta.author, data.meta.publication]) if (part) meta.append(` · ${part}`);
  const text = document.createElement("p");
  text.className = "search-excerpt";
  // Browsing (no words): the briefing's summary says more than its first words.
  if (!state.q && data.meta.summary) {
    text.textContent = data.meta.summary;
  } else {
    text.append(...excerptNodes(data.excerpt || ""));
  }
  li.append(h2, meta, text);
  return li;
}

async function showMore(ticket) {
  const next = results.slice(shown, shown + PAGE_SIZE);
  shown += next.length;
  moreButton.hidden = true; // until these are shown, so a second press cannot fetch them again
  const items = [];
  let rest = [];
  for (const [i, result] of next.entries()) {
    // Each result shows as soon as it and those above it are in. The first is fetched alone:
    // Pagefind's worker readies results one after another, and the first should not wait
    // behind the others.
    if (i === 1) rest = next.map((later, j) => j && later.data());
    const item = resultItem(await (i ? rest[i] : result.data()));
    if (ticket !== latest) return [];
    list.append(item);
    items.push(item);
  }
  const left = results.length - shown;
  moreButton.hidden = left <= 0;
  moreButton.textContent = `Show ${Math.min(left, PAGE_SIZE)} more of ${left} remaining`;
  return items;
}

function describe(n, s) {
  const found = [s.q && `for “${s.q}”`, hasFilters(s) && "with the chosen filters"].filter(Boolean).join(" ");
  const order = { relevance: "best match first", newest: "newest first", oldest: "oldest first" }[sortOf(s)];
  if (!n) return `No briefings found ${found}.`;
  return `${n} briefing${n === 1 ? "" : "s"} found ${found}, ${order}.`;
}

// Page id -> date ("2026", "2026-03" or "2026-03-02": as text they sort by time), every part's.
function loadDates() {
  pageDates ??= Promise.all(manifest.dates.map(async (name) => {
    const response = await fetch(new URL(name, bundle));
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${name}`);
    return response.json();
  })).then((files) => {
    const dates = new Map();
    for (const file of files) {
      for (const [date, ids] of Object.entries(file)) for (const id of ids) dates.set(id, date);
    }
    return dates;
  });
  pageDates.catch(() => (pageDates = undefined)); // a failed load is tried again next time
  return pageDates;
}

// Dated results in date order (direction -1: newest first), ties in best-match order, then
// the undated ones.
function byDate(found, dates, direction) {
  const dated = found.filter((r) => dates.has(r.id));
  dated.sort((a, b) => {
    const x = dates.get(a.id);
    const y = dates.get(b.id);
    return x === y ? 0 : (x < y ? -direction : direction);
  });
  return [...dated, ...found.filter((r) => !dates.has(r.id))];
}

// Search for the current state and show the results and the filter counts.
function run() {
  searching = search();
  return searching;
}

async function search() {
  if (!index) return; // still loading: load() runs the search for the state it finds
  const ticket = ++latest;
  const s = state;
  wrap.setAttribute("aria-busy", "true");
  const sort = sortOf(s);
  sortSelect.value = sort;
  sortSelect.options[0].disabled = !s.q;
  document.title = s.q ? `${s.q} · ${pageTitle}` : pageTitle;
  if (!s.q && !hasFilters(s)) {
    updateGroups(totals);
    results = [];
    list.replaceChildren();
    moreButton.hidden = true;
    sortBox.hidden = true;
    status.textContent = "Type words to search, or tick filters to browse the briefings.";
    wrap.setAttribute("aria-busy", "false");
    return;
  }
  const term = s.q || null;
  const filters = pagefindFilters(s.filters);
  const ticked = FACETS.filter((facet) => s.filters.get(facet.key)?.size);
  const [all, dates, ...others] = await Promise.all([
    // Every match: its counts are right for the groups with nothing ticked.
    index.search(term, { filters }),
    sort === "relevance" ? null : loadDates(),
    ...ticked.map((facet) => index.search(term, { filters: pagefindFilters(s.filters, facet.key) })),
  ]);
  if (ticket !== latest || !all) return;
  const counts = { ...all.filters };
  ticked.forEach((facet, i) => (counts[facet.key] = others[i]?.filters[facet.key] || {}));
  results = dates ? byDate(all.results, dates, sort === "newest" ? -1 : 1) : all.results;
  shown = 0;
  list.replaceChildren();
  await showMore(ticket);
  if (ticket !== latest) return;
  updateGroups(counts);
  sortBox.hidden = false;
  status.textContent = describe(results.length, s);
  wrap.setAttribute("aria-busy", "false");
}

// --- Events --------------------------------------------------------------------------------

let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  wrap.setAttribute("aria-busy", "true");
  // Fetch the index chunks for the words (one a part) while the page waits for typing to stop;
  // not for the first letters, whose chunks would be many and mostly not needed.
  const words = input.value.trim();
  if (index && words.length >= PRELOAD_FROM) index.preload(words).catch(() => {});
  timer = setTimeout(async () => {
    // One search at a time while typing: Pagefind's worker runs them in turn, so the words typed
    // meanwhile wait for the running search and only the newest of them is searched.
    for (let running; running !== searching; ) {
      running = searching;
      await running.catch(() => {});
    }
    const words = input.value.trim();
    if (words === state.q) {
      // Typed back to the words searched last: their results are the ones shown.
      wrap.setAttribute("aria-busy", "false");
      return;
    }
    commit({ ...state, q: words }, { replace: typing });
    typing = true;
  }, TYPING_PAUSE_MS);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  commit({ ...state, q: input.value.trim() }, { replace: typing });
  typing = false;
});
sortSelect.addEventListener("change", () => {
  typing = false;
  const chosen = sortSelect.value;
  commit({ ...state, sort: chosen === (state.q ? "relevance" : "newest") ? "" : chosen });
});
clearButton.addEventListener("click", () => {
  typing = false;
  commit({ ...state, filters: new Map() });
  input.focus();
});
moreButton.addEventListener("click", async () => {
  const items = await showMore(latest);
  // Keyboard users continue at the first result just added.
  items[0]?.querySelector("a").focus();
});
window.addEventListener("popstate", () => {
  clearTimeout(timer);
  typing = false;
  state = readState(location);
  input.value = state.q;
  run();
});

// Filter counts (key -> value -> count) added up.
function addCounts(countsList) {
  const sum = {};
  for (const counts of countsList) {
    for (const [key, values] of Object.entries(counts || {})) {
      const into = (sum[key] ??= {});
      for (const [value, n] of Object.entries(values)) into[value] = (into[value] || 0) + n;
    }
  }
  return sum;
}

// Two lists of results, each best first, as one.
function byScore(a, b) {
  const joined = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) joined.push(a[i].score >= b[j].score ? a[i++] : b[j++]);
  return joined.concat(a.slice(i), b.slice(j));
}

// The runtimes searched as one: the same calls as Pagefind's, each made in every runtime at once.
function joinRuntimes(runtimes) {
  if (runtimes.length === 1) return runtimes[0];
  return {
    preload: (term) => Promise.all(runtimes.map((runtime) => runtime.preload(term))),
    filters: async () => addCounts(await Promise.all(runtimes.map((runtime) => runtime.filters()))),
    search: async (term, options) => {
      const found = await Promise.all(runtimes.map((runtime) => runtime.search(term, options)));
      return {
        results: found.map((one) => one.results).reduce(byScore),
        filters: addCounts(found.map((one) => one.filters)),
      };
    },
  };
}

// Runtime `number` over a group of parts from parts.json: the first runtime's main index is the
// bundle, a later one's is the first part of its group (whose language it searches in: Pagefind
// takes the one language a main index has). Imported under its own address, the script is a
// separate module, with a worker of its own.
async function loadRuntime(number, group, options) {
  const [main, parts] = number ? [group[0], group.slice(1)] : [null, group];
  const script = new URL(number ? `pagefind.js?worker=${number}` : "pagefind.js", bundle);
  const runtime = await import(script.href);
  // Paths from the site's root: Pagefind fetches the parts from its worker, where a relative
  // path would be read against the worker's script.
  await runtime.options(main ? { ...options, basePath: new URL(main, bundle).pathname } : options);
  await runtime.init();
  await Promise.all(parts.map((part) => runtime.mergeIndex(new URL(part, bundle).pathname, options)));
  return runtime;
}

async function load() {
  const response = await fetch(new URL("parts.json", bundle), { cache: "no-cache" });
  if (!response.ok) throw new Error(`HTTP ${response.status} for parts.json`);
  manifest = await response.json();
  const options = { excerptLength: 30 };
  // A runtime for each group of parts, if there is a core for each; else one runtime for all
  // (but for one for each other language: a runtime searches in one language).
  const workers = manifest.workers.length <= (navigator.hardwareConcurrency || 1)
    ? manifest.workers : [manifest.workers.flat()];
  const groups = [...workers, ...Object.values(manifest.languages || {})];
  const runtimes = await Promise.all(groups.map((group, number) => loadRuntime(number, group, options)));
  const joined = joinRuntimes(runtimes);
  totals = await joined.filters();
  FACETS.forEach((facet, i) => facetBox.append(buildGroup(facet, i)));
  // On a narrow screen the filters would push the results far down: fold them.
  if (matchMedia("(max-width: 50rem)").matches) filterPanel.open = false;
  filterPanel.hidden = false;
  index = joined;
}

input.value = state.q;
load().then(run).catch((err) => {
  status.textContent = "Search could not be loaded.";
  wrap.setAttribute("aria-busy", "false");
  console.error(err);
});
