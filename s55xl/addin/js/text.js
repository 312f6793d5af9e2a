// Every sentence the add-in shows, in one place (the task pane's page holds only its headings).

export const BUTTONS = {
  "validate": "Validate",
  "update-deadlines": "Update deadlines",
  "generate-selected": "Generate for the selected report",
  "generate-all": "Generate all",
  "progress-paper": "Progress paper",
};

export const TEXT = {
  notInExcel:
    "This is the s55xl add-in. It works inside Excel: open a governance workbook in Excel and " +
    "use the s55xl group on the Home tab. On its own in a web browser it can do nothing.",
  loading: "Starting s55xl…",
  ready: "Ready. Press a button in the s55xl group on the Home tab, or one below.",
  working: (label, seconds) =>
    seconds > 0 ? `${label}: working… ${seconds} seconds so far.` : `${label}: working…`,
  busy: "s55xl is still working on the last button; wait for it to finish.",
  done: (label) => `${label}: finished.`,
  stopped: (label) => `${label}: stopped.`,
  severity: (severity) => (severity === "error" ? "Error" : "Warning"),
  noFindings: "No problems found.",
  noDocuments: "No documents were made.",
  findingsHeading: (n) => (n === 1 ? "1 finding" : `${n} findings`),
  findingsMore: (shown, total) =>
    `The first ${shown} are listed here; the Findings sheet lists all ${total}.`,
  documentsHeading: (n) => (n === 1 ? "1 document" : `${n} documents`),
  noNetwork:
    "The s55xl server could not be reached, so nothing in the workbook was changed. Check the " +
    "network connection (and VPN), then press the button again; if it goes on, tell IT.",
  notSignedIn:
    "You are not signed in to Microsoft 365 in Excel, so s55xl cannot tell the server who you " +
    "are. Sign in (File > Account), then press the button again.",
  signInFailed: (code) =>
    `Signing in to the s55xl server did not work (Office said ${code}). Close the task pane, ` +
    "open it again and sign in; if it happens again, tell IT.",
  consentNeeded:
    "Your organisation has not yet allowed the s55xl add-in to sign you in. Ask IT to grant " +
    "admin consent for it (see its set-up guide).",
  refused: (status, sentence) =>
    sentence && sentence.trim()
      ? sentence.trim()
      : `The s55xl server refused the request (HTTP ${status}). Tell IT.`,
  notJson:
    "The s55xl server answered with something that is not s55xl's reply (is the address right?), " +
    "so nothing in the workbook was changed. Tell IT.",
  readFailed: (detail) =>
    `s55xl could not read the workbook (${detail}); nothing was sent or changed. Close any ` +
    "open cell edit or dialog in Excel and press the button again.",
  applyFailed: (detail) =>
    `s55xl could not write its results into the workbook (${detail}; is a sheet protected?). ` +
    "Press the button again once that is fixed.",
  unsupported: (func) =>
    `The s55xl server asked for a change this add-in cannot make (${func}); nothing was ` +
    "written. Ask IT to update the add-in.",
  ssoUnavailable:
    "This Excel cannot sign you in to s55xl with your Microsoft 365 account. Enter your team's " +
    "access token below instead (ask IT for it), then press the button again.",
  tokenLabel: "Team access token",
  tokenHelp:
    "IT has not set up Microsoft 365 sign-in for s55xl, so the server asks for your team's " +
    "access token. Paste it here once: it is kept in this add-in's own storage on this " +
    "computer, never in the workbook.",
  tokenSaved: "Token saved. Press the button again.",
  tokenNeeded: "Enter your team's access token below (ask IT for it), then press the button again.",
  tokenForget: "Forget the saved token",
  tokenForgotten: "The saved token was removed from this computer.",
  serverRefusedToken:
    "The server did not accept the saved team token (it may have been replaced). Enter the new " +
    "one below.",
  signedInAs: (who) => `Signed in as ${who}.`,
};
