"""The relatedness network as server-side SVG: industries as nodes, strong relatedness as links.

The layout is networkx's force-directed (Fruchterman–Reingold) layout with a fixed seed, so the same data
always gives the same picture; in a neighbourhood view the chosen industry is held at the centre. Nodes
are sized by local employment and coloured by SNI section, links drawn thicker the higher their SR̃.

The SVG is written here rather than through Vega-Lite because a network is not one of its chart types.
Every piece of text in it (codes, names, titles) passes `escape`, so an industry name can never become
markup; the picture uses presentation attributes only (no style attributes or elements, no scripts), which
the content security policy allows inline. The same nodes and links are given as tables on the page.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

import networkx as nx
import polars as pl
from django.core.cache import cache
from django.utils.html import escape

WIDTH, HEIGHT, MARGIN = 760, 560, 40
MAX_LINKS = 250
SEED = 23
# Colours with at least 4.5:1 contrast against white, cycled over the sections present.
PALETTE = [
    "#0b5394",
    "#8a1c5a",
    "#38761d",
    "#7f4f00",
    "#5b3f8c",
    "#b3261e",
    "#00695c",
    "#4a4a4a",
    "#9c2a00",
    "#1f5f7a",
]


@dataclass
class Node:
    code: str
    name: str
    section: str
    employed: int
    x: float = 0.0
    y: float = 0.0
    radius: float = 4.0
    colour: str = PALETTE[0]


@dataclass
class Link:
    a: Node
    b: Node
    sr_norm: float


@dataclass
class Network:
    nodes: list[Node]
    links: list[Link]
    focus: str = ""
    truncated: int = 0
    sections: list[tuple[str, str]] = field(default_factory=list)

    def svg(self, *, title: str, description: str) -> str:
        return render_svg(self, title=title, description=description)


def build_network(
    symmetric: pl.DataFrame,
    *,
    names: dict[str, tuple[str, str]],
    employed: dict[str, int],
    threshold: float,
    focus: str = "",
    max_links: int = MAX_LINKS,
    alpha: float | None = None,
) -> Network:
    """The links above ``threshold`` (all, or those of ``focus`` and among its neighbours), laid out.

    ``names`` maps a code to (name, section); ``employed`` gives local employment by code. Without a
    focus only the ``max_links`` strongest links are drawn, and `truncated` says how many were left out.
    With ``alpha`` (and p-values in ``symmetric``) a link must also be significant: p ≤ alpha.
    """
    if alpha is not None and "p_value" in symmetric.columns:
        symmetric = symmetric.filter(pl.col("p_value") <= alpha)
    strong = symmetric.filter(pl.col("sr_norm") > threshold).sort(
        ["sr_norm", "a", "b"], descending=[True, False, False]
    )
    if focus:
        around = strong.filter((pl.col("a") == focus) | (pl.col("b") == focus))
        members = {focus} | set(around.get_column("a").to_list()) | set(around.get_column("b").to_list())
        strong = strong.filter(pl.col("a").is_in(list(members)) & pl.col("b").is_in(list(members)))
    truncated = max(0, strong.height - max_links)
    strong = strong.head(max_links)
    codes = sorted(
        set(strong.get_column("a").to_list())
        | set(strong.get_column("b").to_list())
        | ({focus} if focus else set())
    )
    nodes = {
        code: Node(
            code=code,
            name=names.get(code, (code, ""))[0],
            section=names.get(code, ("", ""))[1],
            employed=employed.get(code, 0),
        )
        for code in codes
    }
    links = [Link(nodes[r["a"]], nodes[r["b"]], r["sr_norm"]) for r in strong.iter_rows(named=True)]
    network = Network(nodes=list(nodes.values()), links=links, focus=focus, truncated=truncated)
    _layout(network)
    _style(network)
    return network


def _layout(network: Network) -> None:
    if not network.nodes:
        return
    key = (
        "labour-layout:"
        + hashlib.sha256(
            json.dumps(
                [
                    network.focus,
                    [n.code for n in network.nodes],
                    [(e.a.code, e.b.code, round(e.sr_norm, 6)) for e in network.links],
                ]
            ).encode()
        ).hexdigest()
    )
    positions = cache.get(key)
    if positions is None:
        graph = nx.Graph()
        graph.add_nodes_from(n.code for n in network.nodes)
        graph.add_weighted_edges_from((e.a.code, e.b.code, max(e.sr_norm, 0.01)) for e in network.links)
        if network.focus and len(network.nodes) > 1:
            found = nx.spring_layout(graph, seed=SEED, pos={network.focus: (0.0, 0.0)}, fixed=[network.focus])
        else:
            found = nx.spring_layout(graph, seed=SEED)
        positions = {code: (float(x), float(y)) for code, (x, y) in found.items()}
        cache.set(key, positions, 24 * 3600)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    for node in network.nodes:
        x, y = positions[node.code]
        node.x = MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN) if len(xs) > 1 else WIDTH / 2
        node.y = MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN) if len(ys) > 1 else HEIGHT / 2


def _style(network: Network) -> None:
    largest = max((n.employed for n in network.nodes), default=0)
    sections = sorted({n.section for n in network.nodes})
    colour = {section: PALETTE[i % len(PALETTE)] for i, section in enumerate(sections)}
    for node in network.nodes:
        node.radius = 4.0 + (16.0 * math.sqrt(node.employed / largest) if largest else 0.0)
        node.colour = colour[node.section]
    network.sections = [(s, colour[s]) for s in sections]


def render_svg(network: Network, *, title: str, description: str) -> str:
    """The picture as an SVG string; all text is escaped data."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" '
        'focusable="false" aria-hidden="true" font-family="DejaVu Sans, Liberation Sans, sans-serif">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        '<g class="links" stroke="#6b6b6b" stroke-linecap="round">',
    ]
    for link in network.links:
        width = 0.5 + 3.5 * max(0.0, min(link.sr_norm, 1.0))
        parts.append(
            f'<line x1="{link.a.x:.1f}" y1="{link.a.y:.1f}" x2="{link.b.x:.1f}" y2="{link.b.y:.1f}" '
            f'stroke-width="{width:.2f}" stroke-opacity="0.55">'
            f"<title>{escape(link.a.code)}–{escape(link.b.code)}: "
            f"SR̃ {link.sr_norm:.3f}</title></line>"
        )
    parts.append('</g><g class="nodes">')
    for node in sorted(network.nodes, key=lambda n: -n.radius):
        ring = (
            ' stroke="#1a1a1a" stroke-width="3"'
            if node.code == network.focus
            else ' stroke="#ffffff" stroke-width="1"'
        )
        parts.append(
            f"<g><title>{escape(node.code)} {escape(node.name)}</title>"
            f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{node.radius:.1f}" fill="{node.colour}"{ring}/>'
            f'<text x="{node.x + node.radius + 2:.1f}" y="{node.y + 4:.1f}" font-size="11" fill="#1a1a1a">'
            f"{escape(node.code)}</text></g>"
        )
    parts.append("</g></svg>")
    return "".join(parts)
