"""The built-in example: the NCPI 2019 thematic report and the force's Board paper on it.

The report, its six national recommendations, the force responses and the signatories are those
of the published Board paper the product is modelled on; the summary is the PCC's web page. The
PCC and Chief Constable comments and the PCC's actions are illustrative text written for the
demonstration (the reference paper does not include them), under an illustrative PCC name.
"""

from __future__ import annotations

from datetime import date

REPORT_ID = "NCPI-2019"
# `s55xl demo` shows the deadlines as they stood on this day, inside the report's 56 days, so
# the example reads as it did for the team that worked on it.
DEMO_TODAY = date(2020, 4, 1)

REPORT = {
    "report_id": REPORT_ID,
    "title": "National Child Protection Inspections 2019 Thematic Report",
    "inspectorate": "HMICFRS",
    "report_type": "National thematic",
    "published": date(2020, 2, 27),
    "report_url": ("https://www.justiceinspectorates.gov.uk/hmicfrs/wp-content/uploads/"
                   "national-child-protection-inspections-2019-thematic-report.pdf"),
    "summary": (
        "In 2014, HMICFRS began a national programme of child protection inspections. The "
        "purpose of these inspections were to examine the effectiveness of the decisions made "
        "by the police at each stage of their interactions with or for children, from initial "
        "contact through to the investigation of offences against them. HMICFRS also "
        "scrutinised the treatment of children in custody, and assessed how forces are "
        "structured, led and governed, in relation to their child protection services.\n"
        "In 2015, HMICFRS published their first thematic report which summarised the findings "
        "of the first eight of these inspections along with the findings of a further 13 "
        "inspections that were undertaken either alone or with other agencies, and which had a "
        "child protection theme.\n"
        "Since then, HMICFRS has:\n"
        "• undertaken a further 17 child protection inspections of individual forces;\n"
        "• completed 21 reviews of forces to assess their progress against the recommendations "
        "made during the initial child protection inspections;\n"
        "• along with Ofsted, the Care Quality Commission and Her Majesty’s Inspectorate of "
        "Probation launched the joint targeted area inspections (JTAI) of child protection. "
        "These short, focused inspections consider the effectiveness of statutory partnership "
        "arrangements for the protection of children. Since 2016, HMICFRS has published 26 "
        "reports about our findings from these inspections.\n"
        "Together, these reports provide a powerful analysis of how well police forces serve "
        "the needs of vulnerable children. This report aims to build on the findings of the "
        "previous report by exploring the key themes identified by the evidence we have "
        "gathered from all 64 inspections, and considers the ways in which the police service, "
        "its safeguarding partners and the government need to adapt and respond in order to "
        "meet the challenges they face."),
    "cc_comments": (
        "I welcome this thematic report and the clear picture it gives of how police forces "
        "serve vulnerable children. The Constabulary has considered each recommendation. Where "
        "recommendations are addressed to chief constables, the actions set out below are "
        "under way and are overseen by the Head of Crime and the Head of Public Protection."),
    "pcc_comments": (
        "I welcome HMICFRS' thematic report on child protection. Protecting children from harm "
        "is a priority of my Police and Crime Plan, and I am pleased that the Constabulary "
        "works closely with its safeguarding partners through the Multi-Agency Safeguarding "
        "Hub. I will continue to monitor the Constabulary's progress through the Business "
        "Co-ordination Board."),
    "pcc_response": (
        "I am satisfied that the Chief Constable has set out appropriate actions for the "
        "recommendations addressed to chief constables, and I will seek assurance on their "
        "progress at future meetings of the Business Co-ordination Board."),
    "board_date": None,
    "response_published": None,
    "lead_officer": "Head of Crime",
}

AWAIT = "The Constabulary will await further information."
# Section 55(5B): the PCC's own action on each recommendation (illustrative, like the comments).
NOTE_NATIONAL = ("This recommendation is not addressed to me. I will consider its implications "
                 "for policing in the area with the Chief Constable once the response to it is "
                 "known.")
