"""HTML pages for the synthetic design systems: six realistic layouts over one shared stylesheet.

Every page is built from a `DesignSystem` and a seeded `random.Random`, so the same case id always
renders the same page. The markup marks the page's primary action with ``data-role="primary"``:
that is the only semantic fact the truth takes from the author; every value is read back from the
browser's computed styles.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from benchmarks._system import DesignSystem

__all__ = ["LAYOUTS", "page_html"]

_WORDS = (
    "account",
    "activity",
    "analytics",
    "archive",
    "balance",
    "billing",
    "budget",
    "campaign",
    "channel",
    "checkout",
    "cohort",
    "customer",
    "dashboard",
    "delivery",
    "export",
    "feature",
    "filter",
    "growth",
    "insight",
    "invoice",
    "launch",
    "member",
    "metric",
    "order",
    "overview",
    "payment",
    "pipeline",
    "plan",
    "product",
    "project",
    "queue",
    "refund",
    "region",
    "release",
    "report",
    "revenue",
    "schedule",
    "segment",
    "session",
    "settings",
    "status",
    "storage",
    "subscription",
    "support",
    "team",
    "ticket",
    "traffic",
    "trend",
    "upgrade",
    "usage",
    "user",
    "workspace",
)


def _words(rng: random.Random, count: int, *, title: bool = False) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(count))
    return text.capitalize() if not title else text.title()


def _css(ds: DesignSystem) -> str:
    s = ds.space
    pill = "999px" if ds.pill else f"{ds.radius(0)}px"
    return f"""
*{{box-sizing:border-box}}
html,body{{margin:0}}
body{{background:{ds.background};color:{ds.text};font-family:{ds.body_family};
 font-size:{ds.body_size_px}px;line-height:{ds.line_height}}}
h1,h2,h3,p,ul{{margin:0;padding:0}}
ul{{list-style:none}}
.display{{font:{ds.heading_weight} {ds.sizes_px["display"]}px/1.15 {ds.heading_family}}}
.h1{{font:{ds.heading_weight} {ds.sizes_px["h1"]}px/1.2 {ds.heading_family}}}
.h2{{font:{ds.heading_weight} {ds.sizes_px["h2"]}px/1.25 {ds.heading_family}}}
.h3{{font:{ds.heading_weight} {ds.sizes_px["h3"]}px/1.3 {ds.heading_family}}}
.small{{font-size:{ds.sizes_px["small"]}px}}
.muted{{color:{ds.text_muted}}}
.card{{background:{ds.surface};border:1px solid {ds.border};border-radius:{ds.radius(1)}px;
 padding:{s(3)}px;box-shadow:{ds.shadow(0)}}}
.raised{{box-shadow:{ds.shadow(1)}}}
.overlay{{box-shadow:{ds.shadow(2)}}}
.stack{{display:flex;flex-direction:column;gap:{s(1)}px}}
.stack-lg{{display:flex;flex-direction:column;gap:{s(3)}px}}
.row{{display:flex;align-items:center;gap:{s(1)}px}}
.between{{justify-content:space-between}}
.grid{{display:grid;gap:{s(3)}px}}
.btn{{display:inline-block;padding:{s(0)}px {s(2)}px;border-radius:{ds.radius(0)}px;border:0;
 background:{ds.primary};color:{ds.on_primary};font:600 {ds.body_size_px}px/1.5 {ds.body_family}}}
.btn-ghost{{background:transparent;color:{ds.primary};border:1px solid {ds.border}}}
.input{{display:block;width:100%;padding:{s(0)}px {s(1)}px;border:1px solid {ds.border};
 border-radius:{ds.radius(0)}px;background:{ds.surface};color:{ds.text};
 font:400 {ds.body_size_px}px/1.5 {ds.body_family}}}
.input::placeholder{{color:{ds.text_muted}}}
.label{{font-weight:600;font-size:{ds.sizes_px["small"]}px}}
.badge{{display:inline-block;padding:0 {s(0)}px;border-radius:{pill};
 font-size:{ds.sizes_px["small"]}px; font-weight:600;line-height:1.6}}
