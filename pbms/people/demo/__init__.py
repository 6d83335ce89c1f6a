"""The people of the demo province: party members in every cell, leaders with their posts and
management categories, the terms and bodies of the committees, training; deterministic for a seed.

``DemoPeople`` (``writer``) listens to ``pbms.orgs.demo.load_demo_province``: after each chunk of the
tree (one level-2 committee) it reads the chunk's organisations back and writes their people in bulk,
in the load's transaction, one audit row per chunk. Memory holds one batch of people and the chunk's
leaders, so the ``national`` size (5.5 million members) streams like the others.

- ``names``: Vietnamese names (family names with their frequencies, middle names by gender and
  generation, ethnic minorities' names);
- ``profiles``: how the districts differ, in three tiers, so that seed 000's targets are met in some
  districts and missed in others;
- ``people``: members and their membership's events and cell rows, with the lifecycle services'
  semantics; CCCD, số lý lịch and card numbers unique across the load;
- ``leaders``: posts, the people who hold them (exact shares per district), terms, bodies, seats and
  training;
- ``tree``: the chunk's organisations as the database holds them.
"""

from __future__ import annotations

from pbms.people.demo.people import END
from pbms.people.demo.writer import BATCH_SIZE, MEMBERS_BY_SIZE, DemoPeople

__all__ = ["BATCH_SIZE", "END", "MEMBERS_BY_SIZE", "DemoPeople"]
