// The add-in's real client code (s55xl/addin/js) against a real `s55xl serve` on 127.0.0.1, on a
// workbook behind Microsoft's office-addin-mock that holds the demo workbook's values.
//
// Run by tests/addin/test_client.py, which builds the demo workbook, exports it for the mock,
// starts the server (team tokens and Entra ID sign-in from a local test tenant) and passes:
//   S55XL_BOOK          the exported workbook (JSON)
//   S55XL_URL           the server's address
//   S55XL_TOKEN         a team token it accepts
//   S55XL_ENTRA_TOKEN   an Entra access token for Jo Bloggs from the test tenant
//   S55XL_ENTRA_BAD     an Entra access token signed with a key the tenant never published

import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { MockWorkbook } from "./mockexcel.mjs";
import { runButton, ButtonError, readConfig, selectCell } from "../../s55xl/addin/js/client.js";
import { applyActions, ACTIONS, LIMITS as WRITES } from "../../s55xl/addin/js/actions.js";
import { gatherBook, LIMITS as READS } from "../../s55xl/addin/js/payload.js";

const env = process.env;
const BASE = env.S55XL_URL;
const data = JSON.parse(readFileSync(env.S55XL_BOOK, "utf-8"));
const USER = "Jo Bloggs (jo.bloggs@force.police.uk)";

function store(token) {
  let value = token;
  return { get: () => value, set: (v) => { value = v; }, forget: () => { value = null; } };
}

let book;
let officeCalls;

function office({ token = env.S55XL_ENTRA_TOKEN, error = null, notes = true } = {}) {
  officeCalls = 0;
  globalThis.Office = {
    context: { requirements: { isSetSupported: (name, version) => name === "ExcelApi" && (notes || version !== "1.18") } },
    auth: {
      getAccessToken: async () => {
        officeCalls += 1;
        if (error) throw error;
        return token;
      },
    },
  };
}

beforeEach(() => {
  book = new MockWorkbook(data);
  office();
});

// As the add-in runs where IT has not set up Entra ID: the team token from its own storage.
const TEAM = { entra: false, xlwings: "0.37.8" };
const teamRun = (action, options = {}) =>
  runButton(action, { base: BASE, excel: book.excel(), store: store(env.S55XL_TOKEN), config: TEAM, ...options });

function column(sheet, header) {
  return book.sheet(sheet).values[0].indexOf(header);
}

function findingCells() {
  const c = column("Findings", "Cell");
  return book.rows("Findings").map((r) => r[c]).filter((cell) => cell !== "");
}

test("the payload is read in four syncs with dates as ISO strings and names resolved", async () => {
  const payload = await book.excel().run((context) => gatherBook(context, "0.37.8"));
  assert.equal(book.syncs, 4);
  assert.equal(payload.client, "Office.js");
  assert.equal(payload.book.name, data.name);
  assert.equal(payload.book.selection, "C13");
  const reports = payload.sheets.find((s) => s.name === "Reports");
  const published = reports.values[0].indexOf("Published");
  assert.equal(reports.values[1][published], "2020-02-27T00:00:00.000Z");
  assert.deepEqual(payload.names.find((n) => n.name === "SelectedReport"),
    { name: "SelectedReport", sheet_index: 0, address: "C13", book_scope: true,
      scope_sheet_name: null, scope_sheet_index: null });
  const recs = payload.sheets.find((s) => s.name === "Recommendations");
  assert.equal(recs.tables[0].name, "tblRecommendations");
  assert.match(recs.tables[0].range_address, /^\$A\$1:\$[A-Z]+\$7$/);
  assert.equal(recs.notes_supported, true);
});

test("Validate marks a blank force response, lists it, logs the run; a second Validate after the fix clears it", async () => {
  book.setCell("Recommendations", "F2", "");
  const first = await teamRun("validate");
  assert.equal(first.ok, true, first.status);
  assert.match(first.status, /Validate: Checked 1 report and 6 recommendations: 1 warning/);
  assert.deepEqual(first.findings.map((f) => `${f.sheet}!${f.cell}`), ["Recommendations!F2"]);
  assert.equal(book.fill("Recommendations", "F2"), "#FFEB9C");
  assert.match(book.note("Recommendations", "F2"), /^s55xl — Warning: NCPI-2019 3\.1: Force response is blank/);
  assert.deepEqual(findingCells(), ["Recommendations!F2"]);
  const validation = column("Recommendations", "Validation");
  assert.match(String(book.sheet("Recommendations").values[1][validation]), /Force response is blank/);
  const log = book.rows("Log");
  assert.equal(log.length, 1);
  assert.equal(log[0][column("Log", "Action")], "Validate");

  book.setCell("Recommendations", "F2", "The Constabulary will review its referral process.");
  const second = await teamRun("validate");
  assert.deepEqual(second.findings, []);
  assert.equal(book.fill("Recommendations", "F2"), null);
  assert.equal(book.note("Recommendations", "F2"), null);
  assert.deepEqual(findingCells(), []);
  assert.match(book.rows("Findings")[0][column("Findings", "Problem")], /^No problems found/);
  assert.equal(book.sheet("Recommendations").values[1][validation], "OK");
  assert.equal(book.rows("Log").length, 2);
  assert.ok(book.log.some(([func, sheet, cell]) => func === "deleteNote" && sheet === "Recommendations" && cell === "F2"));
});