PCC_ACTIONS = {
    "3.1": NOTE_NATIONAL,
    "3.2": NOTE_NATIONAL,
    "3.3": ("I will hold the Chief Constable to account for the work with the Multi-Agency "
            "Safeguarding Hub to keep children out of the criminal justice system, through the "
            "Business Co-ordination Board, and my office will review the use of out-of-court "
            "disposals for children through its scrutiny panel."),
    "3.4": NOTE_NATIONAL,
    "3.5": ("I will ask the Chief Constable to report the findings of the multi-agency and "
            "internal audits of child protection decisions to the Business Co-ordination Board "
            "twice a year."),
    "3.6": ("I will seek assurance at the Business Co-ordination Board that the "
            "self-assessment is completed and that its learning is acted on."),
}

RECOMMENDATIONS = [
    {
        "ref": "3.1", "type": "Recommendation", "addressed_to": "Home Office",
        "recommendation": (
            "We recommend that the Home Office jointly with other government departments "
            "considers the development of a new national early help and prevention strategy to "
            "more effectively address the root causes of harm for vulnerable children. The "
            "purpose of such a strategy should be to ensure agencies work together as part of a "
            "coherent whole system approach to recognise and respond to the earliest indicators "
            "of risk and vulnerability in order to prevent escalating and cumulative trauma."),
        "force_response": f"This recommendation is addressed to the Home Office. {AWAIT}",
        "owner": "Head of Crime", "status": "Awaiting others",
    },
    {
        "ref": "3.2", "type": "Recommendation",
        "addressed_to": "Ministry of Justice and Department for Education",
        "recommendation": (
            "We recommend that the Ministry of Justice and Department for Education undertake a "
            "review of the current provision of intermediaries and the extent to which social "
            "workers undertake interviews of children with the Police."),
        "force_response": ("This recommendation is addressed to the Ministry of Justice and "
                           f"Department for Education. {AWAIT}"),
        "owner": "Head of Crime", "status": "Awaiting others",
    },
    {
        "ref": "3.3", "type": "Recommendation", "addressed_to": "Chief constables",
        "recommendation": (
            "We recommend that chief constables take steps to reduce the unnecessary "
            "criminalisation of children. Such steps could include (but don’t need to be "
            "limited to) considering fully a child’s circumstances when making decisions; more "
            "effective use of legislation to discontinue prosecutions not in the public (or "
            "child’s) interest; the development of more effective non-criminal justice pathways "
            "for vulnerable children who commit lower level crimes."),
        "force_response": (
            "The Constabulary is committed to safeguarding children and vulnerable adults from "
            "criminal exploitation. The Multi-Agency Safeguarding Hub (MASH) and Missing "
            "Exploited Trafficked (MET) Hub work alongside partners in social care, health and "
            "education to engage with children believed to be at risk of, or currently being "
            "subjected to, exploitation to investigate and safeguard. This is a developing area "
            "across the partnership and work is ongoing to improve our understanding and "
            "response to exploitation, focusing on early intervention and prevention to reduce "
            "harm, and ensure that children are not unnecessarily criminalised."),
        "owner": "Head of PVP", "status": "In progress",
    },
    {
        "ref": "3.4", "type": "Recommendation",
        "addressed_to": "Home Office and Department for Education",
        "recommendation": (
            "We recommend that the Home Office and Department for Education undertakes a review "
            "of the unnecessary detention of children. This review should include an assessment "
            "of the effectiveness of the 2017 National Custody Concordat, the provision of "
            "alternative accommodation, the provision of appropriate adult services and the use "
            "bail by the police."),
        "force_response": ("This recommendation is addressed to the Home Office and Department "
                           f"for Education. {AWAIT}"),
        "owner": "Head of Crime", "status": "Awaiting others",
    },
    {
        "ref": "3.5", "type": "Recommendation", "addressed_to": "Chief constables",
        "recommendation": (
            "We recommend that chief constables should review performance management and "
            "quality assurance approaches to ensure that assessments of the nature and quality "
            "of decision making are routinely made. The purpose of this would be to reinforce "
            "the understanding that compliance with policy or process is only one part of "
            "effective practice."),
        "force_response": (
            "The Constabulary participates in regular multi-agency audits to scrutinise decision "
            "making in child protection matters and understand service delivery across the "
            "partnership, these include an assessment on the outcome for the child. The force "
            "also conducts regular internal audits through the Missing From Home and Domestic "
            "Abuse Scrutiny Groups, which include cases relating to child safeguarding, to "
            "identify good practice and learning needs. These processes will continue to be "
            "developed to ensure they capture ways in which decision making and child "
            "protection practice can improve."),
        "owner": "Head of PVP", "status": "In progress",
    },
    {
        "ref": "3.6", "type": "Recommendation", "addressed_to": "Chief constables",
        "recommendation": (
            "We recommend that chief constables of those forces not yet inspected by the NCPI or "
            "JTAI take steps to identify and implement good practice and the learning "
            "highlighted from these programmes. This may include engaging with those forces who "
            "have been inspected, direct contact with the HMICFRS child protection lead or "
            "participating in a regional or national learning event."),
        "force_response": (
            "The Constabulary is using HMICFRS guidance to conduct a self-assessment of the "
            "effectiveness of the force and its response to child protection including "
            "leadership, management and governance, and the experiences, progress and outcomes "
            "for children."),
        "owner": "Head of PVP", "status": "In progress",
    },
]
for _rec in RECOMMENDATIONS:
    _rec["report_id"] = REPORT_ID
    _rec["pcc_action"] = PCC_ACTIONS[_rec["ref"]]

