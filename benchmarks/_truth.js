// Reads the ground truth of a rendered page from the DOM: one record per visible element with
// its box and computed styles, colours normalised to sRGB [r, g, b, alpha] by the browser itself.
// Evaluated by benchmarks/_render.py through Playwright's page.evaluate; returns plain JSON.
() => {
  const canvas = document.createElement("canvas");
  canvas.width = 1;
  canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });

  // Any CSS colour (rgb(), oklch(), color(), named…) to [r, g, b, a] in sRGB 0–255 / 0–1.
  const rgba = (css) => {
    if (!css || css === "transparent" || css === "none") return [0, 0, 0, 0];
    ctx.fillStyle = "#000000";
    ctx.fillStyle = css;
    const norm = ctx.fillStyle;
    let m = /^#([0-9a-f]{6})$/i.exec(norm);
    if (m) {
      const n = parseInt(m[1], 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
    }
    m = /^rgba?\(([^)]+)\)$/.exec(norm);
    if (m) {
      const p = m[1].split(",").map((v) => parseFloat(v));
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    // Modern syntaxes: let the canvas convert by painting one pixel.
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };

  // Split at commas / spaces that are not inside parentheses.
  const splitTop = (text, sep) => {
    const out = [];
    let depth = 0;
    let cur = "";
    for (const ch of text) {
      if (ch === "(") depth++;
      if (ch === ")") depth--;
      if (ch === sep && depth === 0) {
        if (cur.trim()) out.push(cur.trim());
        cur = "";
      } else cur += ch;
    }
    if (cur.trim()) out.push(cur.trim());
    return out;
  };

  const parseShadow = (text) => {
    if (!text || text === "none") return [];
    return splitTop(text, ",").map((layer) => {
      const parts = splitTop(layer, " ");
      const lengths = [];
      let colour = "rgb(0, 0, 0)";
      let inset = false;
      for (const part of parts) {
        if (part === "inset") inset = true;
        else if (/^-?[\d.]+(px)?$/.test(part)) lengths.push(parseFloat(part));
        else colour = part;
      }
      while (lengths.length < 4) lengths.push(0);
      return {
        color: rgba(colour),
        x: lengths[0],
        y: lengths[1],
        blur: lengths[2],
        spread: lengths[3],
        inset,
      };
    });
  };

  const px = (v) => (v === "normal" || v === "auto" || v === "" ? null : parseFloat(v));
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const skip = new Set(["HEAD", "SCRIPT", "STYLE", "META", "TITLE", "LINK", "NOSCRIPT", "BR"]);
  const all = Array.from(document.querySelectorAll("*")).filter((el) => !skip.has(el.tagName));
  const index = new Map();
  const records = [];

  for (const el of all) {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const root = el === document.documentElement || el === document.body;
    if (!root) {
      if (s.display === "none" || s.visibility !== "visible") continue;
      if (r.width <= 0 || r.height <= 0) continue;
      if (r.right <= 0 || r.bottom <= 0 || r.left >= vw || r.top >= vh) continue;
    }
    let parent = el.parentElement;
    while (parent && !index.has(parent)) parent = parent.parentElement;

    // Direct text: the element's own text nodes, with their line boxes.
    const lines = [];
    let chars = 0;
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      chars += node.textContent.trim().length;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const lr of range.getClientRects()) {
        if (lr.width > 0 && lr.height > 0) lines.push([lr.x, lr.y, lr.width, lr.height]);
      }
    }
    let textColor = s.color;
    if ((el.tagName === "INPUT" || el.tagName === "TEXTAREA") && !["checkbox", "radio", "range", "color"].includes(el.type)) {
      const value = el.value || el.placeholder || "";
      if (value.trim()) {
        chars += value.trim().length;
        if (!el.value) textColor = getComputedStyle(el, "::placeholder").color;
        const padL = px(s.paddingLeft) + px(s.borderLeftWidth);
        const padT = px(s.paddingTop) + px(s.borderTopWidth);
        const innerH = r.height - padT - px(s.paddingBottom) - px(s.borderBottomWidth);
        lines.push([r.x + padL, r.y + padT, Math.min(r.width - 2 * padL, value.length * px(s.fontSize) * 0.55), innerH]);
      }
    }

    const side = (name) => ({
      width: px(s[`border${name}Width`]) || 0,
      style: s[`border${name}Style`],
      color: rgba(s[`border${name}Color`]),
    });
    const radius = (v) => {
      const first = v.split(" ")[0];
      if (first.endsWith("%")) return (parseFloat(first) / 100) * Math.min(r.width, r.height);
      return parseFloat(first) || 0;
    };

    index.set(el, records.length);
    records.push({
      i: records.length,
      parent: parent ? index.get(parent) : -1,
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("data-role"),
      box: [r.x, r.y, r.width, r.height],
      display: s.display,
      flexDirection: s.flexDirection,
      justify: s.justifyContent,
      position: s.position,
      opacity: parseFloat(s.opacity),
      background: rgba(s.backgroundColor),
      backgroundImage: s.backgroundImage !== "none",
      color: rgba(textColor),
      border: [side("Top"), side("Right"), side("Bottom"), side("Left")],
      padding: [px(s.paddingTop), px(s.paddingRight), px(s.paddingBottom), px(s.paddingLeft)],
      margin: [px(s.marginTop), px(s.marginRight), px(s.marginBottom), px(s.marginLeft)],
      rowGap: px(s.rowGap),
      columnGap: px(s.columnGap),
      radii: [radius(s.borderTopLeftRadius), radius(s.borderTopRightRadius), radius(s.borderBottomRightRadius), radius(s.borderBottomLeftRadius)],
      shadows: parseShadow(s.boxShadow),
      chars,
      lines,
      fontSize: px(s.fontSize),
      fontWeight: parseFloat(s.fontWeight),
      lineHeight: px(s.lineHeight),
      fontFamily: s.fontFamily,
      fontStyle: s.fontStyle,
    });
  }
  return { viewport: [vw, vh], dpr: window.devicePixelRatio, elements: records };
};
