// Enhancements of the analysts' pages; everything also works without this file.
// No inline scripts or handlers anywhere: the Content Security Policy forbids them.
(function () {
  "use strict";

  function panel() {
    return document.getElementById("panel");
  }

  function closePanel() {
    var element = panel();
    if (!element || !element.firstElementChild) return;
    var opener = element._opener;
    element.replaceChildren();
    document.body.classList.remove("panel-open");
    if (opener && document.body.contains(opener)) opener.focus();
  }

  // Filters: leave empty fields out of the request, so the pushed URL holds only what is set.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "filters") return;
    var data = event.detail.formData;
    Array.from(data.keys()).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) data.delete(name);
    });
  });

  // Remember which marker or link opened the side panel, to give the focus back on close.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target.id === "panel") target._opener = event.detail.elt;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "panel") return;
    document.body.classList.add("panel-open");
    var close = target.querySelector("[data-close-panel]");
    if (close) close.hidden = false;
    var article = target.querySelector("article");
    if (article) article.focus();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-close-panel]")) closePanel();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
  });
})();
