"""Hand-written inline SVG charts: event timelines, the dyad network, count bars.

Every chart is built with ``el()``, which escapes every attribute value and
every text child, so no string from the database reaches the page unescaped.
Colours are not set here: elements carry classes (``t-AGREEMENT``,
``m-planned``) that ``static/style.css`` colours, so the legend, tables and
charts share one palette.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from armswatch.model import EventType

#: Lane order on timelines and bar order on the overview: the lifecycle, then embargoes.
TYPE_ORDER: tuple[str, ...] = tuple(t.value for t in EventType)

MODALITIES: tuple[str, ...] = ("asserted", "planned", "possible", "denied")


def type_label(t: str) -> str:
    """``EMBARGO_IMPOSED`` -> ``Embargo imposed``."""
    return t.replace("_", " ").capitalize()


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.1f}".rstrip("0").rstrip(".")
    return str(v)


def el(name: str, attrs: dict[str, object] | None = None, *children: object) -> Markup:
    """One escaped SVG/HTML element. ``None`` attributes are left out; children that are not Markup are escaped."""
    parts = [name]
    for key, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(_fmt(value))}"')
    inner = Markup("").join(c if isinstance(c, Markup) else escape(_fmt(c)) for c in children if c is not None)
    return Markup(f"<{' '.join(parts)}>") + inner + Markup(f"</{name}>")


def _ticks(lo: int, hi: int, max_ticks: int = 16) -> list[int]:
    span = max(1, hi - lo)
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= max_ticks), 100)
    first = math.ceil(lo / step) * step
    return list(range(first, hi + 1, step))


# -- timeline ------------------------------------------------------------------------------


@dataclass(slots=True)
class Point:
    """One event on a timeline."""

    key: str  # anchor id of its evidence below the chart
    type: str
    year: int | None
    year_end: int | None
    modality: str
    label: str  # tooltip
    href: str
    inferred: bool = False  # the year is the publication year (no year written): drawn hollow


@dataclass(slots=True)
class Band:
    """A shaded span (an embargo in force); None ends run to the edge of the axis."""

    since: int | None
    until: int | None
    label: str


def timeline(points: Sequence[Point], bands: Sequence[Band] = (), *, title: str, width: int = 980) -> Markup:
    """Events as points in one lane per type along a labelled year axis; bands shaded behind."""
    lanes = [t for t in TYPE_ORDER if any(p.type == t for p in points)]
    if not lanes:
        lanes = [EventType.EMBARGO_IMPOSED.value] if bands else []
    years = [y for p in points for y in (p.year, p.year_end) if y is not None]
    years += [y for b in bands for y in (b.since, b.until) if y is not None]
    undated = [p for p in points if p.year is None]
    dated = bool(years)
    if not dated:
        years = [0]
    lo, hi = min(years), max(years)
    if hi - lo < 6:  # give a short history some room either side
        pad = (6 - (hi - lo)) / 2
        lo, hi = math.floor(lo - pad), math.ceil(hi + pad)
    else:
        lo, hi = lo - 1, hi + 1
    left, right, top, lane_h, bottom = 150, 24, 48, 38, 58
    extra = (90 if dated else width - left - right) if undated else 0
    plot_w = width - left - right - extra
    height = top + lane_h * max(1, len(lanes)) + bottom
    plot_bottom = top + lane_h * max(1, len(lanes))

    def x(year: float) -> float:
        return left + (year - lo) / (hi - lo) * plot_w

    def lane_y(t: str) -> float:
        return top + lane_h * lanes.index(t) + lane_h / 2

    out: list[Markup] = [el("title", None, title)]
    # Lanes and their labels (the y axis), then the bands (embargo periods) over them.
    for i, t in enumerate(lanes):
        y0 = top + lane_h * i
        out.append(el("rect", {"x": left, "y": y0, "width": plot_w + extra, "height": lane_h,
                               "class": "lane" + (" alt" if i % 2 else "")}))
        out.append(el("text", {"x": left - 10, "y": y0 + lane_h / 2 + 4, "class": f"lane-label t-{t}",
                               "text-anchor": "end"}, type_label(t)))
    for b in bands:
        x0 = x(b.since) if b.since is not None else left
        x1 = x(b.until) if b.until is not None else left + plot_w
        out.append(
            el(
                "g", {"class": "band"},
                el("title", None, b.label),
                el("rect", {"x": x0, "y": top, "width": max(2.0, x1 - x0), "height": plot_bottom - top,
                            "class": "band-fill"}),
                el("text", {"x": x0 + 4, "y": top - 8, "class": "band-label"}, b.label),
            )
        )
    out.append(el("text", {"x": 14, "y": top - 24, "class": "axis-title"}, "Event type"))
    if dated:
        # Year grid and axis (the x axis).
        for year in _ticks(lo, hi):
            out.append(el("line", {"x1": x(year), "x2": x(year), "y1": top, "y2": plot_bottom, "class": "grid"}))
            out.append(el("text", {"x": x(year), "y": plot_bottom + 18, "class": "tick", "text-anchor": "middle"},
                          year))
        out.append(el("line", {"x1": left, "x2": left + plot_w, "y1": plot_bottom, "y2": plot_bottom,
                               "class": "axis"}))
        out.append(el("text", {"x": left + plot_w / 2, "y": plot_bottom + 42, "class": "axis-title",
                               "text-anchor": "middle"},
                          "Year reported; hollow dashed: publication year (no year written)"
                          if any(p.inferred for p in points) else "Year (of the event, as reported)"))
    if undated:
        ux = left + plot_w + extra / 2
        if dated:
            out.append(el("line", {"x1": left + plot_w + 8, "x2": left + plot_w + 8, "y1": top, "y2": plot_bottom,
                                   "class": "axis"}))
        out.append(el("text", {"x": ux, "y": plot_bottom + 18, "class": "tick", "text-anchor": "middle"},
                      "no year" if dated else "no year reported for these events"))
    # Points, spread out where several share a lane and a year.
    groups: dict[tuple[str, int | None], list[Point]] = defaultdict(list)
    for p in points:
        groups[(p.type, p.year)].append(p)
    band_w = plot_w / max(1, hi - lo)
    for (t, year), members in groups.items():
        cx0 = x(year) if year is not None else left + plot_w + extra / 2
        room = (band_w if year is not None else extra) * 0.9
        step = min(15.0, room / max(1, len(members)))
        for n, p in enumerate(members):
            cx = cx0 + (n - (len(members) - 1) / 2) * step
            cy = lane_y(t)
            parts: list[Markup] = [el("title", None, p.label)]
            if p.year is not None and p.year_end is not None and p.year_end > p.year:
                parts.append(el("line", {"x1": cx, "x2": x(p.year_end), "y1": cy, "y2": cy, "class": "range"}))
                parts.append(el("line", {"x1": x(p.year_end), "x2": x(p.year_end), "y1": cy - 6, "y2": cy + 6,
                                         "class": "range"}))
            parts.append(el("circle", {"cx": cx, "cy": cy, "r": 7, "class": "dot"}))
            if p.modality == "denied":
                parts.append(el("line", {"x1": cx - 5, "y1": cy + 5, "x2": cx + 5, "y2": cy - 5, "class": "deny"}))
            out.append(el("a", {"href": p.href, "class": f"pt t-{p.type} m-{p.modality}" + (" inferred" if p.inferred else ""),
                                "data-key": p.key,
                                "aria-label": p.label}, *parts))
    return el(
        "svg",
        {"viewBox": f"0 0 {width} {height}", "class": "chart timeline", "role": "img", "aria-label": title,
         "xmlns": "http://www.w3.org/2000/svg", "preserveAspectRatio": "xMinYMin meet"},
        *out,
    )


# -- network -----------------------------------------------------------------------------


def _components(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components, largest first (ties by name), each sorted."""
    parent = {v: v for v in nodes}

    def root(v: str) -> str:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in edges:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for v in nodes:
        groups[root(v)].append(v)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))


