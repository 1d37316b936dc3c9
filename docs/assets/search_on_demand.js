// The search index is fetched when the reader reaches for search, not on every
// page load. Material (9.x, integrations/search: setupSearchWorker) requests
// search/search_index.json as soon as a page served over http has loaded, parses
// it on the main thread and copies it to its worker, which then builds the lunr
// index: on a phone (Lighthouse, mobile preset) that was about 1 s of total
// blocking time on the Chinese optimizers page (an 870 KB index), and 190-240 KB
// (gzipped) downloaded by every page whether or not anyone searches. Upstream loads it
// lazily only from file:// (the offline copy); its request to cache the built
// index, squidfunk/mkdocs-material#5391, is open. Here Material's request is
// held back until the search field gets focus (a click or tap on it or on the
// search icon, or the keyboard shortcuts f, s and /), the search panel opens, the
// pointer rests on the search field, or the address asks for a search (?q=).
// Material sends a query typed meanwhile once its worker is ready.
// Material subscribes while its bundle is evaluated, so this file is loaded
// before the bundle (docs/_overrides/main.html), unlike dlnotes.js.
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var INDEX = /\/search\/search_index\.json$/;
  var indexRequests = new WeakSet();
  var held = []; // [request, arguments of send] waiting for the reader
  var wanted = new URLSearchParams(location.search).has("q");

  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(new URL(String(url), location.href).pathname)) indexRequests.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!wanted && indexRequests.has(this)) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want(event) {
    if (wanted) return;
    var target = event.target;
    var search = target instanceof Element &&
      (target.id === "__search" || target.closest(".md-search, label[for=__search]"));
    if (!search) return;
    wanted = true;
    held.splice(0).forEach(function (item) {
      send.apply(item[0], item[1]);
    });
  }
  ["focusin", "change", "pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, want, { capture: true, passive: true });
  });
})();
