// The task pane, which is also the ribbon's function file (one shared runtime): the ribbon's
// buttons and the pane's run the same `press`, and the pane shows what happened — the status,
// each finding as a link that selects its cell, each document as a link that downloads it,
// the time a long Generate all has taken so far, and one plain sentence when something fails.

import { BUTTONS, TEXT } from "./text.js";
import { ButtonError, download, readConfig, runButton, selectCell, serverBase, tokenStore } from "./client.js";

const RIBBON = {
  validate: "validate",
  updateDeadlines: "update-deadlines",
  generateSelected: "generate-selected",
  generateAll: "generate-all",
  progressPaper: "progress-paper",
};

const $ = (id) => document.getElementById(id);
let config = null;
let running = false;

function show(id, visible) {
  $(id).hidden = !visible;
}

function setStatus(text) {
  $("status").textContent = text;
}

function list(id, items, render) {
  const ul = $(id);
  ul.replaceChildren(...items.map((item) => {
    const li = document.createElement("li");
    render(li, item);
    return li;
  }));
}

function clearResults() {
  for (const id of ["problem", "alerts", "findings", "documents"]) show(id, false);
}

function showProblem(text) {
  $("problem-text").textContent = text;
  show("problem", true);
}

function showResult(label, result) {
  setStatus(result.status || TEXT.done(label));
  const alerts = result.alerts || [];
  list("alert-list", alerts, (li, a) => { li.textContent = a.prompt; });
  show("alerts", alerts.length > 0);
  const findings = result.findings || [];
  const total = result.findings_total || findings.length;
  $("findings-heading").textContent = TEXT.findingsHeading(total);
  $("findings-more").textContent = total > findings.length ? TEXT.findingsMore(findings.length, total) : "";
  list("finding-list", findings, (li, f) => {
    const link = document.createElement("a");
    link.href = "#";
    link.className = f.severity;
    link.textContent = `${f.sheet}${f.cell ? "!" + f.cell : ""}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      selectCell(f.sheet, f.cell).catch((error) => showProblem(error.message));
    });
    li.append(link, document.createTextNode(` ${TEXT.severity(f.severity)}: ${f.message}`));
  });
  show("findings", findings.length > 0);
  const documents = result.documents || [];
  $("documents-heading").textContent = TEXT.documentsHeading(documents.length);
  list("document-list", documents, (li, d) => {
    const link = document.createElement("a");
    link.href = d.url;
    link.textContent = d.name;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      download(d.url, d.name, config).catch((error) => showProblem(error.message));
    });
    li.append(link);
  });
  show("documents", documents.length > 0);
}

function showTokenForm(message) {
  $("token-help").textContent = message ? `${message} ${TEXT.tokenHelp}` : TEXT.tokenHelp;
  show("token", true);
}

export async function press(action) {
  const label = BUTTONS[action];
  if (running) {
    setStatus(TEXT.busy);
    return;
  }
  running = true;
  clearResults();
  const started = Date.now();
  setStatus(TEXT.working(label, 0));
  show("progress", true);
  const timer = setInterval(() => {
    $("elapsed").textContent = TEXT.working(label, Math.round((Date.now() - started) / 1000));
    show("elapsed", true);
  }, 1000);
  document.querySelectorAll("button[data-action]").forEach((b) => { b.disabled = true; });
  try {
    config = config || (await readConfig(serverBase()));
    const result = await runButton(action, { config });
    showResult(label, result);
  } catch (error) {
    setStatus(TEXT.stopped(label));
    if (error instanceof ButtonError && error.kind === "token") {
      showTokenForm(error.message);
    } else {
      showProblem(error instanceof ButtonError ? error.message : TEXT.applyFailed(String(error && error.message || error)));
    }
  } finally {
    clearInterval(timer);
    show("progress", false);
    show("elapsed", false);
    document.querySelectorAll("button[data-action]").forEach((b) => { b.disabled = false; });
    running = false;
  }
}

function setUp() {
  document.querySelectorAll("button[data-action]").forEach((button) => {
    button.addEventListener("click", () => press(button.dataset.action));
  });
  $("token-label").textContent = TEXT.tokenLabel;
  $("token-forget").textContent = TEXT.tokenForget;
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("token-input").value.trim();
    if (!value) return;
    tokenStore.set(value);
    $("token-input").value = "";
    show("token", false);
    setStatus(TEXT.tokenSaved);
  });
  $("token-forget").addEventListener("click", () => {
    tokenStore.forget();
    setStatus(TEXT.tokenForgotten);
  });
  show("buttons", true);
  setStatus(TEXT.ready);
  readConfig(serverBase()).then((found) => {
    config = found;
    if (!found.entra && !tokenStore.get()) {
      show("token", true);
      $("token-help").textContent = TEXT.tokenHelp;
    }
  }).catch((error) => showProblem(error.message));
}

function notInExcel() {
  setStatus(TEXT.notInExcel);
}

if (typeof Office === "undefined") {
  notInExcel();
} else {
  // Ribbon buttons: ExecuteFunction actions of the shared runtime.
  Office.onReady((info) => {
    if (!info || info.host !== Office.HostType.Excel) {
      notInExcel();
      return;
    }
    for (const [name, action] of Object.entries(RIBBON)) {
      Office.actions.associate(name, async (event) => {
        try {
          await Office.addin.showAsTaskpane();
        } catch {
          // The pane could not be shown (an older Excel): the button still runs.
        }
        await press(action);
        if (event && event.completed) event.completed();
      });
    }
    setUp();
  });
}
