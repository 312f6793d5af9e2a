// One button press: gather the workbook, post it to s55xl's server, apply what comes back.
//
// Sign-in: when the server has Entra ID configured (its add-in config says so), the user's
// Microsoft 365 access token comes from Office (`Office.auth.getAccessToken`, single sign-on);
// otherwise the team's access token, asked for once and kept in the add-in's own storage on
// this computer (never in the workbook). Each way a press can fail is told apart, one sentence
// each (`ButtonError.kind`): no network, not signed in, token missing or refused, the server
// refused or failed, the answer unusable, the workbook refusing the write.

import { gatherBook } from "./payload.js";
import { applyActions, UnsupportedAction } from "./actions.js";
import { TEXT } from "./text.js";

export const TOKEN_KEY = "s55xl.teamToken";

export class ButtonError extends Error {
  constructor(kind, message, status = 0) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

// The server's address: the add-in's files are served from /addin/ on it.
export function serverBase(moduleUrl = import.meta.url) {
  return new URL("../../", moduleUrl).href.replace(/\/$/, "");
}

// The add-in's own storage (localStorage of the add-in's origin; never the workbook).
export const tokenStore = {
  get() {
    try {
      return globalThis.localStorage ? globalThis.localStorage.getItem(TOKEN_KEY) : null;
    } catch {
      return null;
    }
  },
  set(token) {
    globalThis.localStorage.setItem(TOKEN_KEY, token);
  },
  forget() {
    globalThis.localStorage.removeItem(TOKEN_KEY);
  },
};

async function send(fetchImpl, url, options) {
  try {
    return await fetchImpl(url, options);
  } catch {
    throw new ButtonError("network", TEXT.noNetwork);
  }
}

export async function readConfig(base, fetchImpl = globalThis.fetch) {
  const response = await send(fetchImpl, `${base}/addin/config.json`, { cache: "no-store" });
  if (!response.ok) throw new ButtonError("server", TEXT.refused(response.status, await response.text()));
  return response.json();
}

const SIGN_IN_NEEDED = new Set([13001, 13002]);
const CONSENT_NEEDED = new Set([13005]);
const NOT_SUPPORTED = new Set([13000, 13012]);  // this Excel cannot do single sign-on

export async function authorization(config, store = tokenStore) {
  if (config.entra) {
    try {
      const token = await Office.auth.getAccessToken({
        allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false,
      });
      return `Bearer ${token}`;
    } catch (error) {
      const code = Number(error && error.code);
      if (SIGN_IN_NEEDED.has(code)) throw new ButtonError("signin", TEXT.notSignedIn);
      if (CONSENT_NEEDED.has(code)) throw new ButtonError("signin", TEXT.consentNeeded);
      if (NOT_SUPPORTED.has(code)) {  // the team token, which the server also accepts
        const token = store.get();
        if (token) return `Bearer ${token}`;
        throw new ButtonError("token", TEXT.ssoUnavailable);
      }
      throw new ButtonError("signin", TEXT.signInFailed(code || "no code"));
    }
  }
  const token = store.get();
  if (!token) throw new ButtonError("token", TEXT.tokenNeeded);
  return `Bearer ${token}`;
}

// Run the button `action` ("validate", "generate-all", …) on the workbook in Excel.
// Returns the server's summary: { ok, status, findings, documents, user } plus `alerts`.
export async function runButton(action, {
  base = serverBase(), fetchImpl = globalThis.fetch, store = tokenStore,
  excel = globalThis.Excel, config = null,
} = {}) {
  const settings = config || (await readConfig(base, fetchImpl));
  const auth = await authorization(settings, store);
  return excel.run(async (context) => {
    let payload;
    try {
      payload = await gatherBook(context, settings.xlwings);
    } catch (error) {
      throw new ButtonError("read", TEXT.readFailed(error && error.message ? error.message : String(error)));
    }
    const response = await send(fetchImpl, `${base}/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: auth },
      body: JSON.stringify(payload),
    });
    if (!response.ok) {
      const sentence = await response.text();
      if (!settings.entra && (response.status === 401 || response.status === 403)) {
        throw new ButtonError("token", TEXT.serverRefusedToken, response.status);
      }
      const kind = response.status === 401 ? "signin" : "refused";
      throw new ButtonError(kind, TEXT.refused(response.status, sentence), response.status);
    }
    let answer;
    try {
      answer = await response.json();
    } catch {
      throw new ButtonError("server", TEXT.notJson);
    }
    if (!answer || !Array.isArray(answer.actions)) throw new ButtonError("server", TEXT.notJson);
    let alerts;
    try {
      alerts = await applyActions(context, answer.actions);
    } catch (error) {
      if (error instanceof UnsupportedAction) {
        throw new ButtonError("apply", TEXT.unsupported(error.func));
      }
      throw new ButtonError("apply", TEXT.applyFailed(error && error.message ? error.message : String(error)));
    }
    return { ...(answer.s55xl || {}), alerts };
  });
}

// Select a finding's cell (activating its sheet).
export async function selectCell(sheetName, cell, excel = globalThis.Excel) {
  return excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell || "A1").select();
    await context.sync();
  });
}

// Download a document the server made, with the same sign-in as the buttons.
export async function download(url, name, config, { fetchImpl = globalThis.fetch, store = tokenStore } = {}) {
  const auth = await authorization(config, store);
  const response = await send(fetchImpl, url, { headers: { Authorization: auth } });
  if (!response.ok) throw new ButtonError("refused", TEXT.refused(response.status, await response.text()), response.status);
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}
