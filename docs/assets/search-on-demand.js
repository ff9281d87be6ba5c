/* Token Share: the search index is downloaded when the reader opens search, not with every page.
 *
 * Material for MkDocs asks for search/search_index.json (with an XMLHttpRequest) as soon as its
 * bundle runs, and offers no setting to wait. This file, loaded in the page's <head> before the
 * theme's bundle (macros/mkdocs/headtags.py), holds that one request back until the reader opens
 * search: clicks or taps the search field or its button, focuses it, or presses a key that opens
 * it (/, s, f). Then the request goes out as the theme made it, and search works as before.
 * Every other request passes through untouched. Our own code; the theme is not changed.
 */
(function () {
  "use strict";

  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var Request = window.XMLHttpRequest;
  if (!Request || !document.addEventListener) return;
  var open = Request.prototype.open;
  var send = Request.prototype.send;
  var held = []; // the index request(s) waiting for the reader
  var released = false;

  Request.prototype.open = function (method, url) {
    this._tsSearchIndex = INDEX.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  Request.prototype.send = function () {
    if (this._tsSearchIndex && !released) {
      var request = this, args = arguments;
      held.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (released) return;
    released = true;
    document.documentElement.setAttribute("data-ts-search-index", "requested"); // for the tests
    held.splice(0).forEach(function (go) { go(); });
  }

  function inSearch(target) {
    return !!(target && target.closest && target.closest(".md-search, label[for='__search'], #__search"));
  }

  // Pointing at search is enough to start: the index is on its way while the reader clicks.
  ["pointerover", "pointerdown", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) { if (inSearch(event.target)) release(); }, true);
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  }, true);
  document.addEventListener("keydown", function (event) {
    // The theme's shortcuts that open search (outside a text field).
    var field = event.target && event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (!field && (event.key === "/" || event.key === "s" || event.key === "f")) release();
  }, true);
})();