test("Update deadlines writes the statutory deadline worked out from the date Excel holds", async () => {
  const result = await teamRun("update-deadlines");
  assert.equal(result.ok, true, result.status);
  const r = book.sheet("Reports").values;
  assert.equal(String(r[1][column("Reports", "Statutory deadline")]).slice(0, 10), "2020-04-22");
  assert.equal(String(r[1][column("Reports", "Submit by")]).slice(0, 10), "2020-04-22");
});

test("Generate for the selected report lists documents that download with the same sign-in", async () => {
  const result = await teamRun("generate-selected");
  assert.equal(result.ok, true, result.status);
  const names = result.documents.map((d) => d.name).sort();
  assert.ok(names.some((n) => n.endsWith("Board paper DRAFT.docx")), names.join(", "));
  for (const doc of result.documents) {
    assert.ok(doc.url.startsWith(`${BASE}/files/`), doc.url);
  }
  const docx = result.documents.find((d) => d.name.endsWith(".docx"));
  const answer = await fetch(docx.url, { headers: { Authorization: `Bearer ${env.S55XL_TOKEN}` } });
  assert.equal(answer.status, 200);
  const bytes = new Uint8Array(await answer.arrayBuffer());
  assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK");
});

test("signed in with Entra ID, the user's name and UPN go into the Log", async () => {
  const config = { ...(await readConfig(BASE)), entra: true };
  const result = await runButton("validate", { base: BASE, excel: book.excel(), config });
  assert.equal(result.ok, true, result.status);
  assert.equal(officeCalls, 1);
  const log = book.rows("Log");
  assert.equal(log[0][column("Log", "User")], USER);
});

test("each failure is told apart, and nothing in the workbook changes", async () => {
  const before = JSON.stringify(book.sheets.map((s) => s.values));
  const kinds = {};
  const attempt = async (label, run) => {
    await assert.rejects(run, (error) => {
      assert.ok(error instanceof ButtonError, `${label}: ${error}`);
      kinds[label] = [error.kind, error.message];
      return true;
    });
  };
  await attempt("no network", () => runButton("validate", {
    base: "http://127.0.0.1:9", excel: book.excel(), store: store(env.S55XL_TOKEN),
    config: { entra: false, xlwings: "0.37.8" },
  }));
  await attempt("no token", () => teamRun("validate", { store: store(null) }));
  await attempt("wrong token", () => teamRun("validate", { store: store("not-the-right-token-at-all") }));
  office({ error: { code: 13001 } });
  await attempt("not signed in", () => runButton("validate", {
    base: BASE, excel: book.excel(), config: { entra: true, xlwings: "0.37.8" },
  }));
  office({ token: env.S55XL_ENTRA_BAD });
  await attempt("token refused", () => runButton("validate", {
    base: BASE, excel: book.excel(), config: { entra: true, xlwings: "0.37.8" },
  }));
  assert.equal(kinds["no network"][0], "network");
  assert.match(kinds["no network"][1], /could not be reached/);
  assert.equal(kinds["no token"][0], "token");
  assert.equal(kinds["wrong token"][0], "token");
  assert.match(kinds["wrong token"][1], /did not accept the saved team token/);
  assert.equal(kinds["not signed in"][0], "signin");
  assert.match(kinds["not signed in"][1], /not signed in to Microsoft 365/);
  assert.equal(kinds["token refused"][0], "signin");
  assert.match(kinds["token refused"][1], /^s55xl: the sign-in token is signed with a key the tenant does not publish/);
  assert.equal(JSON.stringify(book.sheets.map((s) => s.values)), before);
});

