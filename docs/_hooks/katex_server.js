// Long-lived KaTeX renderer for the MkDocs math hook.
// Reads one JSON request per line: {"tex": "...", "display": true|false}
// Writes one JSON reply per line:   {"html": "..."} or {"error": "..."}
"use strict";
const katex = require("katex");
const readline = require("readline");

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  let reply;
  try {
    const req = JSON.parse(line);
    reply = {
      html: katex.renderToString(req.tex, {
        displayMode: req.display,
        throwOnError: true,
        strict: "error",
        output: "htmlAndMathml",
      }),
    };
  } catch (err) {
    reply = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