def _force_layout(nodes: list[str], pairs: set[tuple[str, str]], iterations: int) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions of one connected component, scaled into the unit square."""
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    if n == 2:
        return {nodes[0]: (0.0, 0.5), nodes[1]: (1.0, 0.5)}
    pos = {v: [0.5 + 0.4 * math.cos(2 * math.pi * i / n), 0.5 + 0.4 * math.sin(2 * math.pi * i / n)]
           for i, v in enumerate(nodes)}
    k = math.sqrt(1.0 / n) * 1.4
    temp = 0.2
    for _ in range(iterations):
        disp = {v: [0.0, 0.0] for v in nodes}
        for i, a in enumerate(nodes):
            ax, ay = pos[a]
            for b in nodes[i + 1 :]:
                dx, dy = ax - pos[b][0], ay - pos[b][1]
                d = math.hypot(dx, dy) or 1e-4
                f = k * k / d
                disp[a][0] += dx / d * f
                disp[a][1] += dy / d * f
                disp[b][0] -= dx / d * f
                disp[b][1] -= dy / d * f
        for a, b in pairs:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.hypot(dx, dy) or 1e-4
            f = d * d / k
            disp[a][0] -= dx / d * f
            disp[a][1] -= dy / d * f
            disp[b][0] += dx / d * f
            disp[b][1] += dy / d * f
        for v in nodes:
            dx, dy = disp[v]
            d = math.hypot(dx, dy) or 1e-9
            pos[v][0] += dx / d * min(d, temp)
            pos[v][1] += dy / d * min(d, temp)
        temp = max(0.002, temp * 0.985)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    ox = (1 - (max(xs) - min(xs)) / scale) / 2
    oy = (1 - (max(ys) - min(ys)) / scale) / 2
    return {v: (ox + (p[0] - min(xs)) / scale, oy + (p[1] - min(ys)) / scale) for v, p in pos.items()}


@lru_cache(maxsize=32)
def layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], iterations: int = 250
) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Deterministic positions: each connected component laid out by forces, the components packed in rows.

    Returns (positions, total width, total height) in layout units; a
    component of n parties gets a square cell of side ~sqrt(n).
    """
    pairs = {(a, b) if a < b else (b, a) for a, b, _ in edges if a != b}
    comps = _components(nodes, pairs)
    if not comps:
        return {}, 1.0, 1.0
    sides = [max(1.0, math.sqrt(len(c))) for c in comps]
    row_width = max(max(sides), math.sqrt(sum(s * s for s in sides)) * 1.5)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    width = 0.0
    for comp, side in zip(comps, sides):
        if x > 0 and x + side > row_width + 1e-9:
            x, y, row_h = 0.0, y + row_h, 0.0
        inner = _force_layout(comp, {p for p in pairs if p[0] in comp}, iterations)
        pad = 0.35
        for v, (px, py) in inner.items():
            pos[v] = (x + pad + px * (side - 2 * pad), y + pad + py * (side - 2 * pad))
        x += side
        width = max(width, x)
        row_h = max(row_h, side)
    return pos, width, y + row_h


