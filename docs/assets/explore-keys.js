/* Token Share: a weekly chart read with the keyboard, week by week.
 *
 * explore.js calls attach(figure) once a line or area chart's controls are made.
 * The chart's box becomes focusable (focus makes it live, tokenshare.js); the left
 * and right arrow keys (Home, End) move the nearest-week rule between the weeks of
 * the reader's range, and a polite live line under the chart says that week's values
 * of the series shown (built from <chart>.explore.json by explore-spec.js's rules;
 * textContent only: nothing from data is read as HTML).
 */
(function () {
  "use strict";

  var S = window.tokenshareExploreSpec; // explore-spec.js: the rows of a week, as the chart shows them
  var weekRows = S.weekRows, seriesIndex = S.seriesIndex, utc = S.utc;

  function charts() {
    return window.tokenshareCharts; // tokenshare.js: live(figure)
  }

  function attach(figure) {
    var view = figure.querySelector(".ts-chart__view");
    var say = document.createElement("p");
    say.className = "ts-explore__say";
    say.setAttribute("aria-live", "polite");
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
        var s = figure._tsInfo.series.filter(function (t) { return t.id === r.series; })[0];
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

  function weekText(figure, week) {
    var row = figure._tsInfo.rows.filter(function (r) { return r[figure._tsInfo.x] === week; })[0];
    return row && row[figure._tsInfo.x + "__text"] || week;
  }

  window.tokenshareExploreKeys = { attach: attach };
})();
