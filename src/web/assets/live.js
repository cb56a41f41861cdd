// The live counter: listens to /events and puts the new figures into the page. The page
// works without it; this only saves a reload.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var lang = document.documentElement.lang || "en";
  var source = new EventSource("/events?lang=" + encodeURIComponent(lang));

  function each(selector, fn) {
    var nodes = document.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) { fn(nodes[i]); }
  }
  function figures(d, id) {
    return id === "all" ? d : (d.cases || {})[id];
  }

  source.addEventListener("tally", function (event) {
    var d;
    try { d = JSON.parse(event.data); } catch (e) { return; }
    each("[data-live=headline]", function (el) { el.textContent = d.headline; });
    each("[data-live-case]", function (el) {
      var c = figures(d, el.getAttribute("data-live-case"));
      if (c) { el.textContent = c.text; }
    });
    each("progress[data-case]", function (el) {
      var c = figures(d, el.getAttribute("data-case"));
      if (c) { el.value = Math.min(c.actions, el.max); }
    });
    each("[data-live-number]", function (el) {
      var c = figures(d, el.getAttribute("data-live-number"));
      if (c) { el.textContent = c.grouped; }
    });
    each("[data-live-word]", function (el) {
      var c = figures(d, el.getAttribute("data-live-word"));
      if (c) { el.textContent = c.word; }
    });
  });

  // The embed code is easier to copy when a click selects all of it.
  each("textarea.code", function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
})();
