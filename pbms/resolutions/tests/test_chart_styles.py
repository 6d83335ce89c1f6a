"""Plotly injects <style> elements on load unless the page already holds an element with their id; the CSP
(style-src 'self') refuses them with a console error. The chart pages carry every such id."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from pbms.core.staticfinders import PLOTLY_DIR

INJECTED = re.compile(r'getElementById\("([^"]+)"\)\)\{var (\w+)=document\.createElement\("style"\)')


def test_it_gives_the_chart_pages_every_id_that_stops_plotly_injecting_a_style() -> None:
    bundle = (PLOTLY_DIR / "plotly.min.js").read_text(encoding="utf-8")
    ids = {match[1] for match in INJECTED.finditer(bundle)}
    assert ids  # the pattern still finds plotly's injection (a new plotly may change it: read the console)
    styles = (Path(settings.BASE_DIR) / "templates" / "resolutions" / "_chart_styles.html").read_text(encoding="utf-8")
    assert sorted(i for i in ids if f'id="{i}"' not in styles) == []
    for page in ("dashboard.html", "breakdown.html"):
        text = (Path(settings.BASE_DIR) / "templates" / "resolutions" / page).read_text(encoding="utf-8")
        assert '{% include "resolutions/_chart_styles.html" %}' in text, page
