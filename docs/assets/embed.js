/* Token Share: an embed page (macros/pages/embed.py) follows the reader's light or dark preference.
 *
 * Site pages get it from Material's palette toggle, in the header; an embed page has no header, so
 * nothing would switch it. Loaded at the top of the page's content, before the chart is parsed: the
 * first paint has the right palette and static picture. tokenshare.js redraws a live chart when the
 * attribute changes, as it does for the toggle.
 */
(function () {
  "use strict";

  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function follow() {
    document.body.setAttribute("data-md-color-scheme", dark.matches ? "slate" : "default");
  }

  follow();
  if (dark.addEventListener) dark.addEventListener("change", follow);
})();
