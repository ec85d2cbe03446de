// Query words for the search page (kb-pagefind.js, loaded after this file): which words to
// send to Pagefind, how results are checked for words, and the newest-first order.
(() => {
  "use strict";

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

  // A word on most pages has an index chunk of its own that grows with the site (hundreds
  // of KB at 20,000 articles) and hardly tells pages apart: it is left out of the query sent
  // to Pagefind when a rarer word is there (the cheapest is kept if all are common), and the
  // results that contain it come first among those shown. So is a word that Pagefind would
  // look up in a heavy chunk (it picks the chunk by the word as typed), when a word with a
  // light chunk remains. A query with quotes is sent as typed.
  function planner(common, heavyChunks) {
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
      // Every word common: the cheapest is searched as an exact word (quoted: its stem, no
      // longer words that begin with it). On most pages, it costs Pagefind's scoring about
      // 20 microseconds a page as typed, a third of that exact (430 vs 170 ms at 20,000
      // articles), and the words that begin with it add nothing to the order.
      const allCommon = !kept.length;
      if (allCommon) kept = cheapest(words);
      const light = kept.filter((word) => !chunkKB(word));
      kept = light.length ? light : cheapest(kept);
      const dropped = words.filter((word) => !kept.includes(word));
      return { text: allCommon ? `"${kept[0]}"` : kept.join(" "), dropped };
    }
    return planQuery;
  }

  // Among the first results, those holding more of the left-out words come first.
  async function containingFirst(dropped, results, pageSize) {
    if (!dropped.length) return results;
    const head = results.slice(0, pageSize);
    const data = await Promise.all(head.map((result) => result.data()));
    const score = data.map((entry) => {
      const found = pageWords(entry);
      return dropped.filter((word) => hasWord(found, word)).length;
    });
    const order = head.map((result, index) => index).sort((a, b) => score[b] - score[a] || a - b);
    return [...order.map((index) => head[index]), ...results.slice(pageSize)];
  }

  // With the index in shards, a query word missing from one shard makes Pagefind fall back,
  // in that shard only, to shorter index words that begin it ("x" for "xylophonic"), and
  // pages without the word join the results. Among the first results, a page is kept when
  // it holds every word sent to Pagefind: a word on it starting with the query word, or (for stems:
  // "starters" finds "starter") in the results of Pagefind's exact search for the word.
  async function holdingAll(pagefind, common, query, results, count) {
    const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter((word) => word && !common[word]);
    if (!words.length) return results;
    const head = results.slice(0, count);
    const data = await Promise.all(head.map((result) => result.data()));
    const exact = {};
    const inExact = async (word, id) => {
      if (!exact[word]) {
        exact[word] = pagefind.search(`"${word}"`)
          .then((found) => new Set(((found && found.results) || []).map((result) => result.id)));
      }
      return (await exact[word]).has(id);
    };
    const kept = [];
    for (const [index, result] of head.entries()) {
      const found = pageWords(data[index]);
      let holds = true;
      for (const word of words) {
        if (!hasWord(found, word) && !(await inExact(word, result.id))) { holds = false; break; }
      }
      if (holds) kept.push(result);
    }
    return [...kept, ...results.slice(count)];
  }

  // Newest first, without a Pagefind sort (its page order would weigh on every first query):
  // the month filter's counts for this query pick the newest months that hold enough results,
  // and those results, read in full, are ordered by their date. Undated pages are left out.
  async function newestResults(pagefind, months, text, options, needed) {
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

  window.kbSearchWords = {
    fold, pageWords, hasWord, planner, containingFirst, holdingAll, newestResults,
  };
})();
