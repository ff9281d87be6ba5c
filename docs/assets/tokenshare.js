/* Token Share: turns each chart's static picture into an interactive chart
 * when the reader reaches for it (see "charts go live" below), follows the light/dark palette, makes tables sortable, and says how long
 * ago the data's last day was (with a notice when that is over two weeks).
 *
 * Our own code (no third-party code here). The Vega bundle is generated at
 * build time and run only once a reader reaches for a chart, once per visit.
 * Works with Material's instant navigation: everything runs again on each
 * page it swaps in (document$), and nothing is stored in inline scripts.
 */
(function () {
  "use strict";

  var vegaLoading = null; // one promise per visit: the bundle is loaded once
  var specCache = {}; // spec URL -> promise of the parsed spec
  var narrowQuery = window.matchMedia("(max-width: 600px)"); // as the static <picture> chooses
  var siteRoot = findSiteRoot(); // bars link to lab and model pages by paths from the site's root

  function findSiteRoot() {
    // Material's config gives the first page's way to the root; instant navigation keeps this script.
    var config = document.getElementById("__config");
    try {
      return new URL((config && JSON.parse(config.textContent).base) || ".", window.location.href).href.replace(/\/?$/, "/");
    } catch (error) {
      return new URL(".", window.location.href).href;
    }
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
  }

  function loadVega(src) {
    if (window.vegaEmbed) return Promise.resolve();
    if (!vegaLoading) {
      vegaLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () { vegaLoading = null; reject(new Error("could not load " + src)); };
        document.head.appendChild(script);
      });
    }
    return vegaLoading;
  }

  function chartFont() {
    // Vega measures its labels once, when it draws: with the chart's font (Lato, tokenshare.css)
    // loaded first, so the labels it measured are the ones the browser draws.
    if (!document.fonts || !document.fonts.load) return Promise.resolve();
    return Promise.all([document.fonts.load("12px Lato"), document.fonts.load("bold 12px Lato")]).catch(function () {});
  }

  function loadSpec(url) {
    if (!specCache[url]) {
      specCache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }
    return specCache[url];
  }

  function forPalette(spec, wanted) {
    // A copy of the spec, filling the chart's box, in the given palette.
    var copy = JSON.parse(JSON.stringify(spec));
    var meta = (copy.usermeta && copy.usermeta.tokenshare) || {};
    if (wanted === "dark" && meta.dark) copy.config = meta.dark;
    copy.width = "container";
    copy.height = "container";
    copy.autosize = { type: "fit", contains: "padding" };
    // Vega lays a top tick's label out by its font size; drawn in Lato, its box stands a few pixels
    // higher. More room above keeps it inside the chart's box (the picture has its own bounds).
    copy.padding = { top: 12, right: 5, bottom: 5, left: 5 };
    return copy;
  }

  function render(figure, force) {
    // Renders of one figure run one after another, so a palette switch during
    // a first render cannot leave the chart in the wrong palette.
    figure._tsQueue = (figure._tsQueue || Promise.resolve()).then(function () { return draw(figure, force); });
    return figure._tsQueue;
  }

  function variant() {
    return scheme() + (narrowQuery.matches ? "-narrow" : "-wide");
  }

  function draw(figure, force) {
    var wanted = variant();
    if (!force && figure._tsVariant === wanted && figure.classList.contains("ts-chart--live")) return Promise.resolve(figure._tsView);
    var specAttr = narrowQuery.matches && figure.hasAttribute("data-spec-narrow") ? "data-spec-narrow" : "data-spec";
    var specUrl = new URL(figure.getAttribute(specAttr), document.baseURI).href;
    var vegaUrl = new URL(figure.getAttribute("data-vega"), document.baseURI).href;
    var view = figure.querySelector(".ts-chart__view");
    if (!view) return Promise.reject(new Error("the figure has no .ts-chart__view"));
    return Promise.all([loadVega(vegaUrl), loadSpec(specUrl), chartFont()]).then(function (loaded) {
      var spec = forPalette(loaded[1], wanted.split("-")[0]);
      var img = view.querySelector(".ts-static img");
      var alt = (img && img.getAttribute("alt")) || "Chart";
      // Vega names the chart by the spec's description ("Vega visualization" when there is none):
      // the live chart says the finding, as the static picture's alt does.
      spec.description = alt;
      // Another script (explore.js) may filter, re-range or re-field the chart: on a copy, every embed.
      if (typeof figure._tsTransform === "function") spec = figure._tsTransform(spec) || spec;
      var live = view.querySelector(".ts-chart__live");
      if (!live) {
        live = document.createElement("div");
        live.className = "ts-chart__live";
        live.setAttribute("role", "img");
        live.setAttribute("aria-label", alt);
        view.appendChild(live);
      }
      if (figure._tsView) figure._tsView.finalize();
      return window.vegaEmbed(live, spec, {
        actions: false,
        renderer: "svg",
        ast: true, // Vega's expression interpreter: no eval, so a strict CSP holds
        defaultStyle: false, // no injected <style> (the CSP allows none): tokenshare.css has the rules
        tooltip: { theme: wanted.split("-")[0], disableDefaultStyle: true },
        loader: { baseURL: siteRoot }, // vega-embed makes the loader: a bar's link is a page of this site
      }).then(function (result) {
        // "fit" sizing measures labels drawn past the plot (bar values) from the
        // first layout only; one more layout pass settles them inside the box.
        return result.view.resize().runAsync().then(function () { return result; });
      }).then(function (result) {
        // Vega makes the container a "graphics-document": one picture with the finding as its name, as before.
        live.setAttribute("role", "img");
        live.setAttribute("aria-label", alt);
        live.removeAttribute("aria-roledescription");
        figure._tsView = result.view;
        figure._tsVariant = wanted;
        figure.classList.add("ts-chart--live");
        figure.dispatchEvent(new CustomEvent("ts:live", { detail: { view: result.view } }));
        if (variant() !== wanted) return draw(figure); // the palette or the width changed meanwhile
        return result.view;
      });
    });
  }

  function quietly(promise, figure) {
    // A chart the reader reached for that cannot draw keeps its static picture: they still see the chart.
    return promise.catch(function (error) {
      figure.classList.add("ts-chart--static-only");
      if (window.console) console.warn("Token Share chart:", error.message);
    });
  }

  /* --- charts go live when the reader reaches for them -------------------- */
  /* The static picture is the chart until the reader points at it, focuses inside
   * it or taps it (or another script calls tokenshareCharts.live). Before that no
   * Vega script runs: the page's first load is the picture and this file. */

  var REACH = ["pointerenter", "focusin", "pointerdown"];

  function reached(event) {
    var figure = event.currentTarget;
    REACH.forEach(function (type) { figure.removeEventListener(type, reached); });
    quietly(render(figure), figure);
  }

  function waitForReader(figure) {
    if (figure._tsWaiting || figure.classList.contains("ts-chart--live")) return;
    figure._tsWaiting = true;
    REACH.forEach(function (type) { figure.addEventListener(type, reached); });
  }

  // Once the reader has done anything (scrolled, moved the pointer, pressed a key), the Vega
  // bundle is fetched into the cache while the browser is idle, not run: a chart then goes
  // live without waiting for the network. Nothing is fetched for a reader who only looks.
  var prefetched = false;
  var FIRST_MOVES = ["scroll", "pointermove", "keydown", "touchstart"];

  function prefetchVega() {
    var figure = document.querySelector("figure.ts-chart[data-vega]");
    if (prefetched || window.vegaEmbed || !figure) return; // a page without charts: the next one with some asks again
    prefetched = true;
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.as = "script";
    link.href = new URL(figure.getAttribute("data-vega"), document.baseURI).href;
    document.head.appendChild(link);
  }

  function onFirstMove() {
    FIRST_MOVES.forEach(function (type) { window.removeEventListener(type, onFirstMove, true); });
    (window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); })(prefetchVega);
  }

  function prefetchAfterFirstMove() {
    if (prefetched) return;
    FIRST_MOVES.forEach(function (type) { window.addEventListener(type, onFirstMove, { capture: true, passive: true }); });
  }

  function rerenderChanged() {
    document.querySelectorAll("figure.ts-chart.ts-chart--live").forEach(function (figure) {
      if (figure._tsVariant !== variant()) quietly(render(figure), figure);
    });
  }

  /* --- a chart whose picture is not there yet ------------------------------- */
  /* Only in a preview (make serve): a new chart's pictures are drawn after the rebuild
   * (macros/publish/pictures.py), so the reloaded page may ask for them before they exist.
   * A broken picture is the height of its alt text, and the live chart takes the picture's
   * box: the chart goes live at once instead, in a box of its own (tokenshare.css). A
   * published page has every picture (CI's link check). */

  function unpictured(figure) {
    if (figure.classList.contains("ts-chart--unpictured")) return;
    figure.classList.add("ts-chart--unpictured");
    quietly(render(figure), figure);
  }

  function watchPictures(figure) {
    figure.querySelectorAll(".ts-static img").forEach(function (img) {
      if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) unpictured(figure); // failed before this ran
      else img.addEventListener("error", function () { unpictured(figure); });
    });
  }

  function chartFigure(figure) {
    if (!figure || !figure.matches || !figure.matches("figure.ts-chart[data-spec]")) {
      return Promise.reject(new Error("tokenshareCharts: not a chart figure"));
    }
    return null;
  }

  // The interface other scripts use (docs/assets/explore.js): keep it stable.
  window.tokenshareCharts = {
    // Make this figure live now (loads Vega if needed); resolves with its vega View once drawn.
    live: function (figure) {
      return chartFigure(figure) || render(figure);
    },
    // Re-embed it (its _tsTransform or state changed); resolves with the new View.
    redraw: function (figure) {
      return chartFigure(figure) || render(figure, true);
    },
  };

  /* --- how fresh the data is -------------------------------------------- */
  /* The page says "Data through <time datetime="2026-08-21">" (built from the
   * data, never the clock: macros/pages/freshness.py). Here the reader's clock adds
   * how long ago that was. Whether the data is old enough for the notice was decided
   * before the first paint (before-paint.js, which holds the rule, sets html.ts-stale);
   * after instant navigation this sets it the same way. */

  function showFreshness() {
    var line = document.getElementById("ts-freshness");
    if (!line || line.getAttribute("data-ts-aged") === "1") return;
    var rule = window.tokenshareFreshness; // before-paint.js
    if (typeof rule !== "function") return;
    var fresh = rule(line.getAttribute("data-ts-last-day"), new Date(),
      parseInt(line.getAttribute("data-ts-stale-after"), 10));
    if (!fresh) return;
    line.setAttribute("data-ts-aged", "1");
    var age = line.querySelector(".ts-freshness__age");
    if (age && fresh.age) age.textContent = ", " + fresh.age;
    if (fresh.stale) document.documentElement.classList.add("ts-stale"); // the notice's one switch (tokenshare.css)
  }

  /* --- each page ---------------------------------------------------------- */

  function onPage() {
    showFreshness();
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.ts-chart[data-spec]"));
    figures.forEach(waitForReader);
    figures.forEach(watchPictures);
    if (figures.length) prefetchAfterFirstMove();
    document.body.setAttribute("data-ts-page", location.pathname); // this page is wired up
  }

  new MutationObserver(rerenderChanged).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
  if (narrowQuery.addEventListener) narrowQuery.addEventListener("change", rerenderChanged);

  // This page now, and each page the theme's instant navigation brings once the theme has run
  // (docs/assets/theme-on-demand.js, in the head, runs it at the reader's first gesture).
  if (window.tokenshareTheme) window.tokenshareTheme.everyPage(onPage);
  else onPage();
})();
