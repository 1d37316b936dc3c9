// Trim a stylesheet to the rules one page uses, with the pinned `purgecss` (package.json).
// Reads {"css", "content", "variables"} as JSON on stdin; writes the kept CSS to stdout.
// "variables" are custom properties read outside this stylesheet: they are kept even
// when no kept rule of the stylesheet reads them. Used by notebook_css.py.
"use strict";
const { PurgeCSS } = require("purgecss");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const { css, content, variables } = JSON.parse(input);
  const [result] = await new PurgeCSS().purge({
    content: [{ raw: content, extension: "html" }],
    css: [{ raw: css }],
    fontFace: true,
    keyframes: true,
    variables: true,
    safelist: { variables },
  });
  process.stdout.write(result.css);
});