.ok{{background:{ds.success};color:{ds.on_primary}}}
.warn{{background:{ds.warning};color:{ds.on_primary}}}
.bad{{background:{ds.danger};color:{ds.on_primary}}}
.accent{{background:{ds.accent};color:{ds.on_primary}}}
.divider{{border-top:1px solid {ds.border}}}
.avatar{{flex:none;width:{s(4)}px;height:{s(4)}px;border-radius:999px;background:{ds.accent}}}
.switch{{position:relative;flex:none;width:{s(5)}px;height:{s(3)}px;border-radius:999px;
 background:{ds.border}}}
.switch.on{{background:{ds.primary}}}
.knob{{position:absolute;top:2px;left:2px;width:{s(3) - 4}px;height:{s(3) - 4}px;
 border-radius:999px; background:{ds.surface}}}
.switch.on .knob{{left:auto;right:2px}}
"""


def _stat_card(ds: DesignSystem, rng: random.Random) -> str:
    value = f"{rng.randint(2, 98)},{rng.randint(100, 999)}"
    change = rng.choice(("ok", "bad"))
    return (
        f'<div class="card stack"><p class="small muted">{_words(rng, 2, title=True)}</p>'
        f'<p class="h2">{value}</p><div class="row"><span class="badge {change}">'
        f'{rng.randint(1, 30)}%</span><span class="small muted">{_words(rng, 3)}</span></div></div>'
    )


def _dashboard(ds: DesignSystem, rng: random.Random) -> str:
    s = ds.space
    nav = "".join(
        f'<li class="row" style="padding:{s(0)}px {s(1)}px"><span>{_words(rng, 1, title=True)}'
        "</span></li>"
        for _ in range(rng.randint(5, 7))
    )
    stats = "".join(_stat_card(ds, rng) for _ in range(4))
    bars = "".join(
        f'<div style="flex:1;height:{rng.randint(20, 100)}%;background:{ds.primary};'
        f'border-radius:{ds.radius(0)}px {ds.radius(0)}px 0 0"></div>'
        for _ in range(rng.randint(8, 14))
    )
    items = "".join(
        f'<li class="row between" style="padding:{s(1)}px 0"><div class="row">'
        f'<div class="avatar"></div><div><p>{_words(rng, 2, title=True)}</p>'
        f'<p class="small muted">{_words(rng, 4)}</p></div></div>'
        f'<span class="badge {rng.choice(("ok", "warn", "accent"))}">{_words(rng, 1)}</span></li>'
        for _ in range(4)
    )
    return f"""
<div style="display:flex;min-height:100vh">
 <aside style="width:{s(5) * 5}px;background:{ds.surface};border-right:1px solid {ds.border};
  padding:{s(3)}px {s(2)}px" class="stack-lg">
  <p class="h3">{_words(rng, 1, title=True)}</p><ul class="stack">{nav}</ul>
 </aside>
 <main style="flex:1;padding:{s(4)}px" class="stack-lg">
  <div class="row between"><h1 class="h1">{_words(rng, 2, title=True)}</h1>
   <div class="row"><button class="btn btn-ghost">{_words(rng, 1, title=True)}</button>
   <button class="btn" data-role="primary">{_words(rng, 2, title=True)}</button></div></div>
  <div class="grid" style="grid-template-columns:repeat(4,1fr)">{stats}</div>
  <div class="grid" style="grid-template-columns:2fr 1fr">
   <div class="card raised stack-lg"><p class="h3">{_words(rng, 2, title=True)}</p>
    <div style="display:flex;align-items:flex-end;gap:{s(1)}px;height:{s(5) * 5}px">{bars}
    </div></div>
   <div class="card stack"><p class="h3">{_words(rng, 2, title=True)}</p><ul>{items}</ul></div>
  </div>
 </main>
