"""The charts' data as JSON for an element's ``data-values`` attribute (static/js/charts.js reads it).

Not ``json_script``: the charts arrive in htmx partials and htmx drops their script elements (the CSP turns
``allowScriptTags`` off). The result is a plain string, so autoescaping makes it safe inside the quoted
attribute, and the browser gives the script the JSON back unescaped."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def chart_data(value: Any) -> str:
    return json.dumps(value)
