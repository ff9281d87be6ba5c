/* Token Share: a bar chart of one week, shown for another week the reader picked.
 *
 * The chart's <chart>.explore.json (macros/publish/weekpick.py, kind "week") holds
 * every full week of the data with its title, subtitle and finding; <chart>.weeks.json,
 * fetched when a week is picked, holds what that week's chart has that the built one
 * has not (its rows, the bars' order, the labels fitted to them), wide and narrow, made
 * at build time from that week's rows.
 * Here a copy of the built spec gets those parts, and the figure's words are set to
 * the week's (textContent only: nothing from data is read as HTML). explore.js makes
 * the picker and keeps the choice in the URL (#<chart>:week=2026-06-01).
 */
(function () {
  "use strict";

  var narrowQuery = window.matchMedia("(max-width: 600px)"); // the query tokenshare.js picks the phone spec by

  function find(info, week) {
    return info.weeks.filter(function (w) { return w.week === week; })[0] || null;
  }

  function defaults(info) { return { week: info.week }; }

  function fromFields(info, fields) {
    // A week from the URL that the chart does not have (a stale link) opens the chart as built.
    return fields && find(info, fields.week) ? { week: fields.week } : defaults(info);
  }

  function toText(info, state) { return state.week !== info.week ? "week=" + state.week : ""; }

  function transform(info, state, spec, figure) {
    var week = find(info, state.week);
    if (!week) return spec;
    var narrow = narrowQuery.matches && figure.hasAttribute("data-spec-narrow");
    var parts = week[narrow ? "narrow" : "wide"] || {};
    Object.keys(parts).forEach(function (k) { spec[k] = JSON.parse(JSON.stringify(parts[k])); });
    spec.description = week.alt; // Vega's name for the chart: this week's finding
    return spec;
  }

  function words(figure, info, state) {
    // The title, subtitle and the live chart's name say the week shown; a line says what the table holds.
    var week = find(info, state.week), built = find(info, info.week);
    if (!week || !built) return;
    var title = figure.querySelector(".ts-chart__title"), subtitle = figure.querySelector(".ts-chart__subtitle");
    if (title) title.textContent = week.title;
    if (subtitle) subtitle.textContent = week.subtitle;
    var live = figure.querySelector(".ts-chart__live");
    if (live) live.setAttribute("aria-label", week.alt);
    var note = figure.querySelector(".ts-explore__asbuilt");
    if (note) {
      note.textContent = state.week === info.week ? "" :
        "The chart shows the week of " + week.text + "; the table and the CSV below are the week of " + built.text + ", as built.";
    }
  }

  // Each week's chart parts are in <chart>.weeks.json, fetched the first time a week other than the
  // built one is wanted (the picker itself needs only the weeks and their words: explore.json).
  var partsCache = {};
  function load(figure, info, state) {
    if (!state || state.week === info.week || info._tsParts) return Promise.resolve();
    var url = new URL(figure.getAttribute("data-explore").replace(/\.explore\.json$/, ".weeks.json"), document.baseURI).href;
    if (!partsCache[url]) partsCache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
    return partsCache[url].then(function (data) {
      if (data.version !== 1) return;
      info.weeks.forEach(function (w) {
        var parts = data.weeks[w.week] || {};
        if (parts.wide) w.wide = parts.wide;
        if (parts.narrow) w.narrow = parts.narrow;
      });
      info._tsParts = true;
    });
  }

  window.tokenshareExploreWeek = {
    defaults: defaults, fromFields: fromFields, toText: toText, transform: transform, words: words, find: find, load: load,
  };
})();
