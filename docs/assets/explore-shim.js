/* Token Share: a stand-in for window.tokenshareCharts until tokenshare.js provides it.
 *
 * explore.js asks tokenshareCharts.live(figure) and .redraw(figure) to draw a chart with
 * figure._tsTransform applied (docs: the chart script interface). Today's tokenshare.js
 * draws each chart when it scrolls into view, without a transform; this draws it again
 * with the transform once it has. Delete this file (and its line in mkdocs.yml) once
 * tokenshare.js exposes tokenshareCharts: explore.js then uses the real one.
 */
(function () {
  "use strict";

  // tokenshare.js draws into .ts-chart__live and keeps the view in figure._tsView.
  var stand;
  function shim() {
    if (stand) return stand;
    function drawn(figure, bring) {
      if (figure.classList.contains("ts-chart--live") && figure._tsView) return Promise.resolve(figure._tsView);
      if (bring) figure.scrollIntoView({ block: "nearest" }); // tokenshare.js draws what is in view
      return new Promise(function (resolve) {
        var done = function () {
          if (figure.classList.contains("ts-chart--live") && figure._tsView) { observer.disconnect(); resolve(figure._tsView); }
        };
        var observer = new MutationObserver(done);
        observer.observe(figure, { attributes: true, attributeFilter: ["class"] });
        done();
      });
    }
    function embed(figure) {
      var narrow = window.matchMedia("(max-width: 600px)").matches && figure.hasAttribute("data-spec-narrow");
      var url = new URL(figure.getAttribute(narrow ? "data-spec-narrow" : "data-spec"), document.baseURI).href;
      return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (spec) {
        var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
        var meta = (spec.usermeta && spec.usermeta.tokenshare) || {};
        if (dark && meta.dark) spec.config = meta.dark;
        spec.width = "container"; spec.height = "container";
        spec.autosize = { type: "fit", contains: "padding" };
        var img = figure.querySelector(".ts-static img");
        spec.description = (img && img.getAttribute("alt")) || "Chart";
        if (typeof figure._tsTransform === "function") spec = figure._tsTransform(spec);
        var live = figure.querySelector(".ts-chart__live");
        if (figure._tsView) figure._tsView.finalize();
        return window.vegaEmbed(live, spec, {
          actions: false, renderer: "svg", ast: true, defaultStyle: false,
          tooltip: { theme: dark ? "dark" : "light", disableDefaultStyle: true },
        }).then(function (result) {
          // one more layout pass settles labels drawn past the plot inside the box (as tokenshare.js does)
          return result.view.resize().runAsync().then(function () { return result; });
        }).then(function (result) {
          live.setAttribute("role", "img");
          live.setAttribute("aria-label", spec.description);
          live.removeAttribute("aria-roledescription");
          figure._tsView = result.view;
          figure.dispatchEvent(new CustomEvent("ts:live", { detail: { view: result.view } }));
          return result.view;
        });
      });
    }
    // tokenshare.js draws a chart again, without the transform, when the palette or the width
    // class changes: once it has (figure._tsQueue), draw the reader's view again.
    function again() {
      document.querySelectorAll("figure.ts-chart--explore.ts-chart--live").forEach(function (figure) {
        (figure._tsQueue || Promise.resolve()).then(function () { return embed(figure); }).catch(function () {});
      });
    }
    new MutationObserver(again).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    var narrowQuery = window.matchMedia("(max-width: 600px)");
    if (narrowQuery.addEventListener) narrowQuery.addEventListener("change", function () { setTimeout(again, 0); });
    stand = {
      live: function (figure) {
        if (figure._tsShimDrawn) return figure._tsShimDrawn;
        figure._tsShimDrawn = drawn(figure, true).then(function () { return embed(figure); });
        return figure._tsShimDrawn;
      },
      // When tokenshare.js draws the chart (it scrolled into view), draw it again with the transform.
      whenDrawn: function (figure) {
        figure._tsShimDrawn = drawn(figure, false).then(function () { return embed(figure); });
      },
      redraw: function (figure) {
        figure._tsShimDrawn = drawn(figure, true).then(function () { return embed(figure); });
        return figure._tsShimDrawn;
      },
    };
    return stand;
  }

  window.tokenshareChartsShim = shim;
})();