</div>"""


def _landing(ds: DesignSystem, rng: random.Random) -> str:
    s = ds.space
    links = "".join(f"<span>{_words(rng, 1, title=True)}</span>" for _ in range(4))
    features = "".join(
        f'<div class="card stack"><div class="avatar"></div><p class="h3">'
        f'{_words(rng, 2, title=True)}</p><p class="muted">{_words(rng, 14)}</p></div>'
        for _ in range(3)
    )
    return f"""
<header class="row between" style="padding:{s(2)}px {s(5)}px;border-bottom:1px solid {ds.border}">
 <p class="h3">{_words(rng, 1, title=True)}</p><nav class="row" style="gap:{s(3)}px">{links}</nav>
 <button class="btn btn-ghost">{_words(rng, 1, title=True)}</button>
</header>
<section class="stack-lg"
 style="padding:{s(5) * 2}px {s(5)}px;align-items:center;text-align:center">
 <span class="badge accent">{_words(rng, 2)}</span>
 <h1 class="display" style="max-width:{s(5) * 16}px">{_words(rng, 6).capitalize()}</h1>
 <p class="muted" style="max-width:{s(5) * 12}px">{_words(rng, 24)}</p>
 <div class="row" style="gap:{s(2)}px"><button class="btn" data-role="primary">
  {_words(rng, 2, title=True)}</button><button class="btn btn-ghost">{_words(rng, 2, title=True)}
 </button></div>
</section>
<section class="grid" style="grid-template-columns:repeat(3,1fr);padding:0 {s(5)}px">
 {features}</section>
"""


def _form(ds: DesignSystem, rng: random.Random) -> str:
    s = ds.space
    fields = "".join(
        f'<div class="stack"><label class="label">{_words(rng, 2, title=True)}</label>'
        f'<input class="input" placeholder="{_words(rng, 3)}"></div>'
        for _ in range(rng.randint(4, 6))
    )
    return f"""
<div style="display:flex;justify-content:center;padding:{s(5)}px">
 <form class="card raised stack-lg" style="width:{s(5) * 14}px">
  <div class="stack"><h1 class="h2">{_words(rng, 3, title=True)}</h1>
   <p class="muted">{_words(rng, 12)}</p></div>
  {fields}
  <div class="row"><div class="switch on"><div class="knob"></div></div>
   <span class="small">{_words(rng, 5)}</span></div>
  <div class="divider"></div>
  <div class="row between"><button type="button" class="btn btn-ghost">{_words(rng, 1, title=True)}
  </button><button type="button" class="btn" data-role="primary">{_words(rng, 2, title=True)}
  </button></div>
 </form>
</div>"""


def _settings(ds: DesignSystem, rng: random.Random) -> str:
    s = ds.space
    tabs = "".join(
        f'<li style="padding:{s(0)}px {s(2)}px;border-radius:{ds.radius(0)}px'
        + (f";background:{ds.surface}" if i == 0 else "")
        + f'">{_words(rng, 1, title=True)}</li>'
        for i in range(5)
    )
    rows = "".join(
        f'<div class="row between" style="padding:{s(2)}px 0"><div class="stack">'
        f'<p style="font-weight:600">{_words(rng, 3, title=True)}</p>'
        f'<p class="small muted">{_words(rng, 10)}</p></div>'
        f'<div class="switch{" on" if rng.random() < 0.5 else ""}"><div class="knob"></div></div>'
        f"</div>" + ('<div class="divider"></div>' if i < 3 else "")
        for i in range(4)
    )
    return f"""
<div style="padding:{s(4)}px {s(5)}px" class="stack-lg">
 <h1 class="h1">{_words(rng, 1, title=True)}</h1>
 <div style="display:flex;gap:{s(5)}px">
  <ul class="stack" style="width:{s(5) * 5}px">{tabs}</ul>
  <div class="stack-lg" style="flex:1">
   <div class="card">{rows}</div>
   <div class="card stack"><p class="h3">{_words(rng, 2, title=True)}</p>
    <input class="input" placeholder="{_words(rng, 3)}">
    <div class="row" style="justify-content:flex-end"><button class="btn btn-ghost">
     {_words(rng, 1, title=True)}</button><button class="btn" data-role="primary">
     {_words(rng, 1, title=True)}</button></div></div>
  </div>
 </div>
