// The search page: Pagefind's JavaScript API, with results built as DOM nodes.
// Every string from the index (titles, summaries, tags, excerpts) goes in as text;
// excerpts keep only Pagefind's <mark> highlighting. State lives in the URL:
// ?q=words&tag=<tag slug>&sort=relevance|newest. A classic (not module) script, so that
// it also runs from file://, where it only says that search needs HTTP.
(() => {
  "use strict";
  const PAGE_SIZE = 10;
  const {
    fold, pageWords, hasWord, containingFirst, holdingAll, newestResults,
  } = window.kbSearchWords;
  const DEBOUNCE_MS = 200;

  const box = document.getElementById("kb-search");
  const input = document.getElementById("kb-search-input");
  const tagSelect = document.getElementById("kb-search-tag");
  const sortSelect = document.getElementById("kb-search-sort");
  const statusLine = document.getElementById("kb-search-status");
  const list = document.getElementById("kb-search-results");
  const more = document.getElementById("kb-search-more");
  // A site with translations: the language searched ("" is the site's main language).
  const langSelect = document.getElementById("kb-search-lang");
  // slug -> [name, the word only that tag's page holds]
  const tagData = JSON.parse(box.dataset.tags || "{}");
  const months = JSON.parse(box.dataset.months || "[]");  // newest first
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
  let sharded = false;  // the index is in shards (listed in common-words.json)
  let planQuery = (query) => ({ text: query, dropped: [] });

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    const tag = params.get("tag") || "";
    if (tag) ensureOption(tag, null);
    tagSelect.value = tag;
    sortSelect.value = params.get("sort") === "newest" ? "newest" : "relevance";
    if (langSelect) {
      const wanted = (params.get("lang") || "").toLowerCase();
      const option = Array.from(langSelect.options).find((item) => item.value.toLowerCase() === wanted);
      langSelect.value = option ? option.value : "";
    }
  }

  function writeUrl() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    if (tagSelect.value) params.set("tag", tagSelect.value);
    if (sortSelect.value === "newest") params.set("sort", "newest");
    if (langSelect && langSelect.value) params.set("lang", langSelect.value);
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

  let dateFormat = null;  // one formatter: making one per date took ~0.5 ms each

  function readableDate(iso) {
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return iso;
    dateFormat = dateFormat || new Intl.DateTimeFormat(document.documentElement.lang || undefined,
      { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    return dateFormat.format(date);
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
      // Screen readers say "Tag: Kratom"; the word is hidden on screen (the badge shows it).
      const said = document.createElement("span");
      said.className = "kb-visually-hidden";
      said.textContent = "Tag: ";
      line.append(" ", said, tag);
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
  // (fold, pageWords, hasWord, the query plan and the newest order: kb-pagefind-words.js)
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

  // A query naming a tag shows that tag's page first (found by its own word). The tag
  // page is looked up, its data included, while the query itself runs.
  function tagPageLookup(query) {
    const wanted = fold(query).split(/\s+/).join(" ");
    const slug = Object.keys(tagData).find((key) => fold(tagData[key][0]) === wanted);
    if (!slug) return Promise.resolve(null);
    return pagefind.search(tagData[slug][1]).then(async (found) => {
      const first = found && found.results.length ? found.results[0] : null;
      if (first) await first.data();
      return first ? first.id : null;
    }).catch(() => null);
  }

  async function tagPageFirst(lookup, results) {
    const id = await lookup;
    const index = id === null ? -1 : results.findIndex((result) => result.id === id);
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

  async function showMore(run) {
    if (newest && shown.length < Math.min(available, shownCount + PAGE_SIZE)) {
      const [ordered] = await newestResults(pagefind, months, newest.text, newest.options,
        shownCount + PAGE_SIZE);
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
    const tagPage = query ? tagPageLookup(query) : Promise.resolve(null);
    const response = await pagefind.search(plan.text || null, options);
    if (run !== generation || !response) return;
    shown = response.results;
    // Results holding the left-out words first: the check below then rarely needs to look a
    // left-out word up (in its heavy chunk).
    shown = await containingFirst(plan.dropped, shown, PAGE_SIZE);
    if (sharded && plan.text) {
      shown = await holdingAll(pagefind, common, plan.text, shown, PAGE_SIZE);
    }
    if (run !== generation) return;
    if (query && shown.length && !(await genuine(query, await shown[0].data()))) shown = [];
    available = shown.length;
    newest = null;
    if (shown.length && sortSelect.value === "newest") {
      newest = { text: plan.text, options };
      [shown, available] = await newestResults(pagefind, months, plan.text, options, PAGE_SIZE);
    } else if (query && shown.length) {
      shown = await exactTitleFirst(query, await tagPageFirst(tagPage, shown));
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
    if (count === 0 && query) offerOtherLanguages(query);
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

  // Each language has its own index: words of another language find nothing here, so a
  // search without results links the same words in the site's other languages.
  function offerOtherLanguages(query) {
    if (!langSelect) return;
    const others = Array.from(langSelect.options).filter((item) => item.value !== langSelect.value);
    if (!others.length) return;
    statusLine.append(" ");
    others.forEach((item, index) => {
      const params = new URLSearchParams({ q: query });
      if (item.value) params.set("lang", item.value);
      const link = document.createElement("a");
      link.href = `?${params}`;
      link.lang = item.lang;
      link.className = "kb-search-other-language";
      link.textContent = item.textContent;
      if (index) statusLine.append(" · ");
      statusLine.append(link);
    });
  }

  function currentOptions() {
    const options = {};
    if (tagSelect.value) options.filters = { tag: [tagSelect.value] };
    // Translations carry a "lang" filter: a shard without this language's index (Pagefind
    // then falls back to another language) gives no pages in another language.
    if (langSelect && langSelect.value) {
      options.filters = { ...(options.filters || {}), lang: [langSelect.value] };
    }
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
    // Pagefind language: the page's while it shows results (it picks its index by
    // <html lang> when it starts; kb-pagefind-boot.js started it already unless the
    // address names another language).
    if (langSelect && langSelect.value) document.documentElement.lang = langSelect.value;
    if (!window.kbSearchBoot) throw new Error("kb-pagefind-boot.js did not load");
    let listed;
    ({ pagefind, listed } = await window.kbSearchBoot.start({
      bundle: box.dataset.bundle, root: box.dataset.root }));
    sharded = Boolean((listed.shards || []).length);
    common = listed.words || {};
    planQuery = window.kbSearchWords.planner(common, listed.chunks || []);
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
    if (langSelect) {
      // Another language is another index: start again with it.
      langSelect.addEventListener("change", () => {
        writeUrl();
        window.location.reload();
      });
    }
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
