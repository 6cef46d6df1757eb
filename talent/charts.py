"""Charts as SVG rendered on the server (pygal), shown inline on the page.

No JavaScript: pygal's tooltip script is switched off (``js=[]``), so nothing is
loaded from a CDN and the CSP (scripts from our origin only) holds. The SVG carries its
own ``<style>`` (allowed by the CSP's ``style-src 'unsafe-inline'``). Each chart has a
title, and every page shows the same numbers as a table beside it: the chart is
``aria-hidden`` for screen readers, which read the table.
"""

import functools
import hashlib
import json

import pygal
from django.core.cache import cache
from django.utils.safestring import mark_safe
from pygal.style import Style

# Rendering one chart takes pygal 50-300 ms; the same figures (they change once an hour,
# when the beat rebuilds them) give the same SVG, kept in the shared cache.
CHART_CACHE_SECONDS = 24 * 3600


def _cached(render):
    @functools.wraps(render)
    def wrapped(*args, **kwargs):
        # The labels arrive translated: the key covers the language too.
        key = json.dumps([render.__name__, args, kwargs], default=str, sort_keys=True).encode()
        key = f"chart:{hashlib.sha256(key).hexdigest()}"
        svg = cache.get(key)
        if svg is None:
            svg = render(*args, **kwargs)
            cache.set(key, str(svg), CHART_CACHE_SECONDS)
        return mark_safe(svg)  # noqa: S308 -- rendered by pygal, which escapes the text

    return wrapped


# The portal's colours (static/css/site.css): West Bund teal first.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0f766e", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f", "#6d28d9", "#475569"),
    font_family="system-ui, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    legend_font_size=12,
)
CONFIG = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "width": 640,
    "height": 320,
    "show_legend": False,
    "print_values": True,
    "margin": 12,
    "no_data_text": "",
}


def _without_scripts(root):
    """pygal writes its configuration (titles and labels included) into an inline
    ``<script>`` even with ``js=[]``: the CSP would refuse it, and labels are data."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _svg(chart) -> str:
    chart.add_xml_filter(_without_scripts)
    svg = chart.render(is_unicode=True)
    # Decorative for assistive technology: the table beside it says the same.
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308 -- pygal escapes labels and titles


@_cached
def bar(title: str, items: list[tuple[str, float | None]], *, horizontal: bool = False) -> str:
    """One series of labelled values (None: not shown)."""
    chart = (pygal.HorizontalBar if horizontal else pygal.Bar)(title=title, **CONFIG)
    chart.x_labels = [str(label) for label, _value in items]
    chart.add(title, [value for _label, value in items])
    return _svg(chart)


@_cached
def lines(title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> str:
    chart = pygal.Line(
        title=title,
        **{**CONFIG, "show_legend": True, "legend_at_bottom": True, "print_values": False},
    )
    chart.x_labels = labels
    chart.x_label_rotation = 30 if len(labels) > 8 else 0
    for name, values in series:
        chart.add(str(name), values)
    return _svg(chart)


@_cached
def pie(title: str, items: list[tuple[str, float]]) -> str:
    chart = pygal.Pie(
        title=title,
        inner_radius=0.5,
        **{**CONFIG, "show_legend": True, "legend_at_bottom": True},
    )
    for label, value in items:
        chart.add(str(label), value)
    return _svg(chart)
