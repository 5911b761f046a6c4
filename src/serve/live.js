// Live reload for `remiss serve` (never part of a built site). The server
// injects this file into every page it serves, with the page's own site path
// in `data-page` and the build it was served from in `data-generation`.
// It reloads when a rebuild changed this page, a stylesheet or script, or
// the error overlay, and when it finds it missed a rebuild.
(function () {
  "use strict";
  var script = document.currentScript;
  var page = script ? script.getAttribute("data-page") : null;
  var generation = script ? script.getAttribute("data-generation") : null;
  var source = null;

  function reload() {
    disconnect();
    window.location.reload();
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  function connect() {
    source = new EventSource("/__remiss/events");
    // Sent on every (re)connection: a rebuild happened while this page was
    // loading, hidden, or the server was restarted.
    source.addEventListener("hello", function (event) {
      if (event.data !== generation) {
        reload();
      }
    });
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
        reload();
      } else {
        generation = String(change.generation);
      }
    });
  }

  // Browsers allow about six HTTP/1.1 connections per host, and each open
  // stream holds one: a hidden tab gives its stream back, and catches up
  // through "hello" when it is shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      disconnect();
    } else if (!source) {
      connect();
    }
  });
  if (!document.hidden) {
    connect();
  }
})();