</div>"""


def _pricing(ds: DesignSystem, rng: random.Random) -> str:
    s = ds.space

    def tier(featured: bool) -> str:
        perks = "".join(
            f'<li class="row"><span class="badge ok">+</span><span>{_words(rng, 3)}</span></li>'
            for _ in range(rng.randint(4, 6))
        )
        style = f' style="border:2px solid {ds.primary}"' if featured else ""
        role = ' data-role="primary"' if featured else ""
        button = "btn" if featured else "btn btn-ghost"
        return (
            f'<div class="card stack-lg{" overlay" if featured else ""}"{style}>'
            f'<p class="h3">{_words(rng, 1, title=True)}</p>'
            f'<p><span class="display">${rng.randint(9, 99)}</span>'
            f'<span class="muted"> / {_words(rng, 1)}</span></p>'
            f'<p class="muted">{_words(rng, 10)}</p><ul class="stack">{perks}</ul>'
            f'<button class="{button}"{role}>{_words(rng, 2, title=True)}</button></div>'
        )

    return f"""
<div class="stack-lg" style="padding:{s(5)}px {s(5) * 2}px">
 <div class="stack" style="align-items:center;text-align:center">
  <h1 class="h1">{_words(rng, 3, title=True)}</h1><p class="muted">{_words(rng, 14)}</p></div>
 <div class="grid" style="grid-template-columns:repeat(3,1fr);align-items:start">
  {tier(False)}{tier(True)}{tier(False)}
 </div>
</div>"""


def _table(ds: DesignSystem, rng: random.Random) -> str:
    s = ds.space
    cell = f"padding:{s(1)}px {s(2)}px;text-align:left"
    head = "".join(
        f'<th class="small muted" style="{cell};font-weight:600">{_words(rng, 1, title=True)}</th>'
        for _ in range(5)
    )
    status = (("ok", "active"), ("warn", "pending"), ("bad", "failed"))
    rows = "".join(
        f'<tr style="border-top:1px solid {ds.border}"><td style="{cell}">'
        f'{_words(rng, 2, title=True)}</td><td style="{cell}" class="muted">{_words(rng, 1)}</td>'
        f'<td style="{cell}">{rng.randint(10, 9999)}</td><td style="{cell}">'
        f'<span class="badge {rng.choice(status)[0]}">{rng.choice(status)[1]}</span></td>'
        f'<td style="{cell}" class="muted">{rng.randint(1, 28)} {_words(rng, 1)}</td></tr>'
        for _ in range(rng.randint(7, 9))
    )
    return f"""
<div class="stack-lg" style="padding:{s(4)}px {s(5)}px">
 <div class="row between"><h1 class="h1">{_words(rng, 1, title=True)}</h1>
  <div class="row"><input class="input" style="width:{s(5) * 8}px" placeholder="{_words(rng, 2)}">
  <button class="btn" data-role="primary">{_words(rng, 2, title=True)}</button></div></div>
 <div class="card" style="padding:0">
  <table style="width:100%;border-collapse:collapse"><thead><tr>{head}</tr></thead>
  <tbody>{rows}</tbody></table></div>
</div>"""


#: Layout name → builder of the page body.
LAYOUTS: dict[str, Callable[[DesignSystem, random.Random], str]] = {
    "dashboard": _dashboard,
    "landing": _landing,
    "form": _form,
    "settings": _settings,
    "pricing": _pricing,
    "table": _table,
}


def page_html(ds: DesignSystem, layout: str) -> str:
    """The complete HTML document of `layout` styled by `ds` (deterministic from ``ds.seed``)."""
    rng = random.Random(ds.seed * 7919 + sorted(LAYOUTS).index(layout))
    body = LAYOUTS[layout](ds, rng)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{_css(ds)}</style>'
        f"</head><body>{body}</body></html>"
    )
