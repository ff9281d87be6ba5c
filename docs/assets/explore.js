/* Token Share: the controls of a weekly chart, the same on every chart.
 *
 * A figure with `data-explore` (its <chart>.explore.json, written at build time by
 * macros/publish/explore.py) gets, made here so a reader without JavaScript sees
 * no dead control: a series picker, a from/to range, share or tokens, lines or
 * stacked areas, a Share button, a rule and tooltip at the nearest week, and arrow
 * keys that move between weeks and say their values (explore-keys.js). The reader's
 * choice lives in the URL's hash (#<chart>:series=US,CN;from=2026-06-01;y=tokens),
 * so a copied link reopens it. Every number was aggregated at build time:
 * explore-spec.js only filters rows and swaps fields, in a copy of the chart's
 * Vega-Lite spec that tokenshare.js embeds (figure._tsTransform).
 * A bar chart of one week (its file's kind is "week") gets a week picker, Reset and
 * Share instead (#<chart>:week=2026-06-01; explore-week.js swaps the week in).
 * On a phone the controls sit under the chart, in the DOM too: keyboard order is what is seen.
 */
(function () {
  "use strict";

  var infoCache = {};
  var MEASURE_NAMES = { share_pct: "Share (%)", tokens: "Tokens" };
  var MARK_NAMES = { line: "Lines", area: "Stacked areas" };
  var SEARCH_FROM = 11; // more series than ten: a search box above the list

  var S = window.tokenshareExploreSpec; // explore-spec.js: the spec of the reader's view
  var readHash = S.readHash, hashWith = S.hashWith;
  var W = window.tokenshareExploreWeek; // explore-week.js: a bar chart of one week, for another week
  var K = window.tokenshareExploreKeys; // explore-keys.js: the arrow keys, week by week
  var phone = window.matchMedia("(max-width: 600px)"); // tokenshare.css puts the controls under the chart here

  function kind(figure) { return figure._tsInfo && figure._tsInfo.kind === "week" ? W : S; } // the state's rules

  function transformOf(figure) {
    return function (spec) { return kind(figure).transform(figure._tsInfo, figure._tsState, spec, figure); };
  }

  function charts() {
    return window.tokenshareCharts; // tokenshare.js: live(figure), redraw(figure)
  }

  /* --- the reader's choice, in the URL (its form: explore-spec.js) ---------- */

  function keyOf(figure) { return figure.id.replace(/^chart-/, ""); }

  function shareUrl(figure) {
    var text = kind(figure).toText(figure._tsInfo, figure._tsState);
    return window.location.href.replace(/#.*$/, "") + (hashWith(keyOf(figure), text, true) || "#" + figure.id);
  }


  /* --- the controls --------------------------------------------------------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text; // data never reaches innerHTML
    return node;
  }

  function toggleGroup(label, options, current, onPick) {
    var group = el("div", { class: "ts-explore__toggle", role: "group", "aria-label": label });
    Object.keys(options).forEach(function (value) {
      var button = el("button", { type: "button", "data-value": value, "aria-pressed": String(value === current) }, options[value]);
      button.addEventListener("click", function () { onPick(value); });
      group.appendChild(button);
    });
    return group;
  }

  function weekSelect(figure, label, which) {
    var info = figure._tsInfo, id = figure.id + "-" + which;
    var wrap = el("label", { class: "ts-explore__week", for: id }, label + " ");
    var select = el("select", { id: id, "data-range": which });
    info.weeks.forEach(function (w) {
      var row = info.rows.filter(function (r) { return r[info.x] === w; })[0];
      select.appendChild(el("option", { value: w }, row && row[info.x + "__text"] || w));
    });
    select.addEventListener("change", function () {
      var next = Object.assign({}, figure._tsState);
      next[which] = select.value;
      if (next.from > next.to) next[which === "from" ? "to" : "from"] = select.value;
      choose(figure, next);
    });
    wrap.appendChild(select);
    return wrap;
  }

  function seriesPicker(figure) {
    var info = figure._tsInfo;
    var details = el("details", { class: "ts-explore__series" });
    var summary = el("summary", {}, "");
    details.appendChild(summary);
    var panel = el("div", { class: "ts-explore__panel" });
    if (info.series.length >= SEARCH_FROM) {
      var search = el("input", { type: "search", class: "ts-explore__search", "aria-label": "Find a series", placeholder: "Find…" });
      search.addEventListener("input", function () {
        var q = search.value.trim().toLowerCase();
        panel.querySelectorAll("label[data-name]").forEach(function (item) {
          item.hidden = q !== "" && item.getAttribute("data-name").indexOf(q) < 0;
        });
      });
      panel.appendChild(search);
    }
    info.series.forEach(function (s) {
      var item = el("label", { "data-name": s.name.toLowerCase() });
      var box = el("input", { type: "checkbox", value: s.id });
      box.addEventListener("change", function () {
        var picked = Array.prototype.filter.call(panel.querySelectorAll("input[type=checkbox]"), function (b) { return b.checked; })
          .map(function (b) { return b.value; });
        if (!picked.length) { box.checked = true; return; } // a chart keeps one series at least
        choose(figure, Object.assign({}, figure._tsState, { series: picked }));
      });
      item.appendChild(box);
      item.appendChild(document.createTextNode(" " + s.name));
      panel.appendChild(item);
    });
    details.appendChild(panel);
    return details;
  }

  function weekPicker(figure) {
    // A bar chart of one week: any full week of the data (explore-week.js draws it)
    var id = figure.id + "-week", wrap = el("label", { class: "ts-explore__week", for: id }, "Week of ");
    var select = el("select", { id: id, "data-week": "" });
    figure._tsInfo.weeks.forEach(function (w) { select.appendChild(el("option", { value: w.week }, w.text)); });
    select.addEventListener("change", function () { choose(figure, { week: select.value }); });
    wrap.appendChild(select);
    return wrap;
  }

  function buildControls(figure) {
    var info = figure._tsInfo;
    var bar = el("div", { class: "ts-explore", role: "group", "aria-label": "Explore this chart" });
    if (info.kind === "week") return finishControls(figure, bar, [weekPicker(figure)]);
    if (info.series.length > 1) bar.appendChild(seriesPicker(figure));
    if (info.weeks.length > 2) {
      var range = el("span", { class: "ts-explore__range" }); // from and to wrap together
      range.appendChild(weekSelect(figure, "From", "from"));
      range.appendChild(weekSelect(figure, "to", "to"));
      bar.appendChild(range);
    }
    var measures = {};
    Object.keys(info.measures).forEach(function (m) { measures[m] = MEASURE_NAMES[m] || info.measures[m].title; });
    if (Object.keys(measures).length > 1) {
      bar.appendChild(toggleGroup("Measure", measures, figure._tsState.y, function (y) { choose(figure, Object.assign({}, figure._tsState, { y: y })); }));
    }
    if (info.whole) {
      bar.appendChild(toggleGroup("Chart type", MARK_NAMES, figure._tsState.mark, function (m) { choose(figure, Object.assign({}, figure._tsState, { mark: m })); }));
    }
    return finishControls(figure, bar, []);
  }

  function finishControls(figure, bar, first) {
    first.forEach(function (control) { bar.appendChild(control); });
    var reset = el("button", { type: "button", class: "ts-explore__reset" }, "Reset");
    reset.addEventListener("click", function () { choose(figure, kind(figure).defaults(figure._tsInfo)); });
    var share = el("button", { type: "button", class: "ts-explore__share" }, "Share");
    share.addEventListener("click", function () { copyLink(figure); });
    bar.appendChild(reset);
    bar.appendChild(share);
    var status = el("p", { class: "ts-explore__status", role: "status" });
    bar.appendChild(status);
    if (figure._tsInfo.kind === "week") bar.appendChild(el("p", { class: "ts-explore__asbuilt", role: "status" }));
    var slot = figure.querySelector(".ts-explore-slot"); // its room is kept from the first paint (tokenshare.css)
    var head = figure.querySelector(".ts-chart__head");
    if (slot) slot.appendChild(bar);
    else figure.insertBefore(bar, head ? head.nextSibling : figure.firstChild);
    figure._tsControls = bar;
  }

  function place(figure) {
    // On a phone the controls come under the chart (tokenshare.css): moved there in the DOM as well,
    // so Tab reaches the chart before them; the slot keeps its room wherever it is (no shift).
    var slot = figure.querySelector(".ts-explore-slot") || figure._tsControls;
    var view = figure.querySelector(".ts-chart__view"), head = figure.querySelector(".ts-chart__head");
    if (!slot || !view || slot.parentNode !== figure) return;
    var after = phone.matches ? view : head;
    if (after && after.parentNode === figure && after.nextSibling !== slot) figure.insertBefore(slot, after.nextSibling);
    else if (!after && figure.firstChild !== slot) figure.insertBefore(slot, figure.firstChild);
  }

  function showState(figure) {
    var bar = figure._tsControls, state = figure._tsState, info = figure._tsInfo;
    if (!bar) return;
    bar.querySelectorAll(".ts-explore__series input[type=checkbox]").forEach(function (b) { b.checked = state.series.indexOf(b.value) >= 0; });
    var summary = bar.querySelector(".ts-explore__series summary");
    if (summary) {
      summary.textContent = "Series: " + state.series.length + " of " + info.series.length + " ";
      summary.appendChild(el("span", { class: "ts-explore__caret", "aria-hidden": "true" }, "\u25BE"));
    }
    bar.querySelectorAll("select[data-week]").forEach(function (s) { s.value = state.week; });
    bar.querySelectorAll("select[data-range]").forEach(function (s) { s.value = state[s.getAttribute("data-range")]; });
    bar.querySelectorAll(".ts-explore__toggle button").forEach(function (b) {
      var v = b.getAttribute("data-value");
      b.setAttribute("aria-pressed", String(v === state.y || v === state.mark));
    });
  }

  function choose(figure, state) {
    figure._tsState = state;
    figure._tsWeek = null;
    showState(figure);
    var text = kind(figure).toText(figure._tsInfo, state);
    if (figure._tsInfo.kind === "week") W.words(figure, figure._tsInfo, state);
    var hash = hashWith(keyOf(figure), text, false);
    if (window.history && history.replaceState) history.replaceState(history.state, "", window.location.pathname + window.location.search + hash);
    figure._tsTransform = transformOf(figure);
    return redrawWhenReady(figure);
  }

  function redrawWhenReady(figure) {
    // A picked week's chart parts may still be on their way (explore-week.js fetches them once).
    var ready = figure._tsInfo.kind === "week" ? W.load(figure, figure._tsInfo, figure._tsState) : Promise.resolve();
    return ready.then(function () { return charts().redraw(figure); });
  }

  function copyLink(figure) {
    var url = shareUrl(figure), status = figure._tsControls.querySelector(".ts-explore__status");
    function fallback() {
      // No clipboard (an insecure page, or refused): the link, selected, for the reader to copy.
      status.textContent = "";
      var field = el("input", { type: "text", readonly: "", class: "ts-explore__link", "aria-label": "Link to this view", value: url });
      status.appendChild(el("span", {}, "Copy this link: "));
      status.appendChild(field);
      field.focus();
      field.select();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { status.textContent = "Link copied: it opens this view."; }, fallback);
    } else {
      fallback();
    }
  }

  /* --- each page ------------------------------------------------------------- */

  function setUp(figure, fromUrl) {
    if (figure._tsInfo || figure.getAttribute("data-ts-explore") === "1") return;
    figure.setAttribute("data-ts-explore", "1");
    place(figure);
    var url = new URL(figure.getAttribute("data-explore"), document.baseURI).href;
    if (!infoCache[url]) infoCache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
    infoCache[url].then(function (data) {
      if (data.version !== 1) return;
      figure._tsInfo = data;
      figure._tsState = kind(figure).fromFields(data, fromUrl);
      figure._tsTransform = transformOf(figure);
      buildControls(figure);
      place(figure);
      if (data.kind === "week") {
        // after each embed tokenshare.js names the live chart by the static picture (the built week)
        figure.addEventListener("ts:live", function () { W.words(figure, data, figure._tsState); });
        W.words(figure, data, figure._tsState);
      } else {
        K.attach(figure);
      }
      showState(figure);
      figure.classList.add("ts-chart--explore");
      if (fromUrl) {
        figure.scrollIntoView({ block: "start" });
        redrawWhenReady(figure);
      } else if (figure.classList.contains("ts-chart--live")) {
        redrawWhenReady(figure); // drawn before the controls came: again, with the nearest-week rule
      } // otherwise tokenshare.js applies _tsTransform when the reader reaches for the chart
    }).catch(function (error) {
      if (window.console) console.warn("Token Share explore:", error.message);
    });
  }

  function onPage() {
    var wanted = readHash();
    document.querySelectorAll("figure.ts-chart[data-explore]").forEach(function (figure) {
      setUp(figure, wanted[keyOf(figure)]);
    });
  }

  function placeAll() {
    document.querySelectorAll("figure.ts-chart[data-ts-explore]").forEach(place);
  }
  if (phone.addEventListener) phone.addEventListener("change", placeAll);

  // This page now, and each page the theme's instant navigation brings once the theme has run
  // (docs/assets/theme-on-demand.js, in the head, runs it at the reader's first gesture).
  if (window.tokenshareTheme) window.tokenshareTheme.everyPage(onPage);
  else onPage();
})();
