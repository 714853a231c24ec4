/* conflictcoder dashboard: map, timeline, filters, table and the evidence behind an event.
   Plain browser JavaScript, no build step. Text from the data is only ever set as text
   (never innerHTML), so an article cannot inject markup. */
"use strict";

const TYPES = [
  "Battles", "Explosions/Remote violence", "Violence against civilians",
  "Protests", "Riots", "Strategic developments",
];
const TYPE_COLOURS = ["#c0392b", "#e67e22", "#8e44ad", "#2e86c1", "#d4ac0d", "#7f8c8d"];
const FIELD_CLASS = {
  event_date: "f-date", location: "f-place", actor1: "f-actor", actor2: "f-actor",
  fatalities: "f-figure", claims: "f-claim", event_type: "f-type",
};
const FIELD_LABEL = {
  "f-date": "date", "f-place": "place", "f-actor": "actors", "f-figure": "fatalities",
  "f-claim": "claims", "f-type": "event",
};
const FILTER_KEYS = ["country", "admin1", "event_type", "actor", "since", "until",
  "min_fatalities", "q"];
const TABLE_PAGE = 100;

const state = {
  filters: {}, measure: "fatalities", facets: null, sort: "-date", offset: 0,
  markers: new Map(), selected: null, timeline: [], loadSeq: 0,
};
let map = null;
let cluster = null;

/* ---------- small helpers ---------- */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}
const fmt = new Intl.NumberFormat("en");
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
function typeIndex(eventType) {
  const i = TYPES.indexOf(eventType);
  return i === -1 ? 5 : i;
}
function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso + "T00:00:00Z");
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
function safeUrl(url) {
  // Only http(s) links are rendered as links: a javascript: URL from an article is text.
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (e) { return null; }
}
function query(extra) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  return params.toString();
}
async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    throw new Error(message);
  }
  return body;
}
function notice(message) {
  const box = document.getElementById("notice");
  box.hidden = !message;
  box.textContent = message || "";
}
function markerSize(fatalities) {
  return Math.round(Math.min(46, 11 + 4.2 * Math.sqrt(Math.max(0, fatalities || 0))));
}

/* ---------- map ---------- */
async function initMap() {
  if (typeof L === "undefined") {
    notice("The map libraries are not installed (run `python -m conflictcoder.interfaces.web_assets`); the table and timeline still work.");
    return;
  }
  // Bounded to the inhabited latitudes, so panning never shows the void past the poles.
  map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12, zoomSnap: 0.5,
    maxBounds: [[-60, -250], [80, 250]], maxBoundsViscosity: 1.0,
    attributionControl: true, preferCanvas: false }).setView([15, 30], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Country outlines: Natural Earth");
  cluster = L.markerClusterGroup({
    maxClusterRadius: 38, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);
  try {
    const response = await fetch("/vendor/countries-110m.geojson");
    if (!response.ok) throw new Error(response.statusText);
    const countries = await response.json();
    for (const feature of countries.features) unwrapAntimeridian(feature.geometry);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#b8b1a2", weight: 0.7, fillColor: "#f1eee6", fillOpacity: 1 },
    }).addTo(map).bringToBack();
  } catch (e) {
    notice("The country outlines could not be loaded: " + e.message);
  }
}

function unwrapAntimeridian(geometry) {
  // Rings that cross 180° (Russia, Fiji) jump from 179.9 to -179.9; drawn as is, the jump
  // is a band across the whole map. Continue such rings past 180 instead.
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      let shift = 0;
      for (let i = 1; i < ring.length; i++) {
        const jump = ring[i][0] + shift - ring[i - 1][0];
        if (jump > 180) shift -= 360; else if (jump < -180) shift += 360;
        ring[i] = [ring[i][0] + shift, ring[i][1]];
      }
    }
  }
}

