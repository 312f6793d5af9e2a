// One Validate press from the add-in's real client on a mock workbook, timed in its parts.
//   node benchmarks/addin_round_trip.mjs BOOK.json URL TOKEN PRESSES
// Prints one JSON line per press: payload bytes, gather (reading the workbook), server (post
// to answer), apply (writing the actions), total, all in seconds.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { MockWorkbook } from "../tests/addin/mockexcel.mjs";
import { runButton } from "../s55xl/addin/js/client.js";

const [bookPath, url, token, presses = "3"] = process.argv.slice(2);
const data = JSON.parse(readFileSync(bookPath, "utf-8"));
globalThis.Office = { context: { requirements: { isSetSupported: () => true } } };

for (let i = 0; i < Number(presses); i++) {
  const book = new MockWorkbook(data);
  const timing = {};
  const started = performance.now();
  const fetchImpl = async (target, options) => {
    timing.gather = (performance.now() - started) / 1000;
    timing.bytes = Buffer.byteLength(options.body);
    const sent = performance.now();
    const answer = await fetch(target, options);
    const text = await answer.text();
    timing.server = (performance.now() - sent) / 1000;
    timing.answerBytes = Buffer.byteLength(text);
    timing.applyStart = performance.now();
    return new Response(text, { status: answer.status, headers: answer.headers });
  };
  const result = await runButton("validate", {
    base: url, excel: book.excel(), fetchImpl, config: { entra: false, xlwings: "0.37.8" },
    store: { get: () => token },
  });
  if (!result.ok) throw new Error(result.status);
  timing.apply = (performance.now() - timing.applyStart) / 1000;
  delete timing.applyStart;
  timing.total = (performance.now() - started) / 1000;
  console.log(JSON.stringify(timing));
}
