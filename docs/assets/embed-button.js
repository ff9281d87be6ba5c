/* Token Share: "Embed", an <iframe> snippet of a chart's own page.
 * A figure with data-embed (a named chart: macros/pages/embed.py) gets the button; made here,
 * so a reader without JavaScript meets no dead control. The snippet is copied to the clipboard
 * and shown in a text field as well, selected, for a browser that refuses the clipboard. */
(function () {
  "use strict";

  function embedSnippet(figure) {
    var url = new URL(figure.getAttribute("data-embed"), document.baseURI).href;
    var title = figure.querySelector(".ts-chart__title");
    var height = Math.max(420, Math.ceil(figure.getBoundingClientRect().height) + 120);
    var esc = function (text) {
      return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    };
    return '<iframe src="' + esc(url) + '" title="' + esc(title ? title.textContent : "Token Share chart") +
      '" width="100%" height="' + height + '" loading="lazy" frameborder="0"></iframe>';
  }

  function addEmbedButton(figure) {
    if (!figure.hasAttribute("data-embed") || figure.querySelector(".ts-chart__embed")) return;
    var box = document.createElement("span"); // in the downloads line: nothing below the chart moves
    box.className = "ts-chart__embed";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ts-chart__embed-button";
    button.textContent = "Embed";
    var status = document.createElement("span");
    status.className = "ts-chart__embed-status";
    status.setAttribute("role", "status");
    box.appendChild(button);
    box.appendChild(status);
    button.addEventListener("click", function () {
      var snippet = embedSnippet(figure);
      var field = box.querySelector("input");
      if (!field) {
        field = document.createElement("input");
        field.type = "text";
        field.readOnly = true;
        field.className = "ts-chart__embed-code";
        field.setAttribute("aria-label", "Code to embed this chart in another page");
        box.appendChild(field);
      }
      field.value = snippet;
      field.focus();
      field.select();
      var copied = navigator.clipboard && navigator.clipboard.writeText
        ? navigator.clipboard.writeText(snippet) : Promise.reject(new Error("no clipboard"));
      copied.then(function () {
        status.textContent = "Copied: paste it into your page.";
      }, function () {
        status.textContent = "Copy the code below (it is selected).";
      });
    });
    var line = figure.querySelector(".ts-chart__downloads");
    if (!line) return;
    line.appendChild(document.createTextNode(" · "));
    line.appendChild(box);
  }


  function onPage() {
    document.querySelectorAll("figure.ts-chart[data-embed]").forEach(addEmbedButton);
  }

  // This page now, and each page the theme's instant navigation brings (theme-on-demand.js).
  if (window.tokenshareTheme) window.tokenshareTheme.everyPage(onPage);
  else onPage();
})();
