/* Token Share: the controls of a weekly chart, the same on every chart.
 *
 * A figure with `data-explore` (its <chart>.explore.json, written at build time by
 * macros/publish/explore.py) gets, made here so a reader without JavaScript sees
 * no dead control: a series picker, a from/to range, share or tokens, lines or
 * stacked areas, a Share button, a rule and tooltip at the nearest week, and arrow
 * keys that move between weeks and say their values. The reader's choice lives in
 * the URL's hash (#<chart>:series=US,CN;from=2026-06-01;y=tokens), so a copied
 * link reopens it. Every number was aggregated at build time: here rows are only
 * filtered and fields swapped, in a copy of the chart's Vega-Lite spec that
 * tokenshare.js embeds (figure._tsTransform).
 */
(function () {
  "use strict";

  var infoCache = {};
  var MEASURE_NAMES = { share_pct: "Share (%)", tokens: "Tokens" };
  var MARK_NAMES = { line: "Lines", area: "Stacked areas" };
  var SEARCH_FROM = 11; // more series than ten: a search box above the list

  function charts() {
    return window.tokenshareCharts || shim();
  }

  /* --- state: the reader's choice, and the URL ---------------------------- */

  function keyOf(figure) { return figure.id.replace(/^chart-/, ""); }

  function defaults(info) {
    return { series: info.series.map(function (s) { return s.id; }), from: info.weeks[0],
             to: info.weeks[info.weeks.length - 1], y: info.measure, mark: info.mark };
  }

  function readHash() {
    // "#a:series=US,CN;from=…&b:y=tokens" -> {a: {series: "US,CN", from: "…"}, b: {y: "tokens"}}
    var out = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var colon = part.indexOf(":");
      if (colon < 1) return;
      var fields = {};
      part.slice(colon + 1).split(";").forEach(function (pair) {
        var eq = pair.indexOf("=");
        if (eq > 0) fields[pair.slice(0, eq)] = pair.slice(eq + 1);
      });
      out[decodeURIComponent(part.slice(0, colon))] = fields;
    });
    return out;
  }

  function fromFields(info, fields) {
    // A state from the URL, every value checked against the chart's own: a stale link still opens.
    var state = defaults(info);
    if (!fields) return state;
    var ids = state.series;
    if (fields.series) {
      var wanted = fields.series.split(",").map(decodeURIComponent).filter(function (id) { return ids.indexOf(id) >= 0; });
      if (wanted.length) state.series = ids.filter(function (id) { return wanted.indexOf(id) >= 0; });
    }
    if (info.weeks.indexOf(fields.from) >= 0) state.from = fields.from;
    if (info.weeks.indexOf(fields.to) >= 0) state.to = fields.to;
    if (state.from > state.to) { var t = state.from; state.from = state.to; state.to = t; }
    if (info.measures[fields.y]) state.y = fields.y;
    if (fields.mark === "line" || (fields.mark === "area" && info.whole)) state.mark = fields.mark;
    return state;
  }

  function toText(info, state) {
    var base = defaults(info), parts = [];
    if (state.series.join() !== base.series.join()) parts.push("series=" + state.series.map(encodeURIComponent).join(","));
    ["from", "to", "y", "mark"].forEach(function (k) { if (state[k] !== base[k]) parts.push(k + "=" + state[k]); });
    return parts.join(";");
  }

  function hashWith(key, text, only) {
    var all = only ? {} : readHash(), parts = [];
    Object.keys(all).forEach(function (k) {
      if (k === key) return;
      parts.push(encodeURIComponent(k) + ":" + Object.keys(all[k]).map(function (f) { return f + "=" + all[k][f]; }).join(";"));
    });
    if (text) parts.push(encodeURIComponent(key) + ":" + text);
    return parts.length ? "#" + parts.join("&") : "";
  }

  function shareUrl(figure) {
    var text = toText(figure._tsInfo, figure._tsState);
    return window.location.href.replace(/#.*$/, "") + (hashWith(keyOf(figure), text, true) || "#" + figure.id);
  }

  /* --- the spec: a copy filtered and switched to the reader's choice -------- */

  function seriesIndex(info) {
    var byValue = {};
    info.series.forEach(function (s) { byValue[s.value] = s; byValue[s.narrow] = s; });
    return byValue;
  }

  function transform(info, state, spec) {
    var layers = spec.layer || [];
    var main = layers[0] && layers[0].data && layers[0].data.name;
    if (!main || !spec.datasets || !spec.datasets[main]) return spec;
    var x = info.x, color = info.color, measure = info.measures[state.y];
    var ends = layers.filter(function (l) { return l.encoding && l.encoding.text; })[0];
    var bySeries = seriesIndex(info), byRow = {};
    info.rows.forEach(function (r) { byRow[r[x] + "\u0000" + r.series] = r; });
    // Both measures on every row of the chart's table (the file has them, from the same rows).
    var rows = spec.datasets[main].map(function (row) {
      var s = color ? bySeries[row[color]] : null;
      var extra = byRow[row[x] + "\u0000" + (s ? s.id : undefined)] || {};
      var copy = Object.assign({}, row);
      Object.keys(info.measures).forEach(function (m) {
        var text = info.measures[m].text;
        if (!(m in copy) && m in extra) { copy[m] = extra[m]; copy[text] = extra[text]; }
      });
      return copy;
    });
    spec.datasets[main] = rows;
    var shown = rows.filter(function (r) {
      var s = color ? bySeries[r[color]] : null;
      return (!s || state.series.indexOf(s.id) >= 0) && r[x] >= state.from && r[x] <= state.to;
    });
    var keep = color ? Object.keys(bySeries).filter(function (v) { return state.series.indexOf(bySeries[v].id) >= 0; }) : null;
    var rangeTest = "inrange(time(toDate(datum['" + x + "'])), [" + utc(state.from) + ", " + utc(state.to) + "])";
    var original = layers[0].mark.type === "area" ? "area" : "line";
    var out = [];
    layers.forEach(function (layer, i) {
      if (layer !== ends && i > 0 && state.mark !== original) return; // a switched chart keeps one mark of its series
      var l = JSON.parse(JSON.stringify(layer));
      var filters = [{ filter: rangeTest }];
      if (keep) filters.unshift({ filter: { field: color, oneOf: keep } });
      if (layer !== ends) l.transform = filters.concat(l.transform || []);
      switchMeasure(l, info, state.y);
      if (layer !== ends && state.mark !== original) setMark(l, state.mark, color);
      if (l.encoding && l.encoding.x && l.encoding.x.axis && l.encoding.x.axis.values) {
        l.encoding.x.axis.values = l.encoding.x.axis.values.filter(function (v) {
          var t = Date.UTC(v.year, v.month - 1, v.date);
          return t >= utc(state.from) && t <= utc(state.to);
        });
      }
      out.push(l);
    });
    if (ends) {
      var endRows = endsOf(shown, info, state, bySeries);
      spec.datasets[ends.data.name] = endRows;
      out.forEach(function (l) { if (l.data && l.data.name === ends.data.name) {
        l.encoding.y.field = state.mark === "area" ? "__middle" : state.y;
        l.encoding.y.title = measure.title; // one title on the shared axis
      } });
    }
    out.push.apply(out, hoverLayers(spec, out[0], shown, info, state, bySeries)); // out[0]: its x axis is the range's
    spec.layer = out;
    spec.params = (spec.params || []).concat([{ name: "ts_week", value: null }]);
    return spec;
  }

  function utc(day) { return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)); }

  function switchMeasure(layer, info, y) {
    var enc = layer.encoding || {};
    if (enc.y && info.measures[enc.y.field] && enc.y.field !== y) {
      var m = info.measures[y];
      enc.y.field = y;
      enc.y.title = m.title;
      enc.y.axis = Object.assign({}, enc.y.axis || {}, { grid: true });
      if (m.labelExpr) enc.y.axis.labelExpr = m.labelExpr; else delete enc.y.axis.labelExpr;
    }
    if (y === info.measure) return;
    var a = info.measures[info.measure], b = info.measures[y];
    (Array.isArray(enc.tooltip) ? enc.tooltip : []).forEach(function (tip) {
      // The chart's own measure and the one chosen trade places in its tooltip.
      if (tip.field === a.text) { tip.field = b.text; tip.title = b.tooltip; }
      else if (tip.field === b.text) { tip.field = a.text; tip.title = a.tooltip; }
    });
  }

  function setMark(layer, mark, color) {
    var enc = layer.encoding;
    if (mark === "area") {
      layer.mark = { type: "area", opacity: 0.85, line: true };
      enc.y.stack = "zero";
      // shares stack to 100 at most (a sum a hair over it would round the axis up to 110)
      if (enc.y.field === "share_pct") enc.y.scale = { domain: [0, 100], nice: false };
      if (color) enc.order = { field: color, type: "ordinal" };
      delete enc.detail;
      layer.transform = (layer.transform || []).concat([{ filter: "!datum.partial" }]);
    } else {
      layer.mark = { type: "line" };
      enc.y.stack = null;
      delete enc.order;
    }
  }

  function endsOf(shown, info, state, bySeries) {
    // Each series' last full week in the range, named with its value; for areas, at its band's middle.
    var x = info.x, color = info.color, text = info.measures[state.y].text, last = {};
    shown.forEach(function (r) { if (!r.partial && r[state.y] != null && (!last[r[color]] || r[x] > last[r[color]][x])) last[r[color]] = r; });
    var latest = Object.keys(last).reduce(function (a, k) { return last[k][x] > a ? last[k][x] : a; }, "");
    var rows = Object.keys(last).map(function (k) { return last[k]; }).filter(function (r) { return state.mark !== "area" || r[x] === latest; });
    rows.sort(function (a, b) { return a[color] < b[color] ? -1 : a[color] > b[color] ? 1 : 0; });
    var below = 0;
    return rows.map(function (r) {
      var s = bySeries[r[color]], out = {};
      var name = s && s.name !== s.value ? s.name : r[color];
      out[x] = r[x]; out[color] = r[color]; out[state.y] = r[state.y];
      out.__middle = below + r[state.y] / 2; below += r[state.y];
      out.__mark_text = name + " " + r[text];
      return out;
    });
  }

  function weekRows(shown, info, state, bySeries) {
    // One row a week: the values of every series shown, for the rule's tooltip and the keyboard.
    var x = info.x, text = info.measures[state.y].text, weeks = {}, order = [];
    shown.forEach(function (r) {
      if (!weeks[r[x]]) { weeks[r[x]] = { __week: r[x], __week_text: r[x + "__text"] || r[x], __values: [] }; order.push(r[x]); }
      var s = info.color ? bySeries[r[info.color]] : null;
      var name = s ? (s.name !== s.value ? s.name : r[info.color]) : info.measures[state.y].tooltip;
      weeks[r[x]].__values.push({ id: s ? s.id : "", name: name, text: r[text] + (r.partial ? " (partial week)" : "") });
    });
    return order.sort().map(function (w) { return weeks[w]; });
  }

  function hoverLayers(spec, first, shown, info, state, bySeries) {
    // Two layers over the plot: a band a week wide (touching its neighbours, so the pointer is
    // always in one) that carries the week's tooltip, and a rule at the week pointed at or
    // chosen by keyboard (ts_week). Both read the weeks' own table, __ts_weeks.
    var x = info.x, rows = weekRows(shown, info, state, bySeries), measure = info.measures[state.y];
    var ids = info.color ? state.series : [""];
    var times = rows.map(function (w) { return utc(w.__week); });
    var values = rows.map(function (w, i) {
      var row = { __t: times[i], __week_text: w.__week_text,
                  __heading: measure.tooltip + ", week starting " + w.__week_text,
                  __x0: i ? (times[i - 1] + times[i]) / 2 : times[i],
                  __x1: i < times.length - 1 ? (times[i] + times[i + 1]) / 2 : times[i] };
      ids.forEach(function (id, j) {
        var v = w.__values.filter(function (p) { return p.id === id; })[0];
        row["__s" + j] = v ? v.text : "–";
      });
      return row;
    });
    // vega-tooltip shows a "title" entry as the tooltip's heading
    var tooltip = [{ field: "__heading", title: "title", type: "nominal" }].concat(ids.map(function (id, j) {
      var s = info.series.filter(function (t) { return t.id === id; })[0];
      return { field: "__s" + j, title: s ? s.name : measure.tooltip, type: "nominal" };
    }));
    spec.datasets.__ts_weeks = values;
    var xEnc = JSON.parse(JSON.stringify(first.encoding.x));
    xEnc.field = "__t";
    var stroke = (spec.config && spec.config.axis && spec.config.axis.domainColor) || "#888";
    var rule = {
      data: { name: "__ts_weeks" },
      mark: { type: "rule", strokeWidth: 1.5, color: stroke, aria: false },
      encoding: {
        x: xEnc,
        opacity: { condition: [{ param: "ts_hover", empty: false, value: 0.9 },
                               { test: "ts_week !== null && datum.__t === ts_week", value: 0.9 }], value: 0 },
      },
    };
    var band = {
      data: { name: "__ts_weeks" },
      mark: { type: "rect", color: stroke, opacity: 0, cursor: "crosshair", aria: false }, // the keyboard and its announcements stand for it
      encoding: { x: { field: "__x0", type: "temporal" }, x2: { field: "__x1" }, tooltip: tooltip },
      params: [{ name: "ts_hover", select: { type: "point", fields: ["__t"], on: "pointerover", clear: "pointerout" } }],
    };
    return [rule, band];
  }

  window.tokenshareExplore = { transform: transform, fromFields: fromFields, toText: toText }; // for the tests

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

  function buildControls(figure) {
    var info = figure._tsInfo;
    var bar = el("div", { class: "ts-explore", role: "group", "aria-label": "Explore this chart" });
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
    var reset = el("button", { type: "button", class: "ts-explore__reset" }, "Reset");
    reset.addEventListener("click", function () { choose(figure, defaults(info)); });
    var share = el("button", { type: "button", class: "ts-explore__share" }, "Share");
    share.addEventListener("click", function () { copyLink(figure); });
    bar.appendChild(reset);
    bar.appendChild(share);
    var status = el("p", { class: "ts-explore__status", role: "status" });
    bar.appendChild(status);
    var head = figure.querySelector(".ts-chart__head");
    figure.insertBefore(bar, head ? head.nextSibling : figure.firstChild);
    figure._tsControls = bar;
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
    var text = toText(figure._tsInfo, state);
    var hash = hashWith(keyOf(figure), text, false);
    if (window.history && history.replaceState) history.replaceState(history.state, "", window.location.pathname + window.location.search + hash);
    figure._tsTransform = function (spec) { return transform(figure._tsInfo, figure._tsState, spec); };
    return charts().redraw(figure);
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

  /* --- keyboard: arrow keys move between weeks, and the values are said ---- */

  function keyboard(figure) {
    var view = figure.querySelector(".ts-chart__view");
    var say = el("p", { class: "ts-explore__say", "aria-live": "polite" });
    figure.insertBefore(say, view.nextSibling);
    view.setAttribute("tabindex", "0");
    view.setAttribute("role", "group");
    view.setAttribute("aria-label", (figure.querySelector(".ts-chart__title") || {}).textContent +
      ". Left and right arrow keys read the chart week by week.");
    view.addEventListener("focus", function () { charts().live(figure); });
    view.addEventListener("keydown", function (event) {
      var keys = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
      if (!(event.key in keys)) return;
      event.preventDefault();
      var state = figure._tsState, weeks = figure._tsInfo.weeks.filter(function (w) { return w >= state.from && w <= state.to; });
      var at = weeks.indexOf(figure._tsWeek);
      var step = keys[event.key];
      // Home and End jump to the ends; the first arrow press starts at the first (or last) week.
      var next = !isFinite(step) ? (step > 0 ? weeks.length - 1 : 0)
        : at < 0 ? (step > 0 ? 0 : weeks.length - 1) : Math.max(0, Math.min(weeks.length - 1, at + step));
      figure._tsWeek = weeks[next];
      var bySeries = seriesIndex(figure._tsInfo);
      var shown = figure._tsInfo.rows.filter(function (r) { return r[figure._tsInfo.x] === figure._tsWeek; }).map(function (r) {
        var s = info(figure).series.filter(function (t) { return t.id === r.series; })[0];
        var copy = Object.assign({}, r);
        if (s) copy[figure._tsInfo.color] = s.value;
        return copy;
      }).filter(function (r) { return !figure._tsInfo.color || state.series.indexOf(r.series) >= 0; });
      var week = weekRows(shown, figure._tsInfo, state, bySeries)[0];
      if (week) {
        say.textContent = "Week starting " + weekText(figure, week.__week) + ": " +
          week.__values.map(function (v) { return v.name + " " + v.text; }).join(", ") + ".";
      }
      charts().live(figure).then(function (v) {
        var target = v || figure._tsView;
        if (target) return target.signal("ts_week", utc(figure._tsWeek)).runAsync();
      }).catch(function () {});
    });
  }

  function info(figure) { return figure._tsInfo; }

  function weekText(figure, week) {
    var row = figure._tsInfo.rows.filter(function (r) { return r[figure._tsInfo.x] === week; })[0];
    return row && row[figure._tsInfo.x + "__text"] || week;
  }

  /* --- until tokenshare.js exposes window.tokenshareCharts -----------------
   * A stand-in with the same two calls (live, redraw) over what tokenshare.js does
   * today: it draws each chart when it scrolls into view, into .ts-chart__live,
   * and keeps the view in figure._tsView. redraw re-embeds the same spec with
   * figure._tsTransform applied. Not used once tokenshare.js provides the real one. */

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

  /* --- each page ------------------------------------------------------------- */

  function setUp(figure, fromUrl) {
    if (figure._tsInfo || figure.getAttribute("data-ts-explore") === "1") return;
    figure.setAttribute("data-ts-explore", "1");
    var url = new URL(figure.getAttribute("data-explore"), document.baseURI).href;
    if (!infoCache[url]) infoCache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
    infoCache[url].then(function (data) {
      if (data.version !== 1) return;
      figure._tsInfo = data;
      figure._tsState = fromFields(data, fromUrl);
      figure._tsTransform = function (spec) { return transform(figure._tsInfo, figure._tsState, spec); };
      buildControls(figure);
      keyboard(figure);
      showState(figure);
      figure.classList.add("ts-chart--explore");
      if (fromUrl) {
        figure.scrollIntoView({ block: "start" });
        charts().redraw(figure);
      } else if (figure.classList.contains("ts-chart--live")) {
        charts().redraw(figure); // drawn before the controls came: again, with the nearest-week rule
      } else if (!window.tokenshareCharts) {
        shim().whenDrawn(figure); // the real one applies _tsTransform whenever it draws
      }
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

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
