"""Who a finding is addressed to, read from its wording (s55xl.addressees.infer)."""

from __future__ import annotations

import pytest

from s55xl import demo
from s55xl.addressees import infer, is_local


@pytest.mark.parametrize("rec", demo.RECOMMENDATIONS, ids=lambda r: r["ref"])
def test_the_demo_addressees(rec):
    assert infer(rec["recommendation"]) == rec["addressed_to"]


@pytest.mark.parametrize("text, expected", [
    ("We recommend that the Home Office should review funding.", "Home Office"),
    ("We recommend that the Ministry of Justice and the Department for Education should act.",
     "Ministry of Justice and Department for Education"),
    ("By 31 March 2021, chief constables should review their policies.", "Chief constables"),
    ("We recommend that PCCs should publish their plans.", "Police and crime commissioners"),
    ("Immediately, the NPCC should write to forces.", "NPCC"),
    ("We recommend that, by March 2022, the College of Policing should update guidance.",
     "College of Policing"),
    ("By September 2021, the Home Office, the NPCC and the College of Policing should meet.",
     "Home Office, NPCC and College of Policing"),
    ("Chief constables, working with the NPCC lead, should adopt the plan.", "Chief constables"),
    ("To address this cause of concern, we recommend that the constabulary should act:",
     "The force"),
    ("The force should improve how it supervises investigations.", "The force"),
    ("Within six months, forces should publish data.", "Forces"),
    ("In our view the police service should improve.", None),
    ("", None),
])
def test_addressees_from_wording(text, expected):
    assert infer(text) == expected


def test_the_force_answers_for_itself():
    assert is_local("The force") and is_local("Chief constables")
    assert not is_local("Home Office, NPCC and College of Policing")
