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
