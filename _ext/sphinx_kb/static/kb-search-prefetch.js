// When a reader turns to the theme's search box (it gets focus: a click, or Ctrl+K), the
// search page and the files Pagefind loads before its first search (those its head
// preloads) are fetched ahead, so that Enter opens a search page whose files are at hand.
// Once per page; nothing when the site is opened from disk.
(() => {
  "use strict";
  let started = false;

  function prefetch(href) {
    const link = document.createElement("link");
    link.rel = "prefetch";
    link.href = href;
    document.head.append(link);
  }

  async function fetchAhead(form) {
    if (started || window.location.protocol === "file:") return;
    started = true;
    const page = new URL(form.getAttribute("action") || "search.html", window.location.href);
    try {
      const response = await fetch(page);
      if (!response.ok) return;
      const text = await response.text();
      const head = text.slice(0, text.indexOf("</head>"));
      for (const found of head.matchAll(/<link rel="(?:module)?preload" href="([^"]+)"/g)) {
        prefetch(new URL(found[1].replace(/&amp;/g, "&"), page).href);
      }
    } catch (error) {
      // An offline reader: the search page loads its files when it opens.
    }
  }

  document.addEventListener("focusin", (event) => {
    const field = event.target;
    if (field instanceof HTMLInputElement && field.name === "q" && field.form) {
      fetchAhead(field.form);
    }
  });
})();
