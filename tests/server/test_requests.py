"""What the server refuses, and how: each refusal one plain sentence with the right status.

xlwings' VBA client shows a non-200 body verbatim in a message box, so every refusal must be
short text for a person — never JSON and never a traceback.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import time

import pytest
import xlwings
from support.server import TOKEN


def one_sentence(answer) -> str:
    text = answer.text
    assert answer.headers["content-type"].startswith("text/plain"), answer.headers
    assert "\n" not in text.strip() and "Traceback" not in text and not text.startswith("{")
    assert text.startswith("s55xl: ")
    return text


def test_health_needs_no_token(server):
    answer = server.request("GET", "/health", token=None)
    assert answer.status == 200
    assert answer.json() == {"status": "ok", "s55xl": "0.1.0", "xlwings": xlwings.__version__}


def test_no_token_is_401(server, payload):
    answer = server.post("/validate", payload, token=None)
    assert answer.status == 401
    assert "carried no access token" in one_sentence(answer)
    assert "AUTH" in answer.text and "xlwings.conf" in answer.text


@pytest.mark.parametrize("header", ["Bearer wrong-token-1234567890", "wrong-token-1234567890",
                                    f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}"])
def test_a_wrong_token_is_403(server, payload, header):
    answer = server.post("/validate", payload, headers={"Authorization": header})
    assert answer.status == 403
    assert "was not accepted" in one_sentence(answer)


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}", TOKEN, "Bearer second-token-5e8a2b9c0d"])
def test_the_token_as_xlwings_sends_it(server, payload, header):
    """AUTH is sent verbatim: with or without "Bearer", any configured token."""
    answer = server.post("/validate", payload, headers={"Authorization": header})
    assert answer.status == 200, answer.text


def test_junk_is_400(server):
    answer = server.request("POST", "/validate", b"\x00not json{")
    assert answer.status == 400
    assert "not JSON" in one_sentence(answer)


@pytest.mark.parametrize("change, where", [
    (lambda p: p.pop("sheets"), "sheets: Field required"),
    (lambda p: p["book"].pop("name"), "book > name: Field required"),
    (lambda p: p["sheets"][1].update(values="A1"), "sheets > 1 > values"),
    (lambda p: p.update(sheets=[]), "sheets: List should have at least 1 item"),
])
def test_wrong_shape_is_400_naming_the_part(server, payload, change, where):
    change(payload)
    answer = server.post("/validate", payload)
    assert answer.status == 400
    assert where in one_sentence(answer)


def test_a_list_is_not_a_workbook(server):
    answer = server.request("POST", "/validate", b"[1, 2]")
    assert answer.status == 400 and "not a JSON object" in one_sentence(answer)


def test_a_name_on_a_missing_sheet_is_400(server, payload):
    payload["names"][0]["sheet_index"] = 99
    answer = server.post("/validate", payload)
    assert answer.status == 400 and "names a sheet it does not contain" in one_sentence(answer)


def test_another_xlwings_release_is_told_plainly(server, payload):
    payload["version"] = "0.30.0"
    answer = server.post("/update-deadlines", payload)
    assert answer.status == 400
    assert (f"macros come from xlwings 0.30.0, but the server runs xlwings "
            f"{xlwings.__version__}") in one_sentence(answer)


def test_oversized_by_content_length_is_413(start_server, payload):
    server = start_server(max_body=200_000)
    body = json.dumps(payload).encode() + b" " * 300_000
    answer = server.request("POST", "/validate", body)
    assert answer.status == 413
    assert "too large for the server" in one_sentence(answer)


def test_oversized_without_content_length_is_413(start_server, payload):
    """A chunked body is counted while it is read."""
    server = start_server(max_body=200_000)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    chunks = [b" " * 50_000] * 8
    conn.request("POST", "/validate", body=iter(chunks), encode_chunked=True,
                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 413
    assert b"too large" in response.read()
    conn.close()


def test_a_body_that_never_finishes_is_408(start_server):
    server = start_server(body_time_limit=0.5)
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"client\"")
        started = time.monotonic()
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply.split(b"\r\n\r\n", 1)[1]) < int(
                re.search(rb"content-length: (\d+)", reply, re.I).group(1)):
            chunk = sock.recv(65536)
            assert chunk, reply
            reply += chunk
        reply = reply.decode()
    assert reply.startswith("HTTP/1.1 408"), reply
    assert "took too long to reach the server" in reply
    assert time.monotonic() - started < 20


def test_a_button_over_the_time_limit_is_504(start_server, payload):
    server = start_server(time_limit=0.01)
    answer = server.post("/generate-all", payload)
    assert answer.status == 504
    assert "took longer than 0.01 seconds" in one_sentence(answer)
    assert "nothing in the workbook was changed" in answer.text


def test_unknown_address_and_wrong_method_are_sentences(server):
    assert server.request("GET", "/nothing").status == 404
    assert "/validate" in one_sentence(server.request("GET", "/nothing"))
    answer = server.request("GET", "/validate")
    assert answer.status == 405 and "POST" in one_sentence(answer)


def test_every_request_is_logged_without_cell_contents(server, payload, caplog):
    title = payload["sheets"][1]["values"][1][1]  # Reports!B2, the report's title
    assert len(title) > 20
    with caplog.at_level(logging.INFO, logger="s55xl.server"):
        ok = server.post("/validate", payload, headers={"X-S55XL-User": "j.smith"})
        refused = server.post("/validate", payload, token=None)
    assert ok.status == 200 and refused.status == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "s55xl.server"]
    assert any(line.startswith("team=governance user=j.smith workbook=tracker.xlsm "
                               "action=validate status=200 outcome=ok findings=0 documents=0 ms=")
               for line in lines), lines
    assert any("action=validate status=401 outcome=refused" in line for line in lines), lines
    assert all(title not in line for line in lines)
    assert all(r.created for r in caplog.records)  # each record carries its time
