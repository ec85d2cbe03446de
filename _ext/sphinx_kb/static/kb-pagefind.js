// The search page: Pagefind's JavaScript API, with results built as DOM nodes.
// Every string from the index (titles, summaries, tags, excerpts) goes in as text;
// excerpts keep only Pagefind's <mark> highlighting. State lives in the URL:
// ?q=words&tag=<tag slug>&sort=relevance|newest. A classic (not module) script, so that
// it also runs from file://, where it only says that search needs HTTP.
(() => {
  "use strict";
  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 200;

  const box = document.getElementById("kb-search");
  const input = document.getElementById("kb-search-input");
  const tagSelect = document.getElementById("kb-search-tag");
  const sortSelect = document.getElementById("kb-search-sort");
  const statusLine = document.getElementById("kb-search-status");
  const list = document.getElementById("kb-search-results");
  const more = document.getElementById("kb-search-more");
  // slug -> [name, the word only that tag's page holds]
  const tagData = JSON.parse(box.dataset.tags || "{}");
  const tagNames = Object.fromEntries(Object.entries(tagData).map(([slug, [name]]) => [slug, name]));

  let pagefind = null;
  let generation = 0;
  let shown = [];
  let shownCount = 0;
  let available = 0;  // results in all (shown holds the first of them, in order)
  let newest = null;  // the query and options while results are shown newest first
  let timer = null;
  let allTags = {};
  let filtersLoading = null;
  let countsWanted = false;
  // From common-words.json: query word -> thousands of index entries, for the words on most
  // pages; and [from, to, KB] of Pagefind's heavy index chunks.
  let common = {};
  let heavyChunks = [];

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    const tag = params.get("tag") || "";
    if (tag) ensureOption(tag, null);
    tagSelect.value = tag;
    sortSelect.value = params.get("sort") === "newest" ? "newest" : "relevance";
  }

  function writeUrl() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    if (tagSelect.value) params.set("tag", tagSelect.value);
    if (sortSelect.value === "newest") params.set("sort", "newest");
    const query = params.toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  function ensureOption(slug, count) {
    let option = Array.from(tagSelect.options).find((item) => item.value === slug);
    if (!option) {
      option = document.createElement("option");
      option.value = slug;
      tagSelect.append(option);
    }
    const name = tagNames[slug] || slug;
    option.textContent = count === null ? name : `${name} (${count})`;
    return option;
  }

  function showTagCounts(counts, query = "") {
    const selected = tagSelect.value;
    const slugs = Object.keys(counts || {}).filter((slug) => counts[slug] > 0 || slug === selected);
    slugs.sort((a, b) => (tagNames[a] || a).localeCompare(tagNames[b] || b));
    for (const option of Array.from(tagSelect.options)) {
      if (option.value && !slugs.includes(option.value)) option.remove();
    }
    for (const slug of slugs) ensureOption(slug, counts[slug] || 0);
    const ordered = Array.from(tagSelect.options).slice(1)
      .sort((a, b) => slugs.indexOf(a.value) - slugs.indexOf(b.value));
    for (const option of ordered) tagSelect.append(option);
    tagSelect.value = selected;
    tagSelect.dataset.counts = query;
  }

  // Pagefind escapes "<" and ">" in excerpts and adds <mark>; nothing else is markup.
  function excerptNodes(excerpt) {
    const fragment = document.createDocumentFragment();
    const parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
    let marked = null;
    for (const part of parts) {
      if (part === "<mark>") { marked = document.createElement("mark"); continue; }
      if (part === "</mark>") { if (marked) fragment.append(marked); marked = null; continue; }
      const text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      (marked || fragment).append(text);
    }
    if (marked) fragment.append(marked);
    return fragment;
  }

  function readableDate(iso) {
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return iso;
    const lang = document.documentElement.lang || undefined;
    return date.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric",
                                           timeZone: "UTC" });
  }

  function resultItem(data) {
    const meta = data.meta || {};
    const kind = ((data.filters && data.filters.kind) || [])[0];
    const item = document.createElement("li");
    item.className = "kb-result";
    const title = document.createElement("a");
    title.className = "kb-result-title";
    title.href = data.url;
    title.textContent = meta.title || data.url;
    const head = document.createElement("p");
    head.className = "kb-result-head";
    head.append(title);
    if (kind === "tag") {
      const label = document.createElement("span");
      label.className = "kb-result-kind";
      label.textContent = "Tag";
      head.append(" ", label);
    }
    item.append(head);
    const line = document.createElement("p");
    line.className = "kb-result-meta";
    if (meta.date) {
      const time = document.createElement("time");
      time.dateTime = meta.date;
      time.textContent = readableDate(meta.date);
      line.append(time);
    }
    for (const slug of (data.filters && data.filters.tag) || []) {
      const tag = document.createElement("span");
      tag.className = "kb-result-tag";
      tag.textContent = tagNames[slug] || slug;
      line.append(" ", tag);
    }
    if (line.childNodes.length) item.append(line);
    if (meta.summary) {
      const summary = document.createElement("p");
      summary.className = "kb-result-summary";
      summary.textContent = meta.summary;
      item.append(summary);
    }
    if (data.excerpt && kind !== "tag") {
      const excerpt = document.createElement("p");
      excerpt.className = "kb-result-excerpt";
      excerpt.append(excerptNodes(data.excerpt));
      item.append(excerpt);
    }
    return item;
  }

  // When a query word is nowhere in the index, Pagefind falls back to shorter index words
  // that begin it ("x" for "xylophonic") and returns unrelated pages. A query word is real
  // when the top result has a word starting with it (also a word still being typed), or
  // when Pagefind's exact search (quoted: stems, no prefixes, no fallback) finds it.
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function pageWords(data) {
    const text = fold([data.content || "", ...Object.values(data.meta || {})].join(" "));
    return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function hasWord(words, word) {
    const parts = fold(word).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return parts.every((part) => words.some((candidate) => candidate.startsWith(part)));
  }

  async function genuine(query, data) {
    const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const found = pageWords(data);
    for (const word of words) {
      if (common[word] || hasWord(found, word)) continue;  // a common word is in the index
      const exact = await pagefind.search(`"${word}"`);
      if (!exact || exact.results.length === 0) return false;
    }
    return true;
  }

  // A word on most pages has an index chunk of its own that grows with the site (hundreds
  // of KB at 20,000 articles) and hardly tells pages apart: it is left out of the query sent
  // to Pagefind when a rarer word is there (the cheapest is kept if all are common), and the
  // results that contain it come first among those shown. So is a word that Pagefind would
  // look up in a heavy chunk (it picks the chunk by the word as typed), when a word with a
  // light chunk remains. A query with quotes is sent as typed.
  function chunkKB(word) {
    const term = word.toLowerCase().replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]+/gu, "");
    // Pagefind's chunk bounds are shortened to prefixes: compare as it does when it widens
    // the lookup (a word past a bound's prefix may still be loaded from that chunk).
    return heavyChunks.filter(([from, to]) => term.slice(0, from.length) >= from.slice(0, term.length)
      && term.slice(0, to.length) <= to.slice(0, term.length))
      .reduce((sum, chunk) => sum + chunk[2], 0);
  }

  function planQuery(query) {
    const words = query.split(/\s+/).filter(Boolean);
    const key = (word) => fold(word).replace(/[^\p{L}\p{N}]+/gu, "");
    const isCommon = (word) => Boolean(common[key(word)]);
    if (query.includes("\"") || !words.some((word) => isCommon(word) || chunkKB(word))) {
      return { text: query, dropped: [] };
    }
    const cost = (word) => [chunkKB(word), common[key(word)] || 0];
    const cheaper = (a, b) => cost(a)[0] - cost(b)[0] || cost(a)[1] - cost(b)[1];
    const cheapest = (list) => [list.reduce((best, word) => (cheaper(word, best) < 0 ? word : best))];
    let kept = words.filter((word) => !isCommon(word));
    if (!kept.length) kept = cheapest(words);
    const light = kept.filter((word) => !chunkKB(word));
    kept = light.length ? light : cheapest(kept);
    return { text: kept.join(" "), dropped: words.filter((word) => !kept.includes(word)) };
  }

  async function containingFirst(dropped, results) {
    if (!dropped.length) return results;
    const head = results.slice(0, PAGE_SIZE);
    const data = await Promise.all(head.map((result) => result.data()));
    const score = data.map((entry) => {
      const found = pageWords(entry);
      return dropped.filter((word) => hasWord(found, word)).length;
    });
    const order = head.map((result, index) => index).sort((a, b) => score[b] - score[a] || a - b);
    return [...order.map((index) => head[index]), ...results.slice(PAGE_SIZE)];
  }

  // A query naming a tag shows that tag's page first (found by its own word).
  async function tagPageFirst(query, results) {
    const wanted = fold(query).split(/\s+/).join(" ");
    const slug = Object.keys(tagData).find((key) => fold(tagData[key][0]) === wanted);
    if (!slug) return results;
    const found = await pagefind.search(tagData[slug][1]);
    const id = found && found.results.length ? found.results[0].id : null;
    const index = results.findIndex((result) => result.id === id);
    if (index <= 0) return results;
    return [results[index], ...results.slice(0, index), ...results.slice(index + 1)];
  }

  // A query that is exactly a page's title shows that page first: a short title ("Demo Day")
  // otherwise loses to longer pages that repeat its words. It outranks a tag page of the same
  // name, because the reader typed the whole title. Only the first page of results is looked at.
  async function exactTitleFirst(query, results) {
    const wanted = fold(query).split(/\s+/).join(" ");
    const data = await Promise.all(results.slice(0, PAGE_SIZE).map((result) => result.data()));
    const isTagPage = (entry) => ((entry.filters || {}).kind || []).includes("tag");
    const index = data.findIndex((entry) => !isTagPage(entry)
      && fold(((entry.meta || {}).title || "").trim()).split(/\s+/).join(" ") === wanted);
    if (index <= 0) return results;
    return [results[index], ...results.slice(0, index), ...results.slice(index + 1)];
  }

  // Newest first, without a Pagefind sort (its page order would weigh on every first query):
  // the month filter's counts for this query pick the newest months that hold enough results,
  // and those results, read in full, are ordered by their date. Undated pages are left out.
  async function newestResults(text, options, needed) {
    const months = JSON.parse(box.dataset.months || "[]");
    const filters = options.filters || {};
    const inMonths = (picked) => pagefind.search(text || null,
      { filters: { ...filters, month: { any: picked } } });
    const all = months.length ? await inMonths(months) : null;
    const counts = (all && all.filters && all.filters.month) || {};
    const picked = [];
    let total = 0;
    for (const month of months) {
      if (!counts[month]) continue;
      if (total >= needed) break;
      picked.push(month);
      total += counts[month];
    }
    if (!picked.length) return [[], 0];
    const some = picked.length === months.length ? all : await inMonths(picked);
    const data = await Promise.all(some.results.map((result) => result.data()));
    const date = (index) => (data[index].meta || {}).date || "";
    const order = some.results.map((_, index) => index)
      .sort((a, b) => date(b).localeCompare(date(a)) || a - b);
    return [order.map((index) => some.results[index]), all.results.length];
  }

  async function showMore(run) {
    if (newest && shown.length < Math.min(available, shownCount + PAGE_SIZE)) {
      const [ordered] = await newestResults(newest.text, newest.options, shownCount + PAGE_SIZE);
      if (run !== generation) return;
      shown = ordered;
    }
    const next = shown.slice(shownCount, shownCount + PAGE_SIZE);
    const data = await Promise.all(next.map((result) => result.data()));
    if (run !== generation) return;
    for (const entry of data) list.append(resultItem(entry));
    shownCount += next.length;
    more.hidden = shownCount >= available;
  }

  async function search() {
    const run = ++generation;
    const query = input.value.trim();
    const tag = tagSelect.value;
    list.dataset.state = "loading";
    list.dataset.query = query;
    writeUrl();
    if (!query && !tag) {
      list.replaceChildren();
      shown = [];
      more.hidden = true;
      statusLine.textContent = "";
      list.dataset.state = "done";
      if (filtersLoading) filtersLoading.then(() => run === generation && showTagCounts(allTags));
      return;
    }
    const options = currentOptions();
    const plan = planQuery(query);
    const response = await pagefind.search(plan.text || null, options);
    if (run !== generation || !response) return;
    shown = response.results;
    if (query && shown.length && !(await genuine(query, await shown[0].data()))) shown = [];
    available = shown.length;
    newest = null;
    if (shown.length && sortSelect.value === "newest") {
      newest = { text: plan.text, options };
      [shown, available] = await newestResults(plan.text, options, PAGE_SIZE);
    } else if (query && shown.length) {
      shown = await containingFirst(plan.dropped, shown);
      shown = await exactTitleFirst(query, await tagPageFirst(query, shown));
    }
    if (run !== generation) return;
    shownCount = 0;
    list.replaceChildren();
    if (filtersLoading) showTagCounts((response.totalFilters || {}).tag || {}, query);
    await showMore(run);
    if (run !== generation) return;
    const count = available;
    statusLine.textContent = count === 0
      ? "No results. Try other words, or fewer of them."
      : `${count} result${count === 1 ? "" : "s"}.`;
    list.dataset.state = "done";
    if (!filtersLoading && (countsWanted || tag)) countTagsLater(run, plan.text, options);
  }

  // The counts per tag need Pagefind's tag filter chunk, which lists every article's tags
  // (about 100 KB at 20,000 articles): it loads when the reader turns to the tag filter (or
  // a tag is chosen), then the counts of the current query fill in.
  function wantCounts() {
    if (countsWanted) return;
    countsWanted = true;
    if (!filtersLoading && list.dataset.state === "done") {
      countTagsLater(generation, planQuery(input.value.trim()).text, currentOptions());
    }
  }

  function currentOptions() {
    const options = {};
    if (tagSelect.value) options.filters = { tag: [tagSelect.value] };
    return options;
  }

  function countTagsLater(run, query, options) {
    filtersLoading = pagefind.filters().then((all) => { allTags = all.tag || {}; });
    filtersLoading.then(async () => {
      if (run !== generation) return;
      const response = await pagefind.search(query || null, options);
      if (run !== generation || !response) return;
      showTagCounts((response.totalFilters || {}).tag || {}, query);
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DEBOUNCE_MS);
  }

  async function start() {
    readUrl();
    if (window.location.protocol === "file:") {
      document.getElementById("kb-search-file").hidden = false;
      list.dataset.state = "done";
      return;
    }
    const root = new URL(box.dataset.root || "./", window.location.href);
    const bundle = new URL(box.dataset.bundle, window.location.href);
    const commonWords = fetch(new URL("common-words.json", bundle))
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
    pagefind = await import(bundle.href);
    await pagefind.options({
      baseUrl: root.pathname,
      excerptLength: 24,
      ranking: { metaWeights: { title: 10, summary: 3 } },
      // The search runs in this page: no Web Worker script to fetch (41 KB) before the
      // first query, and the search is as fast for one query at a time.
      noWorker: true,
    });
    ({ words: common = {}, chunks: heavyChunks = [] } = await commonWords);
    // All tags by name until the counts are known.
    const names = Object.keys(tagNames).sort((a, b) => tagNames[a].localeCompare(tagNames[b]));
    for (const slug of names) ensureOption(slug, null);
    tagSelect.value = new URLSearchParams(window.location.search).get("tag") || "";
    input.addEventListener("input", later);
    tagSelect.addEventListener("change", search);
    for (const name of ["focus", "pointerdown", "keydown"]) {
      tagSelect.addEventListener(name, wantCounts);
    }
    sortSelect.addEventListener("change", search);
    more.addEventListener("click", () => showMore(generation));
    input.closest("form").addEventListener("submit", (event) => {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    });
    await search();
    if (!input.value) input.focus();
  }

  start().catch((error) => {
    statusLine.textContent = "Search could not start: " + error.message;
    list.dataset.state = "done";
  });
})();
