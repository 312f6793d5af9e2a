// Apply the actions s55xl's server returns, through the Excel JavaScript API.
//
// Why s55xl has its own client: xlwings' own Office.js client ships inside the xlwings Server
// application (a whole web app of its own) and is not published as a package on the npm
// registry, so it cannot be installed and pinned like the other dependencies. This module
// implements exactly the actions s55xl's buttons make xlwings' remote engine return
// (`Book.json()` in xlwings/pro/_xlremote.py): values, fill colours, notes, table resizes, a
// new sheet, activating a sheet and an alert. The dispatch table below is the one place that
// knows the action names; an action it lacks stops the run before anything is written, with a
// sentence saying so, rather than leaving the workbook half-updated.
//
// Every action's `sheet_position` is the sheet's 0-based position, counted as sheets are
// added during the run; `start_row`/`start_column` are 0-based too. Writes are sent in as few
// `context.sync()` calls as Excel on the web's 5 MB request limit allows: a sync whenever about
// LIMITS.bytesPerSync of values are queued, a large block of values split by rows.

export const LIMITS = { bytesPerSync: 1000000 };

export class UnsupportedAction extends Error {
  constructor(func) {
    super(`unsupported action ${func}`);
    this.func = func;
  }
}

function cells(run, action) {
  const sheet = run.sheets[action.sheet_position];
  return sheet.getRangeByIndexes(action.start_row, action.start_column,
    action.row_count, action.column_count);
}

function sheetOf(run, action) {
  return run.sheets[action.sheet_position];
}

export const ACTIONS = {
  setValues(run, action) {
    cells(run, action).values = action.values;
  },
  setRangeColor(run, action) {
    const fill = cells(run, action).format.fill;
    if (action.args[0] === null || action.args[0] === undefined || action.args[0] === "") {
      fill.clear();
    } else {
      fill.color = action.args[0];
    }
  },
  addNote(run, action) {
    const sheet = sheetOf(run, action);
    sheet.notes.add(sheet.getRange(action.args[0]), action.args[1]);
  },
  setNoteText(run, action) {
    sheetOf(run, action).notes.getItem(action.args[0]).content = action.args[1];
  },
  deleteNote(run, action) {
    sheetOf(run, action).notes.getItem(action.args[0]).delete();
  },
  resizeTable(run, action) {
    sheetOf(run, action).tables.getItemAt(action.args[0]).resize(action.args[1]);
  },
  addSheet(run, action) {
    const [position, name] = action.args;
    const sheet = run.context.workbook.worksheets.add(name);
    sheet.position = position;
    run.sheets.splice(position, 0, sheet);
  },
  activateSheet(run, action) {
    run.sheets[action.args[0]].activate();
  },
  alert(run, action) {
    const [prompt, title, , mode] = action.args;
    run.alerts.push({ prompt, title, mode });
  },
};

// A setValues too large for one request, as several of whole rows.
function split(actions) {
  return actions.flatMap((action) => {
    if (action.func !== "setValues" || !action.values.length) return [action];
    const size = JSON.stringify(action.values).length;
    if (size <= LIMITS.bytesPerSync) return [action];
    const rows = Math.max(1, Math.floor(action.values.length * LIMITS.bytesPerSync / size));
    const parts = [];
    for (let r = 0; r < action.values.length; r += rows) {
      const values = action.values.slice(r, r + rows);
      parts.push({ ...action, values, start_row: action.start_row + r, row_count: values.length });
    }
    return parts;
  });
}

// Apply `actions` in order; returns the alerts for the task pane. Nothing is queued until every
// action is known to be supported.
export async function applyActions(context, actions) {
  const unknown = actions.find((a) => !Object.hasOwn(ACTIONS, a.func));
  if (unknown) throw new UnsupportedAction(unknown.func);
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  const run = { context, sheets: worksheets.items.slice(), alerts: [] };
  let queued = 0;
  for (const action of split(actions)) {
    const size = JSON.stringify(action.values || action.args || "").length;
    if (queued > 0 && queued + size > LIMITS.bytesPerSync) {
      await context.sync();
      queued = 0;
    }
    ACTIONS[action.func](run, action);
    queued += size;
  }
  await context.sync();
  return run.alerts;
}
