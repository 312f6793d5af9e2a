"""The s55(6) submission and the s55(4) request of a Welsh or bilingual office, read back with
the standard library's email package: everything s55xl writes in the office's language(s), in
order, and the languages named on the text (Content-Language)."""

from __future__ import annotations

from datetime import date, datetime
from email import policy
from email.parser import BytesParser

import pytest
from support.documents import load, rec, report, write_tracker

from s55xl.documents import submission

NOW = datetime(2020, 4, 20, 10)
# The English wording s55xl writes in these messages (not the names typed in the workbook).
ENGLISH = ("Section 55 response", "Please find attached", "the response of", "report ‘",
           "published on", "sent under section 55(6)", "Police Act", "It is published",
           "website", "Police and Crime Commissioner", "North Wales", "Request for comments",
           "invite your comments", "February", "March", "Friday", "the date agreed")


def pack(tmp_path, language, welsh_first="Yes", **settings):
    book = write_tracker(
        tmp_path / "t.xlsx",
        [report("R1", title_cy="Adroddiad R1", response_date=date(2020, 4, 20),
                cc_comments=None, pcc_comments_cy="Sylwadau.", pcc_response_cy="Ymateb.")],
        [rec("R1", "1", recommendation_cy="Argymhelliad.", force_response_cy="Ymateb.",
             pcc_action_cy="Cam.")],
        settings={"language": language, "welsh_first": welsh_first,
                  "police_area": "North Wales", "pcc_name": "Sam Taylor",
                  "home_office_email": "s55@homeoffice.example.gov.uk",
                  "hmicfrs_email": "s55@hmicfrs.example.gov.uk",
                  "chief_constable_email": "cc@police.example.uk", **settings})
    done = submission.pack(load(book), "R1", out_dir=tmp_path / "pack", today=date(2020, 3, 2),
                           base_dir=tmp_path, documents_dir=tmp_path / "docs", now=NOW)
    assert not done.refused, done.refused
    out = {}
    for path in done.written:
        if path.suffix == ".eml":
            with path.open("rb") as fh:
                out["s55(6)" if "s55(6)" in path.name else "s55(4)"] = \
                    BytesParser(policy=policy.default).parse(fh)
    assert set(out) == {"s55(4)", "s55(6)"}
    return out


def _written(msg) -> str:
    """Everything s55xl wrote into ``msg`` but the addresses: subject, text, attachment
    descriptions."""
    parts = [str(msg["Subject"]), msg.get_body(("plain",)).get_content()]
    for part in msg.iter_attachments():
        parts += [str(part.get("Content-Description", ""))]
    return "\n".join(parts)


@pytest.mark.parametrize("url", ["", "https://pcc.example.org/s55"])
def test_welsh_office_writes_both_messages_in_welsh(tmp_path, url):
    messages = pack(tmp_path, "Cymraeg", response_base_url=url)
    s55_6 = messages["s55(6)"]
    assert s55_6["Subject"] == "Ymateb adran 55: Adroddiad R1 – Gogledd Cymru"
    body = s55_6.get_body(("plain",)).get_content()
    assert body.startswith(
        "Amgaeir ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru i adroddiad HMICFRS "
        "‘Adroddiad R1’ (https://www.justiceinspectorates.gov.uk/hmicfrs/R1.pdf), a gyhoeddwyd "
        "ar 27 Chwefror 2020, a anfonir o dan adran 55(6) o Ddeddf yr Heddlu 1996. ")
    assert (f"Mae wedi’i gyhoeddi yn {url}." if url
            else "Mae wedi’i gyhoeddi ar ein gwefan.") in body
    assert body.endswith("\n\nSam Taylor\nComisiynydd Heddlu a Throseddu Gogledd Cymru\n")
    assert [p.get_filename() for p in s55_6.iter_attachments()] == ["R1 PCC response.pdf"]
    for name, msg in messages.items():
        text = _written(msg)
        for english in ENGLISH:
            assert english not in text, (name, english, text)
        assert msg.get_body(("plain",))["Content-Language"] == "cy-GB"


@pytest.mark.parametrize("welsh_first, order", [("Yes", ("cy-GB", "en-GB")),
                                                ("No", ("en-GB", "cy-GB"))])
def test_bilingual_office_writes_both_languages_in_order(tmp_path, welsh_first, order):
    messages = pack(tmp_path, "Bilingual", welsh_first)
    welsh = ("Ymateb adran 55: Adroddiad R1 – Gogledd Cymru",
             "Amgaeir ymateb Comisiynydd Heddlu a Throseddu Gogledd Cymru",
             "Cais am sylwadau o dan adran 55(4): Adroddiad R1 – Gogledd Cymru",
             "O dan adran 55(4) o Ddeddf yr Heddlu 1996")
    english = ("Section 55 response: Report R1 – North Wales",
               "Please find attached the response of the Police and Crime Commissioner for "
               "North Wales", "Request for comments under section 55(4): Report R1 – North Wales",
               "Under section 55(4) of the Police Act 1996")
    for msg in messages.values():
        text = _written(msg)
        pairs = [(text.index(cy), text.index(en)) for cy, en in zip(welsh, english, strict=True)
                 if cy in text or en in text]
        assert len(pairs) == 2  # the subject and the body's first sentence
        for cy, en in pairs:
            assert (cy < en) == (welsh_first == "Yes")
        assert msg.get_body(("plain",))["Content-Language"] == ", ".join(order)


def test_english_office_names_no_language(tmp_path):
    messages = pack(tmp_path, "English")
    assert messages["s55(6)"]["Subject"] == "Section 55 response: Report R1 – North Wales"
    for msg in messages.values():
        assert all(part["Content-Language"] is None for part in msg.walk())
