// A workbook behind Microsoft's `office-addin-mock`, for driving the add-in's real client code.
//
// The workbook's state (sheets of values with their number-format categories, fills, notes,
// tables, names) is plain data, loaded from a JSON file the Python side exports from a real
// .xlsx. Each Excel JavaScript API object the client asks for is an `OfficeMockObject`, so a
// property read before `load()` and `context.sync()` gives the mock's "not loaded" error, as in
// Excel. Writes the client makes by assigning properties (`range.values`, `fill.color`) reach
// the state at `context.sync()`; methods (`notes.add`, `tables.getItemAt(i).resize`, …) are
// queued and also applied at `context.sync()`, in order.

import { OfficeMockObject } from "office-addin-mock";

export function colIndex(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function colLetters(index) {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// "$B$3:$D$9" -> {row, col, rows, cols} (0-based)
export function parseA1(address) {
  const [a, b = a] = address.replace(/\$/g, "").split(":");
  const p = (x) => {
    const m = /^([A-Z]+)(\d+)$/.exec(x);
    return [Number(m[2]) - 1, colIndex(m[1])];
  };
  const [r1, c1] = p(a);
  const [r2, c2] = p(b);
  return { row: r1, col: c1, rows: r2 - r1 + 1, cols: c2 - c1 + 1 };
}

export function a1(row, col, rows = 1, cols = 1) {
  const first = `$${colLetters(col)}$${row + 1}`;
  if (rows === 1 && cols === 1) return first;
  return `${first}:$${colLetters(col + cols - 1)}$${row + rows}`;
}

function quoted(name) {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function splitRef(address) {
  const bang = address.lastIndexOf("!");
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return [sheet, address.slice(bang + 1)];
}

// What Excel shows for a value written into a cell: a HYPERLINK formula shows its friendly
// name (the only formula s55xl writes); anything else shows as written.
export function evaluate(value) {
  const link = typeof value === "string" && /^=HYPERLINK\(".*","(.*)"\)$/.exec(value);
  return link ? link[1].replace(/""/g, '"') : value;
}

export class MockWorkbook {
  // data: {name, active, selection, sheets: [{name, values, categories, tables, notes}], names}
  constructor(data) {
    this.name = data.name;
    this.active = data.active || 0;
    this.selection = data.selection || "A1";
    this.sheets = data.sheets.map((s) => ({
      name: s.name,
      values: s.values.map((r) => r.slice()),
      categories: (s.categories || s.values.map((r) => r.map(() => "General"))).map((r) => r.slice()),
      fills: new Map(),
      notes: new Map(Object.entries(s.notes || {})),
      tables: (s.tables || []).map((t) => ({ ...t })),
    }));
    this.names = (data.names || []).map((n) => ({ ...n }));
    this.syncs = 0;
    this.log = [];
  }

  sheet(name) {
    return this.sheets.find((s) => s.name === name);
  }

  // The cell's value as Excel holds it ("" for empty).
  cell(sheetName, address) {
    const { row, col } = parseA1(address);
    const values = this.sheet(sheetName).values;
    return values[row] && values[row][col] !== undefined ? values[row][col] : "";
  }

  setCell(sheetName, address, value) {
    const { row, col } = parseA1(address);
    this.write(this.sheet(sheetName), row, col, [[value]]);
  }

  fill(sheetName, address) {
    return this.sheet(sheetName).fills.get(address.replace(/\$/g, "")) || null;
  }

  note(sheetName, address) {
    const notes = this.sheet(sheetName).notes;
    return notes.has(address.replace(/\$/g, "")) ? notes.get(address.replace(/\$/g, "")) : null;
  }

  // Rows of a sheet from row 2 (below the headers) until the first blank one.
  rows(sheetName) {
    const values = this.sheet(sheetName).values;
    const out = [];
    for (let r = 1; r < values.length; r++) {
      if (values[r].every((v) => v === "" || v === null)) break;
      out.push(values[r]);
    }
    return out;
  }

  write(sheet, row, col, values) {
    values.forEach((line, i) => {
      while (sheet.values.length <= row + i) sheet.values.push([]);
      while (sheet.categories.length <= row + i) sheet.categories.push([]);
      line.forEach((v, j) => {
        const target = sheet.values[row + i];
        while (target.length < col + j) target.push("");
        target[col + j] = v === null ? "" : evaluate(v);
        sheet.categories[row + i][col + j] = "General";
      });
    });
    const width = Math.max(...sheet.values.map((r) => r.length));
    sheet.values.forEach((r) => { while (r.length < width) r.push(""); });
    sheet.categories.forEach((r) => { while (r.length < width) r.push("General"); });
  }

  usedBox(sheet) {
    let lastRow = -1;
    let lastCol = -1;
    sheet.values.forEach((r, i) => r.forEach((v, j) => {
      if (v !== "" && v !== null) {
        lastRow = Math.max(lastRow, i);
        lastCol = Math.max(lastCol, j);
      }
    }));
    if (lastRow < 0) return null;
    let firstRow = lastRow;
    let firstCol = lastCol;
    sheet.values.forEach((r, i) => r.forEach((v, j) => {
      if (v !== "" && v !== null) {
        firstRow = Math.min(firstRow, i);
        firstCol = Math.min(firstCol, j);
      }
    }));
    return { row: firstRow, col: firstCol, rows: lastRow - firstRow + 1, cols: lastCol - firstCol + 1 };
  }

  // The `Excel` global for the client: Excel.run(callback) with a fresh request context.
  excel() {
    return { run: async (callback) => callback(new Context(this)) };
  }
}

class Context {
  constructor(book) {
    this.book = book;
    this.created = [];
    this.queue = [];
    this.workbook = this.workbookObject();
  }

  track(mock) {
    this.created.push(mock);
    return mock;
  }

  // A mock whose properties must be loaded and synced before they are read.
  lazy(data, extra = {}) {
    const mock = this.track(new OfficeMockObject(data));
    Object.assign(mock, extra);
    return mock;
  }

  // A collection: `load("items/…")` loads `items` (office-addin-mock navigates only objects).
  collection(itemsFn, methods = {}) {
    const mock = this.track(new OfficeMockObject({ items: [] }));
    mock.__itemsFn = itemsFn;
    mock.load = function load() {
      OfficeMockObject.prototype.load.call(this, "items");
      this.__loadPending = true;
      return this;
    };
    Object.assign(mock, methods);
    return mock;
  }

  async sync() {
    this.book.syncs += 1;
    for (const run of this.queue.splice(0)) run();
    for (const mock of this.created) {
      if (mock.__range) this.flushRange(mock);
      if (mock.__loadPending && mock.__itemsFn) {
        mock._properties.get("items")._valueBeforeLoaded = mock.__itemsFn();
        mock.__loadPending = false;
      }
      await mock.sync();
      if (mock.__range) mock.__seen = { values: mock.values, color: mock.format.fill.color };
    }
  }

  flushRange(mock) {
    const { sheet, box } = mock.__range;
    const seen = mock.__seen || {};
    if (Array.isArray(mock.values) && mock.values !== seen.values && mock.values !== mock.__initialValues) {
      this.book.write(sheet, box.row, box.col, mock.values);
      this.book.log.push(["setValues", sheet.name, a1(box.row, box.col, box.rows, box.cols)]);
      mock.__initialValues = mock.values;
    }
    const color = mock.format.fill.color;
    if (typeof color === "string" && color.startsWith("#") && color !== seen.color && color !== mock.__initialColor) {
      for (let i = 0; i < box.rows; i++) {
        for (let j = 0; j < box.cols; j++) sheet.fills.set(a1(box.row + i, box.col + j).replace(/\$/g, ""), color);
      }
      mock.__initialColor = color;
    }
  }

  rangeObject(sheet, box) {
    const book = this.book;
    const values = [];
    const categories = [];
    for (let i = 0; i < box.rows; i++) {
      values.push([]);
      categories.push([]);
      for (let j = 0; j < box.cols; j++) {
        const row = sheet.values[box.row + i] || [];
        values[i].push(row[box.col + j] !== undefined ? row[box.col + j] : "");
        const cats = sheet.categories[box.row + i] || [];
        categories[i].push(cats[box.col + j] || "General");
      }
    }
    const context = this;
    const mock = this.lazy({
      address: `${quoted(sheet.name)}!${a1(box.row, box.col, box.rows, box.cols)}`,
      rowIndex: box.row,
      columnIndex: box.col,
      rowCount: box.rows,
      columnCount: box.cols,
      values,
      numberFormatCategories: categories,
      format: {
        fill: {
          color: "#FFFFFF",
          clear() {
            context.queue.push(() => {
              for (let i = 0; i < box.rows; i++) {
                for (let j = 0; j < box.cols; j++) sheet.fills.delete(a1(box.row + i, box.col + j).replace(/\$/g, ""));
              }
              book.log.push(["clearFill", sheet.name, a1(box.row, box.col, box.rows, box.cols)]);
            });
          },
        },
      },
      select() {
        context.queue.push(() => { book.selection = `${sheet.name}!${a1(box.row, box.col, box.rows, box.cols)}`; });
      },
    });
    mock.isNullObject = false;
    mock.__range = { sheet, box };
    mock.__initialValues = mock._properties.get("values")._valueBeforeLoaded;
    mock.__initialColor = "#FFFFFF";
    return mock;
  }

  nullRange() {
    const mock = this.lazy({ address: "", rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0 });
    mock.isNullObject = true;
    return mock;
  }

  tableObject(sheet, table, index) {
    const context = this;
    const box = parseA1(table.range_address);
    const mock = new OfficeMockObject({
      name: table.name,
      showHeaders: table.show_headers !== false,
      showTotals: !!table.show_totals,
      style: table.table_style || "TableStyleMedium2",
      showFilterButton: table.show_autofilter !== false,
      getRange: () => context.rangeObject(sheet, parseA1(table.range_address)),
      getHeaderRowRange: () => context.rangeObject(sheet, { ...parseA1(table.range_address), rows: 1 }),
      getDataBodyRange: () => {
        const b = parseA1(table.range_address);
        return context.rangeObject(sheet, { ...b, row: b.row + 1, rows: Math.max(1, b.rows - 1) });
      },
      getTotalRowRange: () => context.rangeObject(sheet, { ...box, row: box.row + box.rows - 1, rows: 1 }),
      resize: (address) => {
        context.queue.push(() => {
          table.range_address = address;
          context.book.log.push(["resizeTable", sheet.name, index, address]);
        });
      },
    });
    mock.load();
    mock.sync();
    return mock;
  }

  noteObject(sheet, address) {
    const context = this;
    const key = address.replace(/\$/g, "");
    const mock = new OfficeMockObject({
      getLocation: () => context.rangeObject(sheet, parseA1(key)),
      delete: () => context.queue.push(() => {
        if (!sheet.notes.has(key)) throw new Error(`ItemNotFound: no note on ${key}`);
        sheet.notes.delete(key);
        context.book.log.push(["deleteNote", sheet.name, key]);
      }),
    });
    Object.defineProperty(mock, "content", {
      get: () => sheet.notes.get(key),
      set: (text) => context.queue.push(() => { sheet.notes.set(key, text); }),
    });
    return mock;
  }

  worksheetObject(sheet) {
    const context = this;
    const book = this.book;
    const names = this.collection(() => book.names
      .filter((n) => n.scope === sheet.name)
      .map((n) => this.nameObject(n)));
    const tables = this.collection(() => sheet.tables.map((t, i) => this.tableObject(sheet, t, i)), {
      getItemAt: (i) => this.tableObject(sheet, sheet.tables[i], i),
    });
    const notes = this.collection(() => [...sheet.notes.keys()].map((k) => this.noteObject(sheet, k)), {
      add: (range, text) => {
        context.queue.push(() => {
          const key = range.__range.box;
          const address = a1(key.row, key.col).replace(/\$/g, "");
          if (sheet.notes.has(address)) throw new Error(`InvalidArgument: ${address} already has a note`);
          sheet.notes.set(address, text);
          book.log.push(["addNote", sheet.name, address]);
        });
      },
      getItem: (address) => this.noteObject(sheet, address),
    });
    const mock = new OfficeMockObject({
      name: sheet.name,
      position: book.sheets.indexOf(sheet),
      getUsedRangeOrNullObject: () => {
        const box = book.usedBox(sheet);
        return box ? this.rangeObject(sheet, box) : this.nullRange();
      },
      getRangeByIndexes: (row, col, rows, cols) => this.rangeObject(sheet, { row, col, rows, cols }),
      getRange: (address) => this.rangeObject(sheet, parseA1(address)),
      activate: () => context.queue.push(() => { book.active = book.sheets.indexOf(sheet); }),
    });
    mock.load();
    mock.sync();
    mock.tables = tables;
    mock.names = names;
    mock.notes = notes;
    Object.defineProperty(mock, "position", {
      get: () => book.sheets.indexOf(sheet),
      set: (p) => context.queue.push(() => {
        book.sheets.splice(book.sheets.indexOf(sheet), 1);
        book.sheets.splice(p, 0, sheet);
      }),
    });
    return mock;
  }

  nameObject(n) {
    const context = this;
    const mock = new OfficeMockObject({
      name: n.name,
      type: "Range",
      getRangeOrNullObject: () => {
        const [sheetName, address] = splitRef(n.ref);
        const sheet = context.book.sheet(sheetName);
        return sheet ? context.rangeObject(sheet, parseA1(address)) : context.nullRange();
      },
    });
    mock.load();
    mock.sync();
    return mock;
  }

  workbookObject() {
    const book = this.book;
    const context = this;
    const worksheets = this.collection(() => book.sheets.map((s) => this.worksheetObject(s)), {
      getActiveWorksheet: () => {
        const m = this.lazy({ position: book.active });
        return m;
      },
      getItem: (name) => this.worksheetObject(book.sheet(name)),
      add: (name) => {
        const sheet = { name, values: [[]], categories: [[]], fills: new Map(), notes: new Map(), tables: [] };
        book.sheets.push(sheet);
        book.log.push(["addSheet", name]);
        return this.worksheetObject(sheet);
      },
    });
    const names = this.collection(() => book.names.filter((n) => !n.scope).map((n) => this.nameObject(n)));
    const workbook = this.lazy({
      name: book.name,
      getSelectedRange: () => {
        const [sheetName, address] = book.selection.includes("!")
          ? splitRef(book.selection)
          : [book.sheets[book.active].name, book.selection];
        return context.rangeObject(book.sheet(sheetName), parseA1(address));
      },
    });
    workbook.worksheets = worksheets;
    workbook.names = names;
    return workbook;
  }
}
