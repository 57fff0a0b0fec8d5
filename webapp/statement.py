"""The accessibility statement, in the form the Public Sector Bodies (Websites and Mobile
Applications) (No. 2) Accessibility Regulations 2018 expect (GOV.UK's model statement): what
meets WCAG 2.2 AA, what does not and why, how to report a problem, the enforcement procedure,
and how it was tested.

One text, shown in two places: the explorer's own page (``/accessibility``, linked at the foot
of every page) and ``docs/ACCESSIBILITY.md``; ``tests/test_browser_a11y.py`` checks that the
file holds this text, that the pages it says were tested are the app's pages, and that the
axe-core version it names is the one the test ran.
"""

from __future__ import annotations

import os

__all__ = ["AXE_VERSION", "CONTACT_ENV", "TESTED_ON", "statement_markdown", "contact_line"]

#: the axe-core release the automated test runs (axe-playwright-python ships it)
AXE_VERSION = "4.12.1"
#: when the explorer was last tested against the standard, and this statement reviewed
TESTED_ON = "7 December 2026"
#: set by the council running the explorer: who to tell about a problem
CONTACT_ENV = "PARTNERGRAPH_ACCESSIBILITY_CONTACT"

#: the pages the automated test runs axe on, by their titles (the test checks this list)
PAGES_TESTED = (
    "Network, Map, Activity matrix, Link health, Year report, Evaluate, Query, "
    "Costs & benefits, Documents, Conflicts, Strategy, Presentation, this statement and the sign-in page"
)

BODY = f"""\
This statement applies to partnergraph, the explorer of a council's international
partnerships: its web pages (the network, map, activity matrix, link health, reports,
evaluation, queries, costs, documents, conflicts, strategy and presentation pages, record
forms and cards)
and the board report it downloads. It is an intranet tool; the Public Sector Bodies (Websites
and Mobile Applications) (No. 2) Accessibility Regulations 2018 apply to it as to a public
website.

We want as many officers as possible to be able to use it. You should be able to:

- reach and use everything with a keyboard alone: a "Skip to main content" link comes first
  on every page, each page has a heading and a title naming it, and focus moves to a record's
  card when you choose one;
- use it with a screen reader: every control is named by its visible label, the network
  drawing is also given as a table of every node and relationship it shows, and each name in
  that table opens its card;
- tell the partnership tiers apart without colour: each is drawn in its own line pattern
  (thick, long dashes, short dashes, double, dots), and the legend names each pattern;
- put a form right from its error summary: on Query, in Evaluate's candidate form and in the
  forms that record a review or an activity, a wrong value brings a summary at the top of the
  form that takes focus and links to the box, the box is marked invalid and described by its
  message beside it, and the page's title begins "Error:";
- zoom the page to 400% and use it in a window 320 pixels wide;
- read text and controls whose contrast meets WCAG AA, and see where focus is (a ring of at
  least 3:1).

## How accessible this tool is

We know some parts are not fully accessible:

- The network drawing and the small query graph cannot themselves be panned, zoomed or
  explored by keyboard, and the pointer's tooltip appears only on hover. The table under the
  drawing ("The drawing as a table") gives the same nodes, relationships and facts, follows the
  same filters, focus and path, and opens any card by keyboard.
- Panning the drawing needs a dragging movement; the filters, the focus and the table do
  everything dragging does, without one.
- The map's markers and the activity matrix's cells cannot be reached by keyboard. Under each
  is its data as a table ("the data as a table": every partner link with its tier and
  distance; in the map's twin network view, every twin and twin of a twin with its country
  and whether it is drawn; every count of the matrix as a number), whose names open their
  cards by keyboard. The map's title says which view it draws.
- The charts themselves (the map, the matrix, the costs chart and Evaluate's chart of score
  ranges) are pictures: each is a named figure described by a line saying what it draws (on
  Evaluate, each candidate's total and its strongest and weakest criterion), with its data as
  a table under it.
- At 320 pixels wide the activity matrix's heat map and the costs chart keep their width and
  scroll sideways in their own box, as two-dimensional content may; their tables are under them.

## Feedback and contact information

If you find a problem not listed here, or need something in a different format, tell
{{contact}}. Say which page, what you were doing and what happened.

## Reporting accessibility problems with this tool

We are always looking to improve its accessibility. If you find any problems not listed on
this page or think we are not meeting accessibility requirements, contact {{contact}}.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
"accessibility regulations"). If you are not happy with how we respond to your complaint,
contact the [Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).
In Northern Ireland, contact the Equality Commission for Northern Ireland.

## Technical information about this tool's accessibility

The council is committed to making its websites and tools accessible, in accordance with the
Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

### Compliance status

This tool is partially compliant with the
[Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard,
due to the non-compliances listed below.

## Non-accessible content

### Non-compliance with the accessibility regulations

- The network drawing and the query graph cannot be operated by keyboard (WCAG 2.1.1
  Keyboard); the drawing's table is the keyboard route to everything it shows.
- Panning the drawing needs dragging (WCAG 2.5.7 Dragging Movements); the filters, focus and
  table are the single-pointer route.
- The map's markers and the matrix's cells cannot be reached by keyboard (WCAG 2.1.1); their
  tables are the keyboard route to the same partners and counts.

We plan to fix these in the explorer's next releases.

### Disproportionate burden

We are not claiming disproportionate burden for anything.

### Content that is not within the scope of the accessibility regulations

The register's source documents (council papers) are quoted and cited, not reproduced; where
the explorer links to one, it is the original publisher's document.

## What we are doing to improve accessibility

Every page and its main states (a card open, Evaluate comparing three candidates, Query with
rows, an open suggestion list and dropdown, a refused review, a window 320 pixels wide), the
downloaded board report and the year report are checked by an automated test that runs
axe-core in Chromium and fails on any serious or critical WCAG 2.0, 2.1 or 2.2 A or AA
violation. Keyboard journeys are tests too: finding Kent – Virginia and reading its card,
filtering to the strategic tier and reading the drawing as a table, comparing three
candidates, running a query and opening a row, and putting right a refused review from its
error summary, all without a mouse and with keys pressed as fast as the browser takes them.

## Preparation of this accessibility statement

This statement was prepared on {TESTED_ON}. It was last reviewed on {TESTED_ON}.

The tool was last tested on {TESTED_ON}, on the bundled register, by its developers: axe-core
{AXE_VERSION} in Chromium on every page ({PAGES_TESTED}) and the main states above, at 1440 and
320 pixels wide, with keyboard-only journeys and a look at screenshots at both widths.
"""

DEFAULT_CONTACT = (
    "the team that runs partnergraph for your council (the administrator names it here by "
    f"setting {CONTACT_ENV})"
)


def contact_line() -> str:
    """Who to tell about a problem: the council's own words, else who sets them."""
    return os.environ.get(CONTACT_ENV, "").strip() or DEFAULT_CONTACT


def statement_markdown(contact: str | None = None) -> str:
    """The statement's body (Markdown, headings from level 2), naming ``contact``."""
    return BODY.replace("{contact}", contact or contact_line())
