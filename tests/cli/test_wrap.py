"""The findings listing wraps exactly as textwrap would, whatever the message holds."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from s55xl.cli.wrap import fill

WORDS = st.sampled_from(["a", "word", "Recommendations!F2", "x" * 40, "-", "e-mail", "£5",
                         " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\x0b", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=40).map("".join) | st.text(max_size=200),
       st.integers(min_value=9, max_value=120), st.integers(min_value=0, max_value=8))
def test_fill_is_textwraps_fill(text, width, indent):
    pad = " " * indent
    assert fill(text, width, pad) == textwrap.fill(
        text, width, initial_indent=pad, subsequent_indent=pad, break_long_words=False,
        break_on_hyphens=False)


def test_a_message_wraps_at_the_width_under_its_indent():
    message = ("R1 20: Force response is blank, so the documents will say: \"This recommendation "
               "is addressed to the Home Office.\" Type a response if the force is doing more.")
    assert fill(message, 60, " " * 8).splitlines() == [
        "        R1 20: Force response is blank, so the documents",  # + " will" is 61
        "        will say: \"This recommendation is addressed to the",  # + " Home" is 63
        "        Home Office.\" Type a response if the force is doing",  # + " more." is 65
        "        more.",
    ]