function clusterIcon(group) {
  const children = group.getAllChildMarkers();
  const counts = new Array(TYPES.length).fill(0);
  let dead = 0;
  for (const m of children) { counts[m.options.typeIndex] += 1; dead += m.options.fatalities; }
  // A ring of type shares: numbers and fixed colours only, never data text.
  let at = 0;
  const stops = counts.map((n, i) => {
    if (!n) return null;
    const from = at; at += (n / children.length) * 360;
    return `${TYPE_COLOURS[i]} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
  }).filter(Boolean).join(", ");
  const size = Math.round(Math.min(60, 30 + 5 * Math.log2(children.length + dead / 10 + 1)));
  return L.divIcon({
    className: "ev-cluster",
    html: `<div class="ring" style="background: conic-gradient(${stops})"><span>${children.length}</span></div>`,
    iconSize: [size, size],
  });
}

function renderMarkers(features) {
  state.markers.clear();
  if (!map) return;
  cluster.clearLayers();
  const layers = [];
  for (const feature of features) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const size = markerSize(p.fatalities);
    const t = typeIndex(p.event_type);
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ className: `ev-marker t-${t}`, iconSize: [size, size] }),
      typeIndex: t, fatalities: p.fatalities || 0, keyboard: true,
      title: `${p.sub_event_type} in ${p.location}`,
    });
    marker.bindTooltip(el("div", { class: "ev-tip" },
      el("strong", { text: `${p.sub_event_type} · ${p.location || p.country}` }),
      `${formatDate(p.event_date)} · ${fmt.format(p.fatalities || 0)} killed`,
    ), { direction: "top", offset: [0, -size / 2] });
    marker.on("click", () => openDetail(p.event_id));
    marker.eventId = p.event_id;
    state.markers.set(p.event_id, marker);
    layers.push(marker);
  }
  cluster.addLayers(layers);
  if (layers.length) {
    const bounds = L.latLngBounds(layers.map((m) => m.getLatLng()));
    map.fitBounds(bounds.pad(0.25), { maxZoom: 7, animate: false });
  }
}

function highlightMarker(eventId) {
  if (!map) return;
  for (const node of document.querySelectorAll("#map .selected")) node.classList.remove("selected");
  const marker = state.markers.get(eventId);
  if (!marker) return;
  // Pan, never zoom: the analyst keeps the view they chose; a clustered event lights its cluster.
  const panel = document.getElementById("detail");
  const covered = panel.classList.contains("open") ? panel.offsetWidth : 0;
  map.panInside(marker.getLatLng(), { paddingTopLeft: [40, 40], paddingBottomRight: [covered + 40, 40] });
  const shown = cluster.getVisibleParent(marker) || marker;
  const icon = shown.getElement && shown.getElement();
  if (icon) icon.classList.add("selected");
}

/* ---------- filters ---------- */
function fillSelect(select, options, keep) {
  const first = select.options[0];
  select.replaceChildren(first);
  for (const option of options) select.append(option);
  if (keep !== undefined) select.value = keep;
}

function renderFacets() {
  const f = state.facets;
  fillSelect(document.getElementById("f-country"), f.countries.map((c) =>
    el("option", { value: c.country, text: `${c.country} (${c.events})` })), state.filters.country || "");
  renderAdmin1();
  const typeSelect = document.getElementById("f-type");
  const groups = TYPES.map((t) => {
    const subs = f.types.filter((x) => x.event_type === t);
    const total = subs.reduce((n, x) => n + x.events, 0);
    return el("optgroup", { label: t },
      el("option", { value: t, text: `All ${t.toLowerCase()} (${total})` }),
      subs.map((x) => el("option", { value: x.sub_event_type, text: `${x.sub_event_type} (${x.events})` })));
  });
  fillSelect(typeSelect, groups, state.filters.event_type || "");
  document.getElementById("actor-list").replaceChildren(
    ...f.actors.map((a) => el("option", { value: a.actor })));
  const legend = document.getElementById("legend");
  legend.replaceChildren(...TYPES.map((t, i) => {
    const n = f.types.filter((x) => x.event_type === t).reduce((s, x) => s + x.events, 0);
    return el("li", {}, el("button", {
      type: "button", title: `Show only ${t}`,
      onclick: () => setFilter("event_type", state.filters.event_type === t ? "" : t),
    }, el("span", { class: `swatch t-${i}` }), t), el("span", { class: "count", text: fmt.format(n) }));
  }));
}

function renderAdmin1() {
  const country = state.filters.country;
  const options = state.facets.admin1
    .filter((a) => !country || a.country === country)
    .map((a) => el("option", { value: a.admin1, text: country ? `${a.admin1} (${a.events})` : `${a.admin1}, ${a.country}` }));
  fillSelect(document.getElementById("f-admin1"), options, state.filters.admin1 || "");
}

function readForm() {
  const form = document.getElementById("filters");
  const data = new FormData(form);
  for (const key of FILTER_KEYS) state.filters[key] = (data.get(key) || "").toString().trim();
}

function writeForm() {
  const form = document.getElementById("filters");
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (input) input.value = state.filters[key] || "";
  }
}

function setFilter(key, value) {
  state.filters[key] = value;
  if (key === "country") { state.filters.admin1 = ""; renderAdmin1(); }
  writeForm();
  reload({ timeline: key !== "since" && key !== "until" });
}

function bindFilters() {
  const form = document.getElementById("filters");
  let timer = null;
  form.addEventListener("input", (event) => {
    clearTimeout(timer);
    const typing = event.target.matches("input[type=search], #f-actor, #f-min");
    timer = setTimeout(() => {
      const countryBefore = state.filters.country;
      readForm();
      if (state.filters.country !== countryBefore) { state.filters.admin1 = ""; renderAdmin1(); }
      const dates = event.target.name === "since" || event.target.name === "until";
      reload({ timeline: !dates });
    }, typing ? 350 : 0);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => { state.filters = {}; renderAdmin1(); writeForm(); reload({ timeline: true }); }, 0);
  });
}

/* ---------- timeline ---------- */
function binDays(days) {
  if (!days.length) return { bins: [], step: 1 };
  const start = Date.parse(days[0].date + "T00:00:00Z");
  const end = Date.parse(days[days.length - 1].date + "T00:00:00Z");
  const span = Math.round((end - start) / 86400000) + 1;
  const width = document.getElementById("timeline-svg").clientWidth || 800;
  const step = Math.max(1, Math.ceil(span / Math.max(60, Math.floor(width / 5))));
  const count = Math.ceil(span / step);
  const bins = Array.from({ length: count }, (_, i) => {
    const from = new Date(start + i * step * 86400000);
    const to = new Date(start + (Math.min(span, (i + 1) * step) - 1) * 86400000);
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), events: 0, fatalities: 0 };
  });
  for (const d of days) {
    const i = Math.floor((Date.parse(d.date + "T00:00:00Z") - start) / 86400000 / step);
    bins[i].events += d.events; bins[i].fatalities += d.fatalities;
  }
  return { bins, step };
}

function renderTimeline() {
  const box = document.getElementById("timeline-svg");
  const { bins, step } = binDays(state.timeline);
  const width = box.clientWidth || 800;
  const height = 120, top = 8, bottom = 18, left = 34;
  box.setAttribute("viewBox", `0 0 ${width} ${height}`);
  box.replaceChildren();
  const note = document.getElementById("timeline-note");
  if (!bins.length) { note.textContent = "no dated events"; return; }
  const measure = state.measure;
  // One outlier (a massacre, or a misread figure) must not flatten every other day:
  // a bar more than three times the next highest is drawn clipped, its value written on it.
  const sorted = bins.map((b) => b[measure]).sort((a, b) => b - a);
  const clip = sorted.length > 1 && sorted[1] > 0 && sorted[0] > 3 * sorted[1];
  const max = clip ? Math.ceil(sorted[1] * 1.25) : Math.max(1, sorted[0] || 0);
  const barW = (width - left) / bins.length;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  box.append(
    svg("line", { class: "grid", x1: left, x2: width, y1: y(max), y2: y(max) }),
    svg("text", { class: "axis", x: left - 4, y: y(max) + 3, "text-anchor": "end", text: compact.format(max) }),
    svg("text", { class: "axis", x: left - 4, y: y(0), "text-anchor": "end", text: "0" }),
  );
  const since = state.filters.since, until = state.filters.until;
  bins.forEach((b, i) => {
    const v = Math.min(b[measure], max);
    const clipped = b[measure] > max;
    const inside = (!since || b.to >= since) && (!until || b.from <= until);
    const rect = svg("rect", {
      class: "bar" + (inside && (since || until) ? " in" : ""),
      x: left + i * barW + 0.5, width: Math.max(1, barW - 1),
      y: v ? y(v) : height - bottom, height: v ? Math.max(1.5, height - bottom - y(v)) : 0,
      "data-from": b.from, "data-to": b.to,
    }, svg("title", { text: `${b.from === b.to ? formatDate(b.from) : formatDate(b.from) + " – " + formatDate(b.to)}: ${fmt.format(b.events)} events, ${fmt.format(b.fatalities)} killed` }));
    box.append(rect);
    if (clipped) {
      const x = left + (i + 0.5) * barW;
      box.append(
        svg("line", { class: "cut", x1: x - 5, x2: x + 5, y1: y(max) + 6, y2: y(max) + 2 }),
        svg("text", { class: "axis clipped", x: Math.min(width - 2, Math.max(left + 2, x + 4)), y: y(max) + 2,
          "text-anchor": x > width - 60 ? "end" : "start", text: compact.format(b[measure]) }));
    }
  });
  const labels = [0, Math.floor(bins.length / 2), bins.length - 1];
  for (const i of [...new Set(labels)]) {
    box.append(svg("text", {
      class: "axis", x: left + (i + 0.5) * barW, y: height - 4,
      "text-anchor": i === 0 ? "start" : i === bins.length - 1 ? "end" : "middle",
      text: formatDate(bins[i].from),
    }));
  }
  note.textContent = `${measure === "events" ? "events" : "fatalities"} per ${step === 1 ? "day" : step + " days"} · drag to select dates`;
  bindBrush(box, bins, left, barW, height);
  document.getElementById("timeline-clear").hidden = !(since || until);
}

function bindBrush(box, bins, left, barW, height) {
  let startX = null, brush = null;
  const indexAt = (x) => Math.max(0, Math.min(bins.length - 1, Math.floor((x - left) / barW)));
  const localX = (event) => {
    const r = box.getBoundingClientRect();
    return (event.clientX - r.left) * (box.viewBox.baseVal.width / r.width);
  };
  box.onmousedown = (event) => {
    startX = localX(event);
    brush = svg("rect", { class: "brush", x: startX, y: 2, width: 0, height: height - 18 });
    box.append(brush);
  };
  box.onmousemove = (event) => {
    if (startX === null) return;
    const x = localX(event);
    brush.setAttribute("x", Math.min(x, startX));
    brush.setAttribute("width", Math.abs(x - startX));
  };
  window.onmouseup = (event) => {
    if (startX === null) return;
    const x = localX(event);
    const a = indexAt(Math.min(x, startX)), b = indexAt(Math.max(x, startX));
    startX = null;
    state.filters.since = bins[a].from;
    state.filters.until = bins[b].to;
    writeForm();
    reload({ timeline: false });
  };
}

/* ---------- table ---------- */
function actorsCell(e) {
  return el("td", {}, e.actor1 || "—", e.actor2 ? el("div", { class: "sub", text: "vs " + e.actor2 }) : null);
}

function renderRows(events, append) {
  const body = document.querySelector("#events-table tbody");
  if (!append) body.replaceChildren();
  if (!events.length && !append) {
    body.append(el("tr", {}, el("td", { class: "empty", colspan: "6", text: "No events match these filters." })));
    return;
  }
  for (const e of events) {
    const t = typeIndex(e.event_type);
    const row = el("tr", { "data-id": e.event_id, tabindex: "0", onclick: () => openDetail(e.event_id),
      onkeydown: (ev) => { if (ev.key === "Enter") openDetail(e.event_id); } },
      el("td", {}, formatDate(e.event_date), el("div", { class: "sub", text: e.event_id_cnty })),
      el("td", {}, el("span", { class: `badge t-${t}` }), e.sub_event_type, el("div", { class: "sub", text: e.event_type })),
      el("td", {}, e.location || "—", el("div", { class: "sub", text: [e.admin1, e.country].filter(Boolean).join(", ") })),
      actorsCell(e),
      el("td", { class: "num" }, fmt.format(e.fatalities || 0), e.claims ? el("div", { class: "sub", text: `claimed ${fmt.format(e.claims)}` }) : null),
      el("td", {}, e.source || "", el("div", { class: "sub", text: e.number_of_sources > 1 ? `${e.number_of_sources} reports` : "" })),
    );
    if (e.event_id === state.selected) row.classList.add("selected");
    body.append(row);
  }
}

async function loadTable(append) {
  state.offset = append ? state.offset + TABLE_PAGE : 0;
  const data = await getJSON(`/api/events?${query({ sort: state.sort, limit: TABLE_PAGE, offset: state.offset })}`);
  renderRows(data.events, append);
  const shown = Math.min(data.total, state.offset + data.events.length);
  document.getElementById("table-note").textContent = `${fmt.format(shown)} of ${fmt.format(data.total)}`;
  document.getElementById("more").hidden = shown >= data.total;
  for (const th of document.querySelectorAll("th.sortable")) {
    th.classList.toggle("sorted-asc", state.sort === th.dataset.sort);
    th.classList.toggle("sorted-desc", state.sort === "-" + th.dataset.sort);
  }
  return data;
}

/* ---------- loading ---------- */
function updateStats(totals) {
  document.getElementById("stat-events").textContent = fmt.format(totals.events);
  document.getElementById("stat-fatalities").textContent = fmt.format(totals.fatalities);
  document.getElementById("stat-countries").textContent = fmt.format(totals.countries);
  document.getElementById("stat-period").textContent = totals.first_date
    ? `${formatDate(totals.first_date)} – ${formatDate(totals.last_date)}` : "–";
  document.getElementById("export-csv").href = `/api/events.csv?${query()}`;
  document.getElementById("export-geojson").href = `/api/events.geojson?${query({ limit: 20000 })}`;
}

async function reload({ timeline }) {
  const seq = ++state.loadSeq;
  try {
    const [geo] = await Promise.all([
      getJSON(`/api/events.geojson?${query({ properties: "summary", limit: 20000 })}`),
      loadTable(false),
      timeline ? loadTimeline() : Promise.resolve(),
    ]);
    if (seq !== state.loadSeq) return;  // a newer request superseded this one
    renderMarkers(geo.features);
    updateStats(geo.totals);
    if (!timeline) renderTimeline();
    notice(geo.truncated ? `Showing the newest ${fmt.format(geo.returned)} of ${fmt.format(geo.total)} events on the map: narrow the filters to see the rest.` : "");
  } catch (e) {
    notice("Could not load events: " + e.message);
  }
}

async function loadTimeline() {
  // The timeline shows every date for the other filters, so a date selection keeps its context.
  const params = new URLSearchParams(query());
  params.delete("since"); params.delete("until");
  const data = await getJSON(`/api/timeline?${params}`);
  state.timeline = data.days;
  renderTimeline();
}

/* ---------- detail ---------- */
function tollChart(history) {
  if (history.length < 2) return null;
  const w = 150, h = 54, pad = 8;
  const max = Math.max(1, ...history.map((t) => t.fatalities));
  const x = (i) => pad + (i * (w - 2 * pad)) / (history.length - 1);
  const y = (v) => h - 14 - ((h - 22) * v) / max;
  let d = `M${x(0)},${y(history[0].fatalities)}`;
  history.forEach((t, i) => { if (i) d += `H${x(i)}V${y(t.fatalities)}`; });
  return svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": "Toll history" },
    svg("path", { class: "line", d }),
    history.map((t, i) => svg("circle", { class: "dot", cx: x(i), cy: y(t.fatalities), r: 2.6 },
      svg("title", { text: `${t.reported || "undated"}: ${t.fatalities} (${t.source || "report"})` }))),
    svg("text", { x: pad, y: h - 2, text: history[0].reported || "" }),
    svg("text", { x: w - pad, y: h - 2, "text-anchor": "end", text: history[history.length - 1].reported || "" }),
  );
}

function highlighted(entry) {
  const out = [];
  let cursor = 0;
  for (const mark of entry.marks) {
    if (mark.start < cursor) continue;  // overlapping spans: the first one wins
    out.push(entry.sentence.slice(cursor, mark.start));
    const cls = FIELD_CLASS[mark.field] || "f-type";
    out.push(el("mark", { class: cls, title: mark.field.replace("_", " "), text: entry.sentence.slice(mark.start, mark.end) }));
    cursor = mark.end;
  }
  out.push(entry.sentence.slice(cursor));
  return el("li", {}, out);
}

function sourceBlock(article) {
  const link = safeUrl(article.url);
  const title = article.title || article.url || article.id;
  return el("div", { class: "source" },
    el("div", { class: "outlet", text: article.outlet || article.wire || "Unknown outlet" }),
    el("div", {}, link ? el("a", { href: link, target: "_blank", rel: "noopener noreferrer", text: title }) : title),
    el("div", { class: "meta", text: [article.published ? "published " + formatDate(article.published) : "", article.wire && article.wire !== article.outlet ? "via " + article.wire : ""].filter(Boolean).join(" · ") }),
    article.evidence.length ? el("ul", { class: "evidence" }, article.evidence.map(highlighted)) : el("p", { class: "muted", text: "No sentence recorded." }),
    article.copies.length ? el("div", { class: "copies", text: "Also carried by: " + article.copies.map((c) => c.outlet || c.url).join(", ") }) : null,
  );
}

function renderDetail(d) {
  const e = d.event;
  const t = typeIndex(e.event_type);
  const where = [e.location, e.admin2, e.admin1, e.country].filter((v, i, a) => v && a.indexOf(v) === i).join(", ");
  const precision = { 1: "exact date", 2: "within a week", 3: "month only" }[e.time_precision] || "";
  const geo = { 1: "town", 2: "near a town / district", 3: "region only" }[e.geo_precision] || "";
  const counted = (e.figures || []).filter((f) => f.kind === "killed");
  const keys = [...new Set(d.articles.flatMap((a) => a.evidence.flatMap((s) => s.marks.map((m) => FIELD_CLASS[m.field] || "f-type"))))];
  const body = el("div", {},
    el("div", { class: "kicker" }, el("span", { class: `badge t-${t}` }), e.event_type, " · ", e.event_id_cnty),
    el("h3", { text: `${e.sub_event_type} in ${e.location || e.country || "unknown place"}` }),
    el("div", { class: "where", text: `${formatDate(e.event_date)}${precision ? " (" + precision + ")" : ""} · ${where}` }),
    el("div", { class: "toll" },
      el("div", {}, el("div", { class: "big", text: fmt.format(e.fatalities || 0) }), el("div", { class: "what", text: `reported fatalities · ${e.number_of_sources} report${e.number_of_sources === 1 ? "" : "s"}` })),
      tollChart(d.toll_history)),
    d.claims.length ? el("section", { class: "claims" },
      el("div", { class: "tag", text: "Claims (not counted)" }),
      d.claims.map((c) => el("p", {}, el("strong", { text: `${c.best} ${c.kind}` }),
        ` — “${c.text}”${c.source ? " (claimed by " + c.source + ")" : ""}`))) : null,
    el("section", {}, el("h2", { text: `Sources (${d.articles.length})` }),
      keys.length ? el("ul", { class: "keys" }, keys.map((k) => el("li", {}, el("mark", { class: k, text: FIELD_LABEL[k] })))) : null,
      d.articles.map(sourceBlock)),
    el("section", {}, el("h2", { text: "Coded as" }), el("dl", { class: "facts" },
      el("dt", { text: "Actor 1" }), el("dd", { text: e.actor1 || "—" }),
      e.assoc_actor_1 ? [el("dt", { text: "with" }), el("dd", { text: e.assoc_actor_1 })] : null,
      el("dt", { text: "Actor 2" }), el("dd", { text: e.actor2 || "—" }),
      e.assoc_actor_2 ? [el("dt", { text: "with" }), el("dd", { text: e.assoc_actor_2 })] : null,
      el("dt", { text: "Interaction" }), el("dd", { text: e.interaction ? String(e.interaction) : "—" }),
      el("dt", { text: "Place precision" }), el("dd", { text: `${e.geo_precision || "—"} ${geo ? "(" + geo + ")" : ""}` }),
      el("dt", { text: "Coordinates" }), el("dd", { text: e.latitude !== null && e.latitude !== undefined ? `${e.latitude}, ${e.longitude}` : "—" }),
      el("dt", { text: "UCDP deaths" }), el("dd", { text: `best ${e.best}, low ${e.low}, high ${e.high}` }),
      e.civilian_targeting ? [el("dt", { text: "Targeting" }), el("dd", { text: e.civilian_targeting })] : null,
    )),
    e.notes ? el("section", {}, el("h2", { text: "Notes" }), el("p", { class: "notes", text: e.notes })) : null,
    counted.length ? el("section", {}, el("h2", { text: "Casualty figures reported" }), el("ul", { class: "figures" },
      counted.map((f) => el("li", {}, el("span", { class: "n", text: f.low === f.high ? String(f.best) : `${f.low}–${f.high}` }),
        `${f.side} · ${f.status}${f.source ? " · per " + f.source : ""} — “${f.text}”`)))) : null,
    d.toll_history.length ? el("section", {}, el("h2", { text: "Toll history" }), el("ul", { class: "figures" },
      d.toll_history.map((h) => el("li", {}, el("span", { class: "n", text: String(h.fatalities) }),
        `${h.reported ? formatDate(h.reported) : "undated"} · ${h.source || "report"}`)))) : null,
  );
  document.getElementById("detail-body").replaceChildren(body);
}

async function openDetail(eventId) {
  const panel = document.getElementById("detail");
  state.selected = eventId;
  for (const row of document.querySelectorAll("#events-table tbody tr")) {
    row.classList.toggle("selected", row.dataset.id === eventId);
  }
  try {
    const detail = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    renderDetail(detail);
    panel.classList.add("open");
    panel.setAttribute("aria-hidden", "false");
    panel.scrollTop = 0;
    history.replaceState(null, "", `#event=${encodeURIComponent(eventId)}`);
    highlightMarker(eventId);
  } catch (e) {
    notice("Could not load the event: " + e.message);
  }
}

function closeDetail() {
  const panel = document.getElementById("detail");
  panel.classList.remove("open");
  panel.setAttribute("aria-hidden", "true");
  state.selected = null;
  history.replaceState(null, "", location.pathname + location.search);
  highlightMarker(null);
}

/* ---------- start ---------- */
async function start() {
  await initMap();
  bindFilters();
  document.getElementById("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeDetail(); });
  document.getElementById("more").addEventListener("click", () => loadTable(true));
  document.getElementById("timeline-clear").addEventListener("click", () => {
    state.filters.since = ""; state.filters.until = ""; writeForm(); reload({ timeline: false });
  });
  for (const button of document.querySelectorAll(".seg button")) {
    button.addEventListener("click", () => {
      state.measure = button.dataset.measure;
      for (const b of document.querySelectorAll(".seg button")) b.classList.toggle("on", b === button);
      renderTimeline();
    });
  }
  for (const th of document.querySelectorAll("th.sortable")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      state.sort = state.sort === "-" + key ? key : "-" + key;
      loadTable(false);
    });
  }
  window.addEventListener("resize", () => renderTimeline());
  try {
    state.facets = await getJSON("/api/facets");
    renderFacets();
  } catch (e) {
    notice("Could not load the database summary: " + e.message);
  }
  await reload({ timeline: true });
  const match = location.hash.match(/^#event=([A-Za-z0-9_-]{1,64})$/);
  if (match) await openDetail(match[1]);
  document.body.dataset.ready = "true";  // the browser test waits for this
}

document.addEventListener("DOMContentLoaded", start);