SIGNATORIES = [
    {"report_id": REPORT_ID, "name": "Mark GREENHALGH", "rank": "Detective Chief Superintendent",
     "role": "Head of Crime", "order": 1},
    {"report_id": REPORT_ID, "name": "Laura KOSCIKIEWICZ", "rank": "Detective Superintendent",
     "role": "Head of PVP", "order": 2},
    {"report_id": REPORT_ID, "name": "Alice THOMPSON", "rank": None,
     "role": "CDD Governance & Inspection Assistant", "order": 3},
]

# The letterhead's pictures, drawn by write_pictures beside the demo workbook.
LOGO_FILE = "demo-logo.png"
SIGNATURE_FILE = "demo-signature.png"

SETTINGS = {
    "force_name": "the Constabulary",
    "force_full_name": "Cumbria Constabulary",
    "police_area": "Cumbria",
    "logo": LOGO_FILE,
    "signature_image": SIGNATURE_FILE,
    "office_address": ("Office of the Police and Crime Commissioner\nExample House\n"
                       "Penrith\nCA10 0XX"),
    "policing_body": "Police and Crime Commissioner",
    "pcc_name": "Sam Taylor",
    "pcc_possessive": "his",
    "board_name": "Business Co-ordination Board",
    "board_short_name": "the Board",
    "board_schedule": "FREQ=MONTHLY;BYDAY=+2TU",
}


def write_pictures(folder) -> list:
    """Draw the demo's illustrative logo and signature as PNG files in ``folder`` (the
    workbook's folder, where the Logo and Signature image settings find them); returns their
    paths. Drawn, not shipped: the demo office is illustrative."""
    from pathlib import Path

    from PIL import Image, ImageDraw

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    logo = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(logo)
    navy = (31, 56, 100)
    # A shield and the office's initials.
    draw.polygon([(20, 20), (160, 20), (160, 110), (90, 185), (20, 110)], fill=navy)
    draw.polygon([(45, 45), (135, 45), (135, 100), (90, 150), (45, 100)], fill=(255, 221, 0))
    draw.rectangle((185, 60, 585, 66), fill=navy)
    draw.rectangle((185, 130, 585, 136), fill=navy)
    font = _font(52)
    draw.text((190, 72), "Cumbria PCC", fill=navy, font=font)
    signature = Image.new("RGB", (500, 160), "white")
    pen = ImageDraw.Draw(signature)
    ink = (20, 30, 90)
    points = [(20 + x * 4.6, 95 - 38 * _wave(x)) for x in range(100)]
    pen.line(points, fill=ink, width=5, joint="curve")
    pen.line([(60, 130), (440, 118)], fill=ink, width=3)
    paths = [folder / LOGO_FILE, folder / SIGNATURE_FILE]
    logo.save(paths[0], "PNG")
    signature.save(paths[1], "PNG")
    return paths


def _wave(x: int) -> float:
    import math

    return math.sin(x / 6.0) * (1.0 - x / 140.0) + 0.3 * math.sin(x / 2.3)


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow before 10.1 has one fixed-size default font
        return ImageFont.load_default()
