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

// A box that scrolls sideways (dlnotes.css) must be reachable from the keyboard
// and named for screen readers (axe-core scrollable-region-focusable): display
// formulas wider than the column, and the code and printed output of the lab
// notebooks. Each one that does overflow gets focus, a role and a name; the CSS
// shows that there is more to the right. Checked again when the window changes
// size (a phone turned sideways) and when web fonts arrive: a formula measured
// before KaTeX's fonts have loaded is narrower than it will be (on a slow or
// busy device the fonts come after the first check).
var SCROLLERS = [
  [".md-typeset .math-display", "Formula (scrolls sideways)", "公式（可左右滚动）"],
  [".jupyter-wrapper .jp-InputArea-editor .highlight-ipynb", "Code (scrolls sideways)", "代码（可左右滚动）"],
  [".jupyter-wrapper .jp-OutputArea-output pre", "Output (scrolls sideways)", "输出（可左右滚动）"],
];
function markWideBoxes() {
  var zh = document.documentElement.lang === "zh";
  // Every box is measured before any is changed: a change between two
  // measurements makes the browser lay the page out again for the second one.
  var found = [];
  SCROLLERS.forEach(function (kind) {
    document.querySelectorAll(kind[0]).forEach(function (box) {
      found.push([box, box.scrollWidth > box.clientWidth + 1, zh ? kind[2] : kind[1]]);
    });
  });
  found.forEach(function (item) {
    var box = item[0];
    box.classList.toggle("dlnotes-wide", item[1]);
    if (item[1]) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", item[2]);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
document$.subscribe(markWideBoxes);
window.addEventListener("resize", markWideBoxes);
document.fonts.addEventListener("loadingdone", markWideBoxes);
document.fonts.ready.then(markWideBoxes);

// Names and roles Material's own markup leaves out (axe-core):
// - the search panel is a dialog without a name (aria-dialog-name);
// - each code block's copy button sits in its own <nav>, so a page with twenty
//   snippets has twenty unnamed navigation landmarks (landmark-unique); a single
//   button is not navigation, so the wrapper loses the landmark role.
// Material adds the code block buttons from script, after this file has run
// and again after every instant navigation, so they are caught as they arrive.
function nameMaterialParts(root) {
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) {
    var input = search.querySelector(".md-search__input");
    search.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  }
  root.querySelectorAll(".md-code__nav:not([role])").forEach(function (nav) {
    nav.setAttribute("role", "none");
  });
}
nameMaterialParts(document);
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    change.addedNodes.forEach(function (node) {
      if (node instanceof Element) {
        nameMaterialParts(node.parentElement || node);
      }
    });
  });
}).observe(document.body, { childList: true, subtree: true });

// Chinese search queries. Material's search worker cuts a run of Chinese
// characters into words of its index (mkdocs-material 9.x,
// integrations/search/query/segment), with two faults: its loop never tries a
// word that ends at the last character (`j < query.length`), and it joins the
// words with "* " before another "*" is added to each term, so the first words
// become "反向**", a term that getSearchQueryTerms never finds. 反向传播 was
// searched as "反向** 传": the last word lost, the stray 传 matching unrelated
// sections, and every result marked "缺少: 反向*" (missing) although its page
// contains the whole query. Here the query is cut into words before it reaches
// the worker (longest word of the index first, as the index's own words were
// cut by jieba at build time), and each word goes as its own run followed by
// 〇, a Chinese character that is never a word of the index: Material's loop
// then finds the whole word, and a single word gets no extra "*". The words
// come from the index Material hands its worker ({type: 0 (setup), data});
// queries are {type: 2, data}.
(function () {
  var post = Worker.prototype.postMessage;
  var HAN = /\p{sc=Han}+/gu; // runs of Chinese characters, for replace()
  var HAN_CHAR = /\p{sc=Han}/u; // one, for test(): no global state to reset
  var LONGEST = 8; // characters; no word of the index is longer
  var index = null; // the setup message's data, read into `words` on first use
  var words = null;

  function indexWords() {
    if (words === null && index !== null) {
      var separator = new RegExp(index.config.separator);
      words = new Set();
      index.docs.forEach(function (doc) {
        [doc.title, doc.text].forEach(function (field) {
          (field || "").replace(/<[^>]*>/g, " ").split(separator).forEach(function (word) {
            if (word.length <= LONGEST && HAN_CHAR.test(word)) words.add(word.toLowerCase());
          });
        });
      });
    }
    return words;
  }

  function cut(run) {
    var known = indexWords();
    if (known === null) return run;
    var out = [];
    for (var i = 0; i < run.length; ) {
      var j = Math.min(run.length, i + LONGEST);
      while (j > i + 1 && !known.has(run.slice(i, j))) j--;
      var word = run.slice(i, j);
      out.push(known.has(word) ? word + "\u3007" : word);
      i = j;
    }
    return " " + out.join(" ") + " ";
  }

  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === 0 && message.data && message.data.docs) {
      index = message.data;
      words = null;
    } else if (message && message.type === 2 && typeof message.data === "string") {
      args[0] = { type: 2, data: message.data.replace(HAN, cut).trim() };
    }
    return post.apply(this, args);
  };
})();
