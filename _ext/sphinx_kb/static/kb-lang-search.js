// On a page in another language than the site's: the search box asks the search page for
// results in this page's language (kb-pagefind.js reads "lang"; Pagefind has an index per
// language, chosen by <html lang>).
(() => {
  "use strict";
  const lang = document.documentElement.lang;
  function mark(form) {
    if (!lang || form.querySelector('input[name="lang"]')) return;
    const action = form.getAttribute("action") || "";
    if (!/search(\.html)?\/?$/.test(action)) return;
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "lang";
    hidden.value = lang;
    form.appendChild(hidden);
  }
  function markAll() {
    document.querySelectorAll("form").forEach(mark);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markAll);
  } else {
    markAll();
  }
})();
