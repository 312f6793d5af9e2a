// Gather the workbook into the JSON xlwings' remote engine takes from an Office.js client.
//
// The shape is the one `xlwings.Book(json=...)` reads (xlwings/pro/_xlremote.py) with
// `client: "Office.js"`: `book` (name, active_sheet_index, selection), `names` (book- and
// sheet-scoped range names) and, per sheet, `values` (A1 to the last used cell, "" for empty
// cells, dates as ISO strings), `tables`, `pictures` and `notes` (the addresses of the cells that
// carry a note, so the server can clear its own notes; `notes_supported` is false where Excel
// lacks the notes API, ExcelApi 1.18). Reads are batched: four `context.sync()` calls however
// many sheets the workbook has (Microsoft's performance guidance for the Excel JavaScript API),
// and one more for each further LIMITS.cellsPerSync cells, because Excel on the web refuses a
// request or response over 5 MB.

export const CLIENT = "Office.js";
export const LIMITS = { cellsPerSync: 40000 };

// "'My sheet'!$A$1:$B$2" -> ["My sheet", "$A$1:$B$2"]
export function splitAddress(address) {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return [null, address];
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return [sheet, address.slice(bang + 1)];
}

// Excel's serial date (1900 system) as the ISO string the Office clients send.
export function serialToIso(serial) {
  return new Date(Math.round((serial - 25569) * 86400 * 1000)).toISOString();
}

function withDates(values, categories) {
  return values.map((row, r) =>
    row.map((value, c) => {
      const category = categories && categories[r] ? String(categories[r][c]) : "";
      if ((category === "Date" || category === "Time") && typeof value === "number") {
        return serialToIso(value);
      }
      return value;
    }),
  );
}

// The names of a collection that refer to ranges, each with its range queued to load its address.
function rangeNames(names) {
  return names.items
    .filter((n) => n.type === "Range")
    .map((n) => {
      const range = n.getRangeOrNullObject();
      range.load("address");
      return { name: n.name, range };
    });
}

function notesSupported() {
  try {
    return Office.context.requirements.isSetSupported("ExcelApi", "1.18");
  } catch {
    return false;
  }
}

// The payload for the workbook in `context`; `version` is the server's xlwings release.
export async function gatherBook(context, version) {
  const workbook = context.workbook;
  const withNotes = notesSupported();

  // 1. The book, its sheets, the active sheet and the book-scoped names.
  workbook.load("name");
  const sheets = workbook.worksheets;
  sheets.load("items/name,items/position");
  const active = sheets.getActiveWorksheet();
  active.load("position");
  const bookNames = workbook.names;
  bookNames.load("items/name,items/type");
  await context.sync();

  // 2. Per sheet: its used range, tables, notes and sheet-scoped names; the book names' ranges.
  const perSheet = sheets.items.map((sheet) => {
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("rowIndex,columnIndex,rowCount,columnCount");
    sheet.tables.load("items/name,items/showHeaders,items/showTotals,items/style,items/showFilterButton");
    sheet.names.load("items/name,items/type");
    if (withNotes) sheet.notes.load("items");
    return { sheet, used };
  });
  const bookRanges = rangeNames(bookNames);
  await context.sync();

  // 3. Per sheet: the values from A1 to the last used cell with their number format categories
  //    (in blocks of rows, a sync whenever LIMITS.cellsPerSync cells are queued), the tables'
  //    ranges, the notes' cells and the sheet-scoped names' ranges.
  let queued = 0;
  for (const entry of perSheet) {
    const { sheet, used } = entry;
    entry.blocks = [];
    if (!used.isNullObject) {
      const rows = used.rowIndex + used.rowCount;
      const cols = used.columnIndex + used.columnCount;
      const step = Math.max(1, Math.floor(LIMITS.cellsPerSync / cols));
      for (let row = 0; row < rows; row += step) {
        if (queued > 0 && queued + Math.min(step, rows - row) * cols > LIMITS.cellsPerSync) {
          await context.sync();
          queued = 0;
        }
        const block = sheet.getRangeByIndexes(row, 0, Math.min(step, rows - row), cols);
        block.load("values,numberFormatCategories");
        entry.blocks.push(block);
        queued += Math.min(step, rows - row) * cols;
      }
    }
    entry.tables = sheet.tables.items.map((table) => {
      const ranges = { range: table.getRange(), body: table.getDataBodyRange() };
      if (table.showHeaders) ranges.header = table.getHeaderRowRange();
      if (table.showTotals) ranges.total = table.getTotalRowRange();
      Object.values(ranges).forEach((r) => r.load("address"));
      return { table, ranges };
    });
    entry.notes = withNotes
      ? sheet.notes.items.map((note) => note.getLocation().load("address"))
      : [];
    entry.names = rangeNames(sheet.names);
  }
  await context.sync();

  // 4. The selection, on its own: Excel refuses it when a chart or shape is selected.
  let selection = null;
  try {
    const selected = workbook.getSelectedRange();
    selected.load("address");
    await context.sync();
    selection = splitAddress(selected.address)[1].replace(/\$/g, "");
  } catch {
    selection = null;
  }

  const sheetNames = sheets.items.map((s) => s.name);
  const nameEntry = (name, range, scope) => {
    const [sheetName, address] = splitAddress(range.address);
    const index = sheetNames.indexOf(sheetName);
    if (index < 0) return null;
    return {
      name: scope ? `${scope.name}!${name}` : name,
      sheet_index: index,
      address: address.replace(/\$/g, ""),
      book_scope: !scope,
      scope_sheet_name: scope ? scope.name : null,
      scope_sheet_index: scope ? scope.position : null,
    };
  };
  const names = bookRanges
    .filter((n) => !n.range.isNullObject)
    .map((n) => nameEntry(n.name, n.range, null));
  const payloadSheets = perSheet.map(({ sheet, blocks, tables, notes, names: scoped }) => {
    for (const n of scoped) {
      if (!n.range.isNullObject) names.push(nameEntry(n.name, n.range, sheet));
    }
    return {
      name: sheet.name,
      values: blocks.length
        ? blocks.flatMap((b) => withDates(b.values, b.numberFormatCategories))
        : [[]],
      pictures: [],
      tables: tables.map(({ table, ranges }) => ({
        name: table.name,
        range_address: splitAddress(ranges.range.address)[1],
        header_row_range_address: ranges.header ? splitAddress(ranges.header.address)[1] : null,
        data_body_range_address: splitAddress(ranges.body.address)[1],
        total_row_range_address: ranges.total ? splitAddress(ranges.total.address)[1] : null,
        show_headers: table.showHeaders,
        show_totals: table.showTotals,
        table_style: table.style,
        show_autofilter: table.showFilterButton,
      })),
      notes: notes.map((location) => ({ address: splitAddress(location.address)[1] })),
      notes_supported: withNotes,
    };
  });
  return {
    client: CLIENT,
    version,
    book: { name: workbook.name, active_sheet_index: active.position, selection },
    names: names.filter(Boolean),
    sheets: payloadSheets,
  };
}