test("an action the client does not know stops the run before anything is written", async () => {
  const before = JSON.stringify(book.sheets.map((s) => s.values));
  await assert.rejects(
    book.excel().run((context) => applyActions(context, [
      { func: "setValues", args: [], values: [["x"]], sheet_position: 1, start_row: 0, start_column: 0, row_count: 1, column_count: 1 },
      { func: "setPictureFormat", args: [] },
    ])),
    /unsupported action setPictureFormat/,
  );
  assert.equal(JSON.stringify(book.sheets.map((s) => s.values)), before);
});

test("the dispatch table covers every action s55xl's buttons returned to an Office.js client", () => {
  const returned = JSON.parse(env.S55XL_ACTIONS);
  assert.ok(returned.length >= 5, returned.join(", "));
  for (const func of returned) assert.ok(Object.hasOwn(ACTIONS, func), `no handler for ${func}`);
});

test("a finding still there on the next Validate keeps one note, its text replaced", async () => {
  book.setCell("Recommendations", "F2", "");
  await teamRun("validate");
  await teamRun("validate");
  assert.match(book.note("Recommendations", "F2"), /^s55xl — Warning/);
  assert.equal(book.log.filter(([func]) => func === "addNote").length, 1);
  assert.equal(book.fill("Recommendations", "F2"), "#FFEB9C");
});

test("a hand-made workbook without Findings and Log sheets gets them added", async () => {
  const trimmed = { ...data, sheets: data.sheets.filter((s) => !["Findings", "Log"].includes(s.name)) };
  book = new MockWorkbook(trimmed);
  book.setCell("Recommendations", "F2", "");
  const result = await teamRun("validate");
  assert.equal(result.ok, true, result.status);
  assert.ok(book.sheet("Findings"), "Findings sheet added");
  assert.ok(book.sheet("Log"), "Log sheet added");
  assert.deepEqual(findingCells(), ["Recommendations!F2"]);
});

test("a finding's link selects its cell on its sheet", async () => {
  await selectCell("Recommendations", "F2", book.excel());
  assert.equal(book.selection, "Recommendations!$F$2");
  assert.equal(book.sheets[book.active].name, "Recommendations");
});

test("a workbook Excel cannot read is told apart from one it cannot write", async () => {
  const broken = { run: async (callback) => callback({ workbook: { load() { throw new Error("InvalidOperation"); } } }) };
  await assert.rejects(
    runButton("validate", { base: BASE, excel: broken, store: store(env.S55XL_TOKEN), config: TEAM }),
    (error) => error.kind === "read" && /could not read the workbook \(InvalidOperation\)/.test(error.message),
  );
});

test("a workbook too large for one request is read and written in blocks, with the same result", async () => {
  const saved = [READS.cellsPerSync, WRITES.bytesPerSync];
  try {
    const whole = await book.excel().run((context) => gatherBook(context, "0.37.8"));
    const syncsWhole = book.syncs;
    READS.cellsPerSync = 40;
    WRITES.bytesPerSync = 300;
    const reader = new MockWorkbook(data);
    const inBlocks = await reader.excel().run((context) => gatherBook(context, "0.37.8"));
    assert.deepEqual(inBlocks, whole);
    assert.ok(reader.syncs > syncsWhole + 10, `${reader.syncs} syncs`);

    book.setCell("Recommendations", "F2", "");
    const result = await teamRun("validate");
    assert.equal(result.ok, true, result.status);
    assert.equal(book.fill("Recommendations", "F2"), "#FFEB9C");
    assert.match(book.note("Recommendations", "F2"), /^s55xl — Warning/);
    assert.deepEqual(findingCells(), ["Recommendations!F2"]);
    const validation = column("Recommendations", "Validation");
    assert.deepEqual(book.rows("Recommendations").map((r) => r[validation] === "OK"),
      [false, true, true, true, true, true]);
    assert.equal(book.rows("Log").length, 1);
  } finally {
    [READS.cellsPerSync, WRITES.bytesPerSync] = saved;
  }
});

test("where this Excel cannot sign in, the team token is used instead, or asked for", async () => {
  const entra = { entra: true, xlwings: "0.37.8" };
  office({ error: { code: 13012 } });
  const result = await runButton("validate", { base: BASE, excel: book.excel(), config: entra,
    store: store(env.S55XL_TOKEN) });
  assert.equal(result.ok, true, result.status);
  await assert.rejects(
    runButton("validate", { base: BASE, excel: book.excel(), config: entra, store: store(null) }),
    (error) => error.kind === "token" && /cannot sign you in/.test(error.message),
  );
});
