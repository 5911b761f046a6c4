// Live reload for `remiss serve` (never part of a built site). The server
// injects this file into every page it serves, with the page's own site path
// in `data-page`; it listens for "reload" events and reloads when the build
// changed this page, a stylesheet or script, or the error overlay.
(function () {
  "use strict";
  var script = document.currentScript;
  var page = script ? script.getAttribute("data-page") : null;
  var source = new EventSource("/__remiss/events");
  source.addEventListener("reload", function (event) {
    var change;
    try {
      change = JSON.parse(event.data);
    } catch (e) {
      change = { all: true };
    }
    var paths = change.paths || [];
    var mine = paths.some(function (p) {
      return p === page || /\.(css|js)$/.test(p);
    });
    if (change.all || page === null || mine) {
      source.close();
      window.location.reload();
    }
  });
})();
