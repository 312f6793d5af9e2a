"""Welsh-only and bilingual responses, reopened with python-docx: both languages, in the
chosen order, each part tagged with its language."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from support.welsh import welsh_book

from s55xl import xlsx
from s55xl.documents.pipeline import generate

TODAY = date(2020, 4, 1)


def response(tmp_path, language, welsh_first="Yes"):
    book = welsh_book(tmp_path / "book.xlsx", language, welsh_first)
    result = generate(xlsx.load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    [made] = [d.path for d in result.documents if d.kind == "response"]
    return docx.Document(str(made))


def style_lang(style) -> str | None:
    while style is not None:
        rpr = style.element.rPr
        lang = rpr.find(qn("w:lang")) if rpr is not None else None
        if lang is not None:
            return lang.get(qn("w:val"))
        style = style.base_style
    return None


def default_lang(document) -> str:
    return document.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def position(lines, text):
    return next(i for i, line in enumerate(lines) if text in line)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    return response(tmp_path_factory.mktemp("bi"), "Bilingual")


def test_bilingual_response_has_both_languages_welsh_first(bilingual):
    lines = texts(bilingual)
    for welsh, english in [("Cyflwyniad", "Introduction"),
                           ("Sylwadau’r Comisiynydd.", "I welcome HMICFRS"),
                           ("Sylwadau’r Prif Gwnstabl.", "I welcome this thematic report"),
                           ("Cyhoeddi", "Publication"),
                           ("Ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru i adroddiad "
                            "HMICFRS “Amddiffyn plant”", "Response of the Police and Crime "
                            "Commissioner for North Wales to the HMICFRS report")]:
        assert position(lines, welsh) < position(lines, english), (welsh, english)
    assert "Cyhoeddodd Arolygiaeth Cwnstabliaeth a Gwasanaethau Tân ac Achub EF (HMICFRS) " \
           "“Amddiffyn plant” ar 27 Chwefror 2020." in "\n".join(lines)
    assert "y cyhoeddwyd yr adroddiad, sef erbyn 22 Ebrill 2020." in "\n".join(lines)
    assert "Mae’r adroddiad yn gwneud 6 argymhelliad." in "\n".join(lines)
    assert "The report makes 6 recommendations." in "\n".join(lines)


def test_each_part_carries_its_language(bilingual):
    assert bilingual.core_properties.language == "cy-GB"  # the first part's
    assert default_lang(bilingual) == "en-GB"  # the plain styles: the English part
    seen = set()
    for p in bilingual.paragraphs:
        if p.text.startswith(("Cyflwyniad", "Sylwadau’r Comisiynydd.", "Cyhoeddi")):
            assert style_lang(p.style) == "cy-GB", p.text
            seen.add("cy")
        if p.text.startswith(("Introduction", "I welcome HMICFRS", "Publication")):
            assert (style_lang(p.style) or default_lang(bilingual)) == "en-GB", p.text
            seen.add("en")
    assert seen == {"cy", "en"}


def test_recommendations_side_by_side_in_the_chosen_order(bilingual):
    [table] = bilingual.tables
    assert [c.text for c in table.rows[0].cells] == ["Cyf. / Ref", "Cymraeg", "English"]
    row = table.rows[1].cells
    assert row[0].text == "3.1"
    assert row[1].text.startswith("Argymhelliad\nArgymhelliad 3.1 (Cymraeg).\nYmateb yr heddlu")
    assert row[2].text.startswith("Recommendation\nWe recommend that the Home Office")
    for cell, tag in ((row[1], "cy-GB"), (row[2], "en-GB")):
        langs = {r._r.rPr.find(qn("w:lang")).get(qn("w:val")) for p in cell.paragraphs
                 for r in p.runs if r.text.strip()}
        assert langs == {tag}


def test_page_numbers_and_properties_in_both_languages(bilingual):
    footer = bilingual.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Tudalen 1 o ") and " · Page 1 of " in footer.text
    props = bilingual.core_properties
    assert props.title.startswith("DRAFFT – Ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru")
    assert " / DRAFT – Response of the Police and Crime Commissioner for North Wales" in props.title
    assert props.subject == ("Adran 55 Deddf yr Heddlu 1996 – Ymateb y Comisiynydd Heddlu a "
                             "Throseddu / Section 55 Police Act 1996 – PCC response")
    assert props.keywords.startswith("HMICFRS; adran 55; ")
    assert " / HMICFRS; section 55; " in props.keywords
    header = [p.text for p in bilingual.sections[0].first_page_header.paragraphs if p.text]
    assert header == ["Comisiynydd Heddlu a Throseddu Gogledd Cymru",
                      "Police and Crime Commissioner for North Wales", "DRAFFT / DRAFT"]


def test_english_first_when_welsh_first_is_no(tmp_path):
    document = response(tmp_path, "Bilingual", "No")
    lines = texts(document)
    assert position(lines, "Introduction") < position(lines, "Cyflwyniad")
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Ref / Cyf.", "English",
                                                                   "Cymraeg"]
    assert document.core_properties.language == "en-GB"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page 1 of ")


def test_welsh_only_response(tmp_path):
    """A Welsh-only response has the English one's layout, every word of it in Welsh: the
    four-column table, the statutory sentences, Welsh dates and page numbers."""
    document = response(tmp_path, "Cymraeg")
    lines = "\n".join(texts(document))
    assert "Cyflwyniad" in lines and "Introduction" not in lines
    assert "I welcome" not in lines and "Sylwadau’r Comisiynydd." in lines
    assert "Drafft a baratowyd 1 Ebrill 2020" in lines
    assert "Sylwadau Comisiynydd Heddlu a Throseddu Gogledd Cymru ar yr adroddiad" in lines
    assert "Mae’r adroddiad yn gwneud 6 argymhelliad." in lines
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Cyf.", "Argymhelliad", "Ymateb yr heddlu",
        "Camau Comisiynydd Heddlu a Throseddu Gogledd Cymru"]
    assert table.rows[1].cells[1].text == "Argymhelliad 3.1 (Cymraeg)."
    assert default_lang(document) == "cy-GB"
    assert document.core_properties.language == "cy-GB"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Tudalen 1 o ")
    for english in ("Recommendation", "Force response", "Page", "DRAFT", "section 55 of"):
        assert english not in lines, english


def test_english_office_keeps_the_english_response(tmp_path):
    document = response(tmp_path, "English")
    lines = "\n".join(texts(document))
    assert "Introduction" in lines and "Cyflwyniad" not in lines


def _struct_langs(node, found: set) -> set:
    node = node.get_object()
    if isinstance(node, dict):
        if "/Lang" in node:
            found.add(str(node["/Lang"]))
        if node.get("/K") is not None:
            _struct_langs(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            _struct_langs(child, found)
    return found


@pytest.mark.slow
@pytest.mark.requires("soffice")
@pytest.mark.parametrize(("language", "catalog", "tagged"), [
    ("Bilingual", "en-GB", {"cy-GB"}),  # English default, the Welsh parts tagged Welsh
    ("Cymraeg", "cy-GB", set()),
])
def test_pdf_language_tags(tmp_path, language, catalog, tagged):
    import pypdf

    book = welsh_book(tmp_path / "book.xlsx", language)
    result = generate(xlsx.load(book), out_dir=tmp_path / "out", formats=("pdf",), today=TODAY)
    [path] = [d.path for d in result.documents if d.kind == "response"]
    reader = pypdf.PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == catalog
    assert _struct_langs(root["/StructTreeRoot"], set()) >= tagged
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Tudalen 1 o " in text and "Cyflwyniad" in text
    assert ("Introduction" in text) == (language == "Bilingual")


def _numbered_text(docx_path, folder) -> list[str]:
    """The document as LibreOffice prints it to text: Word's list numbers included."""
    import subprocess

    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder / 'lo').as_uri()}",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(folder),
                    str(docx_path)], check=True, capture_output=True, timeout=180)
    text = (folder / (docx_path.stem + ".txt")).read_text(encoding="utf-8-sig")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _board_paper(tmp_path, language):
    book = welsh_book(tmp_path / "book.xlsx", language)
    result = generate(xlsx.load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    [made] = [d.path for d in result.documents if d.kind == "board_paper"]
    return made


@pytest.mark.requires("soffice")
def test_bilingual_board_paper_parallel_sections_numbered_by_word(tmp_path):
    """Each language's sections count on their own Word list, so both carry the same numbers
    and nothing is typed: 1. Diben / 1. Purpose, 3.1 / 3.1."""
    made = _board_paper(tmp_path, "Bilingual")
    document = docx.Document(str(made))
    assert not any(p.text.startswith(("1. ", "2. ", "3. ", "3.1")) for p in document.paragraphs)
    lines = _numbered_text(made, tmp_path)
    order = ["1. Diben", "1.1 Diben y papur hwn", "1. Purpose", "1.1 The purpose of this paper",
             "2. Cefndir", "2.1 Cyn pen 56 diwrnod", "2.2 Rhaid i’r ymateb:",
             "• Gael ei gyhoeddi;", "2.5 Cyhoeddwyd yr adroddiad ar 27 Chwefror 2020",
             "2. Background", "2.1 Within 56 days", "2.5 The report was published on",
             "3. Ymateb yr heddlu i’r argymhellion cenedlaethol",
             "3.1 Argymhelliad 3.1 (Cymraeg).", "3.6 Argymhelliad 3.6 (Cymraeg).",
             "3. Force response to the national recommendations",
             "3.1 We recommend that the Home Office"]
    found = [next(i for i, line in enumerate(lines) if line.startswith(text)) for text in order]
    assert found == sorted(found), list(zip(order, found, strict=True))
    assert "Ymateb yr heddlu: Ymateb yr heddlu 3.1 (Cymraeg)." in lines
    assert "Papur ar gyfer cyfarfod Business Co-ordination Board ar 14 Ebrill 2020 – Drafft a " \
           "baratowyd 1 Ebrill 2020" in lines
    heading = next(p for p in document.paragraphs if p.text == "Diben")
    assert style_lang(heading.style) == "cy-GB"
    assert document.core_properties.title.startswith("DRAFFT – HMICFRS Amddiffyn plant: ymateb "
                                                     "yr heddlu / DRAFT – HMICFRS National")


@pytest.mark.requires("soffice")
def test_welsh_only_board_paper_has_the_english_papers_layout(tmp_path):
    made = _board_paper(tmp_path, "Cymraeg")
    lines = _numbered_text(made, tmp_path)
    for text in ("1. Diben", "2. Cefndir", "2.2 Rhaid i’r ymateb:", "• Gael ei gyhoeddi;",
                 "2.3 Rhaid i’r ymateb gynnwys:", "3. Ymateb yr heddlu i’r argymhellion",
                 "3.1 Argymhelliad 3.1 (Cymraeg)."):
        assert any(line.startswith(text) for line in lines), text
    joined = "\n".join(lines)
    for english in ("Purpose", "Background", "The response must", "Force response", "Page"):
        assert english not in joined, english
    document = docx.Document(str(made))
    assert default_lang(document) == "cy-GB"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Tudalen 1 o ")


def test_board_paper_with_a_blank_welsh_cell_uses_the_english(tmp_path):
    book = welsh_book(tmp_path / "book.xlsx", "Cymraeg", blank=("Force response",))
    result = generate(xlsx.load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    assert {d.kind for d in result.documents} == {"board_paper"}  # the response is refused
    [made] = [d.path for d in result.documents]
    lines = texts(docx.Document(str(made)))
    assert any(line.startswith("Ymateb yr heddlu: The Constabulary") for line in lines)


def test_the_letterhead_names_the_office_in_each_language(bilingual):
    header = [p for p in bilingual.sections[0].first_page_header.paragraphs if p.text]
    welsh, english = header[0], header[1]
    assert welsh.text == "Comisiynydd Heddlu a Throseddu Gogledd Cymru"
    assert style_lang(welsh.style) == "cy-GB"
    assert (style_lang(english.style) or default_lang(bilingual)) == "en-GB"


def test_generate_warns_of_wording_missing_from_the_welsh_catalogue(tmp_path, monkeypatch):
    import shutil

    from s55xl.documents import i18n

    locale = tmp_path / "locale"
    shutil.copytree(i18n.locale_dir(), locale)
    po = locale / "cy" / "LC_MESSAGES" / "s55xl.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Cyhoeddi"', 'msgstr ""'),
                  encoding="utf-8")
    monkeypatch.setattr(i18n, "locale_dir", lambda: locale)
    book = welsh_book(tmp_path / "book.xlsx", "Bilingual")
    result = generate(xlsx.load(book), out_dir=tmp_path / "out", formats=("docx",), today=TODAY)
    [warning] = [f for f in result.findings if f.code == "welsh-wording-missing"]
    assert warning.severity == "warning" and warning.sheet == "Settings"
    assert warning.cell.startswith("B")
    assert "“Publication”" in warning.message and str(po) in warning.message
