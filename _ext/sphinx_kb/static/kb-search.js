/*
 * Knowledge-base search, on top of Sphinx's searchtools.js (loaded on the search page only,
 * deferred: it runs after searchtools.js and before Search.init).
 *
 * - Scorer.score, on top of Sphinx's score: an article whose title is the query, then the tag
 *   page the query names, then titles holding the query's words, articles carrying the tag,
 *   summaries, body text; other listing pages (home, archive) come after articles of equal
 *   merit, and among equals the newest article comes first.
 * - One result per page (the best of its title, section and text matches).
 * - Each article result shows its date, tags and summary (from kb-search-data.js); the context
 *   snippet comes from the body, not from the byline and summary at the top of the page.
 * - A tag filter above the results; the chosen tag is in the URL (?q=...&tag=<slug>).
 *
 * Wraps Search._performSearch, Search.query and Search.makeSearchSummary (Sphinx 9.0).
 */
"use strict";
(() => {
  const DATA = window.KB_SEARCH_DATA;
  if (typeof Search === "undefined" || !DATA || DATA.v !== 1) return;

  const OPTIONS = DOCUMENTATION_OPTIONS;
  const MAX_CHIPS = 8;
  const HEADER_SELECTOR =
    ".kb-byline, .kb-article-tags, .kb-summary, .kb-draft-banner, .kb-related, h1";
  const TAGS = DATA.t; // [name, slug]
  const ARTICLES = DATA.a; // docname -> [iso date, shown date, summary, [tag numbers]]
  const LISTINGS = DATA.l; // docname -> tag number (tag pages) or -1
  const text = (s) => (typeof _ === "function" ? _(s) : s);

  const normalise = (s) =>
    s.toLowerCase().split(/[^\p{Letter}\p{Number}_]+/u).filter(Boolean).join(" ");
  const tagByName = new Map(TAGS.map(([name], i) => [normalise(name), i]));
  const tagBySlug = new Map(TAGS.map(([, slug], i) => [slug, i]));
  const tagPage = new Map();
  for (const [docname, tag] of Object.entries(LISTINGS)) if (tag >= 0) tagPage.set(tag, docname);
  const tagCount = new Map();
  for (const article of Object.values(ARTICLES))
    for (const tag of article[3]) tagCount.set(tag, (tagCount.get(tag) || 0) + 1);

  // ---- ranking ----------------------------------------------------------------------------
  const query = { terms: new Set(), text: "", tag: -1 };
  let stemmer = null;
  const stemCache = new Map();
  const stemsOf = (key, s) => {
    if (!stemCache.has(key)) {
      stemmer = stemmer || new Stemmer();
      const words = splitQuery(s.toLowerCase());
      stemCache.set(key, new Set(words.map((w) => stemmer.stemWord(w))));
    }
    return stemCache.get(key);
  };
  const coverage = (stems) => {
    if (!query.terms.size) return 0;
    let found = 0;
    for (const term of query.terms) if (stems.has(term)) found += 1;
    return found / query.terms.size;
  };
  let indexSeen = null;
  let titleOf = new Map();
  const titles = () => {
    if (Search._index !== indexSeen) {
      indexSeen = Search._index;
      titleOf = new Map(indexSeen.docnames.map((name, i) => [name, indexSeen.titles[i]]));
      stemCache.clear();
    }
    return titleOf;
  };

  // Newest first among equals (e.g. posts sharing a title): a fraction below one point.
  const names = Object.keys(ARTICLES); // newest first
  const recency = new Map(names.map((name, i) => [name, 0.5 * (1 - i / names.length)]));

  const previousScore = Scorer.score;
  Scorer.score = (result) => {
    let score = previousScore ? previousScore(result) : result[4];
    const [docname, , , , , , kind] = result;
    if (kind !== "text" && kind !== "title") return score;
    const title = titles().get(docname) || "";
    const exact = query.text !== "" && normalise(title) === query.text;
    score += Math.round(4 * coverage(stemsOf(`t:${docname}`, title)));
    const article = ARTICLES[docname];
    if (article) {
      if (exact) score += 25; // above a tag page of the same name
      if (query.tag >= 0 && article[3].includes(query.tag)) score += 6;
      score += Math.round(3 * coverage(stemsOf(`s:${docname}`, article[2])));
      score += recency.get(docname);
    } else if (docname in LISTINGS) {
      if (exact) score += 10;
      if (query.tag >= 0 && LISTINGS[docname] === query.tag) score += 12;
      else if (!exact) score -= 3;
    } else if (exact) score += 10;
    return score;
  };

  const performSearch = Search._performSearch;
  Search._performSearch = (text_, searchTerms, ...rest) => {
    query.terms = searchTerms;
    query.text = normalise(text_);
    query.tag = tagByName.has(query.text) ? tagByName.get(query.text) : -1;
    titles();
    const results = performSearch(text_, searchTerms, ...rest);
    // Results come lowest score first (they are displayed with pop()); keep each page's best.
    const best = new Map();
    results.forEach((result, i) => best.set(result[0], i));
    return results.filter((result, i) => best.get(result[0]) === i);
  };

  // ---- links ------------------------------------------------------------------------------
  const contentRoot = () => document.documentElement.dataset.content_root || "";
  const urlOf = (docname) => {
    if (OPTIONS.BUILDER === "dirhtml") {
      let dir = `${docname}/`;
      if (dir.endsWith("/index/")) dir = dir.slice(0, -6);
      else if (dir === "index/") dir = "";
      return contentRoot() + dir;
    }
    return contentRoot() + docname + OPTIONS.LINK_SUFFIX;
  };
  const docnameOf = (href) => {
    let path = (href || "").split("#")[0];
    if (OPTIONS.BUILDER === "dirhtml") {
      const root = contentRoot();
      if (root && path.startsWith(root)) path = path.slice(root.length);
      path = path.replace(/\/$/, "");
      const candidates = path ? [path, `${path}/index`] : ["index"];
      return candidates.find((name) => name in ARTICLES || name in LISTINGS) || candidates[0];
    }
    const suffix = OPTIONS.LINK_SUFFIX;
    return suffix && path.endsWith(suffix) ? path.slice(0, -suffix.length) : path;
  };

  const element = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  };
  const tagLink = (tag) =>
    element("a", { class: "kb-tag", href: urlOf(tagPage.get(tag) || "") }, TAGS[tag][0]);

  // ---- filter state -----------------------------------------------------------------------
  const slugFromUrl = () => {
    const slug = new URLSearchParams(window.location.search).get("tag") || "";
    return tagBySlug.has(slug) ? slug : "";
  };
  let activeSlug = slugFromUrl();
  let shown = []; // docnames of the current results, best first
  let bar = null;

  const matchesFilter = (docname) => {
    if (!activeSlug) return true;
    const article = ARTICLES[docname];
    return Boolean(article) && article[3].includes(tagBySlug.get(activeSlug));
  };

  // ---- result decoration ------------------------------------------------------------------
  const decorate = (item) => {
    const link = item.querySelector("a");
    if (!link || item.dataset.kbDoc !== undefined) return;
    const docname = docnameOf(link.getAttribute("href"));
    item.dataset.kbDoc = docname;
    item.classList.add("kb-result");
    const article = ARTICLES[docname];
    if (article) {
      item.classList.add("kb-result-article");
      const [iso, date, summary, tags] = article;
      const meta = element("div", { class: "kb-result-meta" });
      if (date) meta.append(element("time", { class: "kb-date", datetime: iso }, date));
      if (tags.length) {
        const badges = element("span", { class: "kb-tags" });
        tags.forEach((tag) => badges.append(tagLink(tag), " "));
        meta.append(badges);
      }
      const extra = [meta];
      if (summary) extra.push(element("p", { class: "kb-result-summary" }, summary));
      link.after(...extra);
    } else if (LISTINGS[docname] >= 0) {
      item.classList.add("kb-result-tag");
      const count = tagCount.get(LISTINGS[docname]) || 0;
      const what = count === 1 ? text("article") : text("articles");
      link.after(element("div", { class: "kb-result-meta" }, `${text("Tag")} · ${count} ${what}`));
    }
    item.hidden = !matchesFilter(docname);
  };

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations)
      for (const node of mutation.addedNodes)
        if (node.nodeName === "LI" && node.parentElement?.matches("ul.search")) decorate(node);
  });
  const watch = () => {
    const out = document.getElementById("search-results");
    if (out) observer.observe(out, { childList: true, subtree: true });
  };

  // The context snippet comes from the article's body: its date, tags and summary are shown
  // already, and the theme's buttons around it are no context. No keyword there, no snippet.
  const makeSearchSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const page = new DOMParser().parseFromString(htmlText, "text/html");
    const main = page.querySelector('[role="main"]');
    if (!main || !main.querySelector(".kb-byline"))
      return makeSearchSummary(htmlText, keywords, anchor);
    const body = main.querySelector("article.bd-article, article") || main;
    body.querySelectorAll(HEADER_SELECTOR).forEach((node) => node.remove());
    const textLower = body.textContent.toLowerCase();
    if (![...keywords].some((k) => textLower.includes(k.toLowerCase())))
      return document.createDocumentFragment();
    const source = `<div role="main">${body.innerHTML}</div>`;
    const summary = makeSearchSummary(source, keywords, anchor);
    if (!summary) return document.createDocumentFragment();
    summary.classList.add("kb-result-context");
    return summary;
  };

  // ---- tag filter -------------------------------------------------------------------------
  const applyFilter = () => {
    if (!Search.output) return;
    for (const item of Search.output.querySelectorAll("li[data-kb-doc]"))
      item.hidden = !matchesFilter(item.dataset.kbDoc);
    if (bar) renderBar();
  };

  const setTag = (slug, push) => {
    activeSlug = tagBySlug.has(slug) ? slug : "";
    if (push) {
      const url = new URL(window.location.href);
      if (activeSlug) url.searchParams.set("tag", activeSlug);
      else url.searchParams.delete("tag");
      window.history.pushState({ kbTag: activeSlug }, "", url);
    }
    applyFilter();
  };

  const chip = (label, slug, count) => {
    const button = element(
      "button",
      { type: "button", class: "kb-filter-chip", "aria-pressed": String(slug === activeSlug) },
      `${label} `,
      element("span", { class: "kb-filter-count" }, `(${count})`),
    );
    button.dataset.tag = slug;
    button.addEventListener("click", () => setTag(slug === activeSlug ? "" : slug, true));
    return button;
  };

  const renderBar = () => {
    const counts = new Map();
    for (const docname of shown)
      for (const tag of ARTICLES[docname]?.[3] || []) counts.set(tag, (counts.get(tag) || 0) + 1);
    const active = activeSlug ? tagBySlug.get(activeSlug) : -1;
    const order = [...counts.keys()].sort(
      (a, b) => counts.get(b) - counts.get(a) || TAGS[a][0].localeCompare(TAGS[b][0]),
    );
    if (active >= 0) {
      // the chosen tag comes first after "All", so it is in view on a narrow screen too
      const at = order.indexOf(active);
      if (at >= 0) order.splice(at, 1);
      order.unshift(active);
    }
    const expanded = bar.classList.contains("kb-expanded");
    const chips = element("div", { class: "kb-filter-chips" });
    chips.append(chip(text("All"), "", shown.length));
    order.forEach((tag, i) => {
      const button = chip(TAGS[tag][0], TAGS[tag][1], counts.get(tag) || 0);
      if (i >= MAX_CHIPS && tag !== active && !expanded) button.hidden = true;
      chips.append(button);
    });
    if (order.length > MAX_CHIPS && !expanded) {
      const more = element("button", { type: "button", class: "kb-filter-more" },
        `${text("More tags")} (${order.length - MAX_CHIPS})`);
      more.addEventListener("click", () => {
        bar.classList.add("kb-expanded");
        renderBar();
      });
      chips.append(more);
    }
    const status = element("p", { class: "kb-filter-status", role: "status" });
    if (active >= 0) {
      const matching = shown.filter(matchesFilter).length;
      const name = TAGS[active][0];
      status.append(
        matching
          ? `${text("Showing")} ${matching} ${text("of")} ${shown.length} ${text("results tagged")} “${name}”. `
          : `${text("No results tagged")} “${name}”. `,
        element("a", { href: urlOf(tagPage.get(active) || "") },
          `${text("All articles tagged")} “${name}”`),
      );
    }
    bar.replaceChildren(
      element("span", { class: "kb-filter-label", id: "kb-filter-label" }, text("Filter by tag")),
      chips,
      status,
    );
  };

  const query_ = Search.query;
  Search.query = (q) => {
    const performed = Search._performSearch;
    let results = [];
    Search._performSearch = (...args) => {
      const found = performed(...args);
      results = found.slice(); // the display pops from the array it gets
      return found;
    };
    try {
      query_(q);
    } finally {
      Search._performSearch = performed;
    }
    shown = results.map((result) => result[0]).reverse();
    bar?.remove();
    bar = null;
    const hasTags = shown.some((docname) => ARTICLES[docname]?.[3].length);
    if (Search.output && (hasTags || activeSlug)) {
      bar = element("div", {
        class: "kb-search-filter", role: "group", "aria-labelledby": "kb-filter-label",
      });
      Search.output.before(bar);
      renderBar();
    }
  };

  window.addEventListener("popstate", () => setTag(slugFromUrl(), false));
  watch();
})();
