/* Token Share: the view a reader chose of a weekly chart, as a URL and as a Vega-Lite spec.
 *
 * explore.js keeps the reader's choice (series, weeks, measure, mark); this reads and
 * writes it in the URL's hash (#<chart>:series=US,CN;from=2026-06-01;y=tokens;mark=area,
 * only what differs from the chart as built, "&" between charts) and turns a copy
 * of the chart's spec into that view: rows filtered, the other measure's fields swapped
 * in (both come from the chart's <chart>.explore.json, aggregated at build time), lines
 * made stacked areas, the labels at the lines' ends placed again, and a band a week wide
 * with a rule that shows the week under the pointer. No page and no state here but the URL.
 */
(function () {
  "use strict";

  /* --- the URL ------------------------------------------------------------- */

  function defaults(info) {
    return { series: info.series.map(function (s) { return s.id; }), from: info.weeks[0],
             to: info.weeks[info.weeks.length - 1], y: info.measure, mark: info.mark };
  }

  function decode(text) {
    try { return decodeURIComponent(text); } catch (error) { return ""; } // a mangled link opens the default view
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
      out[decode(part.slice(0, colon))] = fields;
    });
    return out;
  }

  function fromFields(info, fields) {
    // A state from the URL, every value checked against the chart's own: a stale link still opens.
    var state = defaults(info);
    if (!fields) return state;
    var ids = state.series;
    if (fields.series) {
      var wanted = fields.series.split(",").map(decode).filter(function (id) { return ids.indexOf(id) >= 0; });
      if (wanted.length) state.series = ids.filter(function (id) { return wanted.indexOf(id) >= 0; });
    }
    if (info.weeks.indexOf(fields.from) >= 0) state.from = fields.from;
    if (info.weeks.indexOf(fields.to) >= 0) state.to = fields.to;
    if (state.from > state.to) { var t = state.from; state.from = state.to; state.to = t; }
    if (Object.prototype.hasOwnProperty.call(info.measures, fields.y || "")) state.y = fields.y;
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

  window.tokenshareExploreSpec = {
    transform: transform, weekRows: weekRows, seriesIndex: seriesIndex, utc: utc,
    defaults: defaults, readHash: readHash, fromFields: fromFields, toText: toText, hashWith: hashWith,
  };
})();