@dataclass(slots=True)
class Node:
    party: str
    label: str  # tooltip
    weight: int
    href: str


@dataclass(slots=True)
class Edge:
    supplier: str
    recipient: str
    weight: int
    label: str  # tooltip
    href: str


def network(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str, width: int = 980, height: int | None = None) -> Markup:
    """Parties as circles (area ~ events), dyads as arrows (width ~ events) from supplier to recipient."""
    raw, lw, lh = layout(tuple(sorted(n.party for n in nodes)),
                         tuple(sorted((e.supplier, e.recipient, e.weight) for e in edges)))
    margin = 50
    if height is None:  # as tall as the packed layout needs at this width
        height = int(min(760, max(320, (width - 2 * margin) * lh / lw + 2 * margin)))
    fx, fy = (width - 2 * margin) / lw, (height - 2 * margin) / lh
    fx, fy = min(fx, fy * 1.5), min(fy, fx * 1.5)  # fill the canvas, stretched at most 1.5x
    ox = (width - lw * fx) / 2
    oy = (height - lh * fy) / 2
    pos = {p: (ox + x * fx, oy + y * fy) for p, (x, y) in raw.items()}
    max_node = max((n.weight for n in nodes), default=1) or 1
    radius = {n.party: 12 + 16 * math.sqrt(n.weight / max_node) for n in nodes}
    pos = _separate(pos, radius, width, height, margin=24)
    max_edge = max((e.weight for e in edges), default=1) or 1
    pairs = {(e.supplier, e.recipient) for e in edges}
    out: list[Markup] = [el("title", None, title)]
    for e in edges:
        if e.supplier not in pos or e.recipient not in pos or e.supplier == e.recipient:
            continue
        (x1, y1), (x2, y2) = pos[e.supplier], pos[e.recipient]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1.0
        ux, uy = dx / d, dy / d
        # Pairs linked both ways bend apart; one-way pairs bend a little for legibility.
        bend = 0.18 if (e.recipient, e.supplier) in pairs else 0.06
        mx, my = (x1 + x2) / 2 - uy * d * bend, (y1 + y2) / 2 + ux * d * bend
        sx, sy = _toward(x1, y1, mx, my, radius[e.supplier] + 2)
        tx, ty = _toward(x2, y2, mx, my, radius[e.recipient] + 3)
        lx, ly = 0.25 * sx + 0.5 * mx + 0.25 * tx, 0.25 * sy + 0.5 * my + 0.25 * ty
        stroke = 1.5 + 6 * math.sqrt(e.weight / max_edge)
        # The arrowhead: a triangle at the target, along the curve's last tangent, sized to the line.
        head = 8 + 1.2 * stroke
        hx, hy = tx - mx, ty - my
        hd = math.hypot(hx, hy) or 1.0
        hx, hy = hx / hd, hy / hd
        bx, by = tx - hx * head, ty - hy * head
        arrow = (f"{tx:.1f},{ty:.1f} {bx - hy * head * 0.5:.1f},{by + hx * head * 0.5:.1f} "
                 f"{bx + hy * head * 0.5:.1f},{by - hx * head * 0.5:.1f}")
        ex, ey = tx - hx * head * 0.8, ty - hy * head * 0.8  # the line stops inside the head
        out.append(
            el(
                "a",
                {"href": e.href, "class": "edge", "data-edge": f"{e.supplier}→{e.recipient}", "aria-label": e.label},
                el("title", None, e.label),
                el("path", {"d": f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {tx:.1f},{ty:.1f}", "class": "edge-hit"}),
                el("path", {"d": f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}", "class": "edge-line",
                            "stroke-width": f"{stroke:.1f}"}),
                el("polygon", {"points": arrow, "class": "arrowhead"}),
                el("text", {"x": lx, "y": ly + 4, "class": "edge-label", "text-anchor": "middle"}, e.weight),
            )
        )
    for n in nodes:
        if n.party not in pos:
            continue
        cx, cy = pos[n.party]
        r = radius[n.party]
        out.append(
            el(
                "a", {"href": n.href, "class": "node", "data-party": n.party, "aria-label": n.label},
                el("title", None, n.label),
                el("circle", {"cx": cx, "cy": cy, "r": r}),
                el("text", {"x": cx, "y": cy + 4 if len(n.party) <= 4 else cy + r + 15, "text-anchor": "middle",
                            "class": "node-code" + ("" if len(n.party) <= 4 else " outside")}, n.party),
            )
        )
    return el(
        "svg",
        {"viewBox": f"0 0 {width} {height}", "class": "chart network", "role": "img", "aria-label": title,
         "xmlns": "http://www.w3.org/2000/svg"},
        *out,
    )


def _separate(
    pos: dict[str, tuple[float, float]], radius: dict[str, float], width: float, height: float,
    margin: float, gap: float = 14.0, rounds: int = 60,
) -> dict[str, tuple[float, float]]:
    """Push overlapping circles apart (deterministically) and keep them on the canvas."""
    p = {v: [x, y] for v, (x, y) in pos.items()}
    names = sorted(p)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                dx, dy = p[b][0] - p[a][0], p[b][1] - p[a][1]
                d = math.hypot(dx, dy)
                need = radius.get(a, 12) + radius.get(b, 12) + gap
                if d >= need:
                    continue
                if d < 1e-6:  # same spot: split along a fixed direction
                    dx, dy, d = 1.0, 0.3, math.hypot(1.0, 0.3)
                push = (need - d) / 2
                ux, uy = dx / d, dy / d
                p[a][0] -= ux * push
                p[a][1] -= uy * push
                p[b][0] += ux * push
                p[b][1] += uy * push
                moved = True
        for v in names:
            r = radius.get(v, 12) + margin
            p[v][0] = min(max(p[v][0], r), width - r)
            p[v][1] = min(max(p[v][1], r), height - r)
        if not moved:
            break
    return {v: (x, y) for v, (x, y) in p.items()}


def _toward(x: float, y: float, tx: float, ty: float, dist: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    d = math.hypot(dx, dy) or 1.0
    return x + dx / d * dist, y + dy / d * dist


# -- count bars ------------------------------------------------------------------------------


def type_bars(counts: dict[str, int], *, title: str, href: Callable, width: int = 460) -> Markup:
    """Horizontal bars: events per type, each bar a link to those events."""
    rows = [(t, counts.get(t, 0)) for t in TYPE_ORDER]
    top, bar_h, gap, left, right = 10, 20, 8, 130, 50
    height = top + len(rows) * (bar_h + gap) + 10
    most = max((c for _, c in rows), default=0) or 1
    out: list[Markup] = [el("title", None, title)]
    for i, (t, c) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = (width - left - right) * c / most
        out.append(
            el(
                "a", {"href": href(t), "class": f"bar t-{t}", "aria-label": f"{type_label(t)}: {c}"},
                el("title", None, f"{type_label(t)}: {c} events"),
                el("text", {"x": left - 8, "y": y + bar_h - 5, "text-anchor": "end", "class": "bar-label"}, type_label(t)),
                el("rect", {"x": left, "y": y, "width": max(w, 1.5 if c else 0), "height": bar_h, "class": "bar-fill"}),
                el("text", {"x": left + w + 6, "y": y + bar_h - 5, "class": "bar-value"}, c),
            )
        )
    return el("svg", {"viewBox": f"0 0 {width} {height}", "class": "chart bars", "role": "img",
                      "aria-label": title, "xmlns": "http://www.w3.org/2000/svg"}, *out)


def year_bars(years: Iterable[tuple[int, dict[str, int]]], *, title: str, href: Callable, width: int = 520) -> Markup:
    """Stacked columns: events per year, split by type, with a labelled count axis."""
    data = sorted(years)
    left, right, top, bottom = 44, 10, 12, 44
    height = 240
    plot_w, plot_h = width - left - right, height - top - bottom
    out: list[Markup] = [el("title", None, title)]
    if not data:
        out.append(el("text", {"x": width / 2, "y": height / 2, "text-anchor": "middle", "class": "empty"},
                      "no dated events yet"))
        return el("svg", {"viewBox": f"0 0 {width} {height}", "class": "chart bars", "role": "img",
                          "aria-label": title, "xmlns": "http://www.w3.org/2000/svg"}, *out)
    lo, hi = data[0][0], data[-1][0]
    span = list(range(lo, hi + 1)) if hi - lo <= 60 else [y for y, _ in data]
    totals = {y: sum(c.values()) for y, c in data}
    most = max(totals.values()) or 1
    col_w = plot_w / len(span)
    for tick in _nice_counts(most):
        y = top + plot_h - plot_h * tick / most
        out.append(el("line", {"x1": left, "x2": left + plot_w, "y1": y, "y2": y, "class": "grid"}))
        out.append(el("text", {"x": left - 6, "y": y + 4, "text-anchor": "end", "class": "tick"}, tick))
    by_year = dict(data)
    label_every = max(1, math.ceil(len(span) / 12))
    for i, year in enumerate(span):
        x0 = left + i * col_w
        acc = 0
        for t in TYPE_ORDER:
            c = by_year.get(year, {}).get(t, 0)
            if not c:
                continue
            h = plot_h * c / most
            y = top + plot_h - plot_h * acc / most - h
            out.append(
                el(
                    "a", {"href": href(year), "class": f"bar t-{t}", "aria-label": f"{year} {type_label(t)}: {c}"},
                    el("title", None, f"{year}: {c} × {type_label(t)}"),
                    el("rect", {"x": x0 + col_w * 0.12, "y": y, "width": col_w * 0.76, "height": h, "class": "bar-fill"}),
                )
            )
            acc += c
        if i % label_every == 0:
            out.append(el("text", {"x": x0 + col_w / 2, "y": top + plot_h + 16, "text-anchor": "middle",
                                   "class": "tick"}, year))
    out.append(el("line", {"x1": left, "x2": left + plot_w, "y1": top + plot_h, "y2": top + plot_h, "class": "axis"}))
    out.append(el("text", {"x": left + plot_w / 2, "y": height - 6, "text-anchor": "middle", "class": "axis-title"},
                  "Year of event (publication year where none is written)"))
    out.append(el("text", {"x": 12, "y": top + plot_h / 2, "class": "axis-title", "text-anchor": "middle",
                           "transform": f"rotate(-90 12 {top + plot_h / 2})"}, "Events"))
    return el("svg", {"viewBox": f"0 0 {width} {height}", "class": "chart bars", "role": "img",
                      "aria-label": title, "xmlns": "http://www.w3.org/2000/svg"}, *out)


def _nice_counts(most: int) -> list[int]:
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if most / s <= 5), 10000)
    return list(range(0, most + 1, step))
