/* Token Share: the theme's script runs when the reader first reaches for the page, not while it loads.
 *
 * Material for MkDocs' bundle drives instant navigation, the palette toggle, search, the header's
 * title and the table of contents. Nothing on a page needs it to be read (the site works without
 * JavaScript), yet running it took 0.2 to 0.5 s of a slowed phone's main thread while the page
 * loaded: almost all of Lighthouse's blocking time. macros/mkdocs/headtags.py takes the bundle's
 * <script> out of each page and gives its address to this file (data-theme-bundle). The bundle is
 * fetched and run at the reader's first gesture: moving the pointer, touching, scrolling, a key,
 * focus. Until then the page is the theme's no-JavaScript page (no search field, no toggle).
 *
 * Four things stand in for the bundle until it runs:
 * - The palette the system asks for (Material picks it in its bundle): picked here the same way,
 *   as the header is parsed, so a dark-mode reader never sees the light page first. A palette
 *   the reader chose is applied by the theme's own script at the top of <body>.
 * - The bundle starts on DOMContentLoaded, which has passed when it arrives: it is sent again.
 * - Our scripts wire each page with tokenshareTheme.everyPage(fn): fn runs on this page now and,
 *   once the theme is here, on each page its instant navigation brings.
 * - A code block wider than its box can be reached with the keyboard and scrolled (tabindex), as
 *   the theme makes it.
 * Our own code; the theme is not changed.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var me = document.currentScript;
  var bundle = me && me.getAttribute("data-theme-bundle");
  var state = "waiting"; // then "loading", then "ready"
  var waiting = [];      // everyPage functions, to follow instant navigation once the theme is here
  var contentLoaded = false;
  document.addEventListener("DOMContentLoaded", function () { contentLoaded = true; }, { once: true });

  /* --- the palette the system asks for, before the first paint ------------ */

  function storedPalette() {
    try { return window.__md_get && window.__md_get("__palette"); } catch (e) { return null; }
  }

  // As Material's watchPalette: with nothing stored, the first palette whose media query matches.
  function pickPalette(input) {
    var media = input.getAttribute("data-md-color-media");
    if (!document.body || !media || !window.matchMedia(media).matches) return false;
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      var value = input.getAttribute("data-md-color-" + key);
      if (value !== null) document.body.setAttribute("data-md-color-" + key, value);
    });
    return true;
  }

  if (!storedPalette() && window.MutationObserver && window.matchMedia) {
    var watch = new MutationObserver(function () {
      var inputs = document.querySelectorAll("[data-md-component=palette] input[name=__palette]");
      for (var i = 0; i < inputs.length; i++) {
        if (pickPalette(inputs[i])) { watch.disconnect(); return; }
      }
    });
    watch.observe(root, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () { watch.disconnect(); }, { once: true });
  }

  /* --- code blocks that scroll, reachable by keyboard ---------------------- */

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset pre > code"), function (code) {
      if (code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
    });
  }, { once: true });

  /* --- the bundle, at the first gesture ----------------------------------- */

  var GESTURES = ["pointermove", "pointerdown", "touchstart", "wheel", "scroll", "keydown", "focusin"];

  function follow(fn) {
    if (!window.document$ || typeof window.document$.subscribe !== "function") return;
    var current = true; // document$ first replays the page fn has already wired
    window.document$.subscribe(function () {
      if (current) current = false;
      else fn();
    });
  }

  function arrived() {
    state = "ready";
    if (contentLoaded) document.dispatchEvent(new Event("DOMContentLoaded")); // the theme mounts on it
    waiting.splice(0).forEach(follow);
    root.setAttribute("data-ts-theme", "ready"); // for the tests
  }

  function load() {
    if (state !== "waiting") return;
    state = "loading";
    GESTURES.forEach(function (type) { window.removeEventListener(type, load, true); });
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = arrived;
    document.head.appendChild(script);
  }

  // When the theme starts, its instant navigation makes every relative address in the page absolute
  // by assigning it again (resolve() in its integrations/instant). For a stylesheet that means
  // loading it again, and the page goes unstyled for a frame: everything moves. Here, before the
  // first paint, that costs nothing (the sheets still hold back rendering, and come from the cache),
  // and the theme later finds them absolute and leaves them alone.
  function resolveStylesheets() {
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet][href]"), function (link) {
      if (!/^(?:[a-z]+:)?\/\//i.test(link.getAttribute("href"))) link.href = link.href;
    });
  }

  if (bundle) {
    resolveStylesheets();
    GESTURES.forEach(function (type) { window.addEventListener(type, load, { capture: true, passive: true }); });
  }

  window.tokenshareTheme = {
    // Run fn on this page (once it is parsed) and on every page instant navigation brings.
    everyPage: function (fn) {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
      else fn();
      if (state === "ready") follow(fn);
      else waiting.push(fn);
    },
    load: load,
  };
})();
