"""The local policing body is the commissioner *for an area*, never part of the force."""

from __future__ import annotations

import pytest

from s55xl import addressees
from s55xl.model import Settings


@pytest.mark.parametrize("body, area, title", [
    ("Police and Crime Commissioner", "Cumbria", "Police and Crime Commissioner for Cumbria"),
    ("Police, Fire and Crime Commissioner", "Essex",
     "Police, Fire and Crime Commissioner for Essex"),
    ("Police and Crime Commissioner", "", "Police and Crime Commissioner"),
    # Typed in full: used as typed.
    ("Mayor's Office for Policing and Crime", "London", "Mayor's Office for Policing and Crime"),
    ("Mayor of Greater Manchester", "Greater Manchester", "Mayor of Greater Manchester"),
    ("Police and Crime Commissioner for Cumbria", "Cumbria",
     "Police and Crime Commissioner for Cumbria"),
])
def test_the_title_is_built_from_the_body_and_the_area(body, area, title):
    settings = Settings(policing_body=body, police_area=area)
    assert settings.policing_body_title == title


def test_a_blank_pcc_action_fits_who_the_recommendation_is_for():
    standard = "I will monitor the Constabulary's progress through the Board."
    national = addressees.pcc_action_for("Home Office", standard, "the Constabulary",
                                         "Business Co-ordination Board")
    assert national.startswith("This recommendation is addressed to the Home Office, not to me.")
    assert "monitor the Constabulary's progress" not in national
    for local in ("Chief constables", "The Constabulary", None):
        assert addressees.pcc_action_for(local, standard, "the Constabulary", "Board",
                                         ("the Constabulary",)) == standard
