// Keep the language menu pointing at this page in the other language.
// Material's instant navigation replaces the page container (which carries
// this page's alternate links, see docs/_overrides/main.html) but not the
// header holding the menu, so copy the links over after every navigation.
document$.subscribe(function () {
  document.querySelectorAll("[data-dlnotes-alternate] a").forEach(function (alt) {
    var lang = alt.getAttribute("hreflang");
    document
      .querySelectorAll('.md-select__link[hreflang="' + lang + '"]')
      .forEach(function (link) {
        link.href = alt.href;
      });
  });
});

// Let a click in the language menu load the other page in full. Material's
// click handlers on <body> would otherwise take it over: instant navigation
// swaps only the page body (the header, <html lang> and the search language
// stay in the old language), and Material's alternate-link handler, racing on
// the sitemaps it fetched, can send the reader to the other language's home
// page instead of this page's twin. Stopping the click on its way down keeps
// it from both; the browser then follows the link as usual.
document.addEventListener(
  "click",
  function (event) {
    if (event.target instanceof Element && event.target.closest(".md-select__link[hreflang]")) {
      event.stopPropagation();
    }
  },
  true
);

// A display formula wider than the column scrolls sideways (dlnotes.css). Make
// each one that does overflow reachable from the keyboard, named for screen
// readers, and marked so that the CSS can show that there is more to the right.
// Checked again when the window changes size (a phone turned sideways).
function markWideFormulas() {
  var zh = document.documentElement.lang === "zh";
  document.querySelectorAll(".md-typeset .math-display").forEach(function (box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("dlnotes-wide", wide);
    if (wide) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", zh ? "公式（可左右滚动）" : "Formula (scrolls sideways)");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
document$.subscribe(markWideFormulas);
window.addEventListener("resize", markWideFormulas);
