/* Token Share: what the page must know before its first paint. Loaded in the <head>
 * (macros/mkdocs/headtags.py), so nothing it decides moves the page later.
 *
 * - The page is scripted: html.ts-js, so the room of the controls explore.js adds is kept
 *   from the first paint.
 * - The data is old by the reader's clock: html.ts-stale, so the notice under the title
 *   (written into the page at build time, hidden by CSS) shows from the first paint instead
 *   of pushing the page down seconds later. The day the data runs through comes from
 *   <meta name="tokenshare:data-through">, which the build writes before this script.
 * The rule is here once; tokenshare.js uses it too (window.tokenshareFreshness).
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("ts-js");

  var DAY_MS = 86400000;

  // lastDay: "YYYY-MM-DD"; now: a Date, read as the reader's calendar day; staleAfter: days.
  function freshness(lastDay, now, staleAfter) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(lastDay || "");
    if (!m || !(now instanceof Date) || isNaN(now.getTime())) return null;
    var limit = isFinite(staleAfter) && staleAfter > 0 ? staleAfter : 14;
    var last = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((today - last) / DAY_MS);
    var age = days < 0 ? "" : days === 0 ? "today" : days === 1 ? "1 day ago" : days + " days ago";
    var notice = days > limit
      ? "This data is more than " + (limit === 14 ? "two weeks" : limit + " days") +
        " old: the weekly refresh may have stopped."
      : "";
    return { days: days, age: age, stale: days > limit, notice: notice };
  }
  window.tokenshareFreshness = freshness;

  var meta = document.querySelector('meta[name="tokenshare:data-through"]');
  if (!meta) return;
  var fresh = freshness(meta.getAttribute("content"), new Date(),
    parseInt(meta.getAttribute("data-stale-after"), 10));
  if (fresh && fresh.stale) root.classList.add("ts-stale");
})();
