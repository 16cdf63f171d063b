// A folium map drawn in the page itself (no frame): see ui/leaflet.py for why.
//
// Streamlit calls this function on mount and again whenever the map's data changes, with the same
// parent element. The map is built once per parent; later calls move it to a view that came from
// Python, swap its dynamic layers, or rebuild it only when its own script changed. Leaflet and its
// plugins are loaded once per page, from the dashboard's own static files (started by the page's shell
// where it knew the page shows a map).

const mounts = new WeakMap();
const loaded = new Map();
let counter = 0;

// A file the page's shell started already (ui/shell.py: window.__hanoiEarly) is taken from there.
function early(url) {
  return (window.__hanoiEarly || {})[url];
}

function stylesheet(url) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = url;
  document.head.appendChild(link);
  return Promise.resolve();
}

function loadCss(url) {
  if (!loaded.has(url)) loaded.set(url, early(url) || stylesheet(url));
  return loaded.get(url);
}

function inject(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = false;
    script.onload = resolve;
    script.onerror = () => { loaded.delete(url); reject(new Error("could not load " + url)); };
    document.head.appendChild(script);
  });
}

function loadJs(url) {
  if (!loaded.has(url)) {
    const started = early(url);
    loaded.set(url, started ? started.catch(() => inject(url)) : inject(url));  // an early start that failed is tried again
  }
  return loaded.get(url);
}

async function loadAll(data) {
  data.css.forEach(loadCss);
  for (const url of data.js) await loadJs(url);  // in order: a plugin needs Leaflet first
}

// Folium's scripts declare their objects as globals (as in the frame they were written for); the map's
// own name is made unique to this mount, so that a map still leaving the page is never the one found.
function run(code, name) {
  (0, eval)(code.replace(/\bmap_div\b/g, name));
}

function round(value, places) {
  const f = Math.pow(10, places);
  return Math.round(value * f) / f;
}

function viewOf(map) {
  const c = map.getCenter();
  return {lat: round(c.lat, 5), lng: round(c.lng, 5), zoom: map.getZoom()};
}

function sameView(a, b) {
  return !!a && !!b && a.lat === b.lat && a.lng === b.lng && a.zoom === b.zoom;
}

function build(m, data) {
  if (m.map) {  // the map's own script changed (another boundary layer, language): a new map replaces it
    clearTimeout(m.timer);
    m.map.remove();
    delete window[m.name];
  }
  m.box.replaceChildren();
  m.name = "hanoi_map_" + (++counter);
  const div = document.createElement("div");
  div.id = m.name;
  div.className = "hanoi-map";
  div.setAttribute("data-testid", "hanoi-map");
  div.style.cssText = "position:relative;width:100%;height:" + data.height + "px";
  m.box.appendChild(div);
  if (data.styles) {
    const style = document.createElement("style");
    style.textContent = data.styles.replace(/\bmap_div\b/g, m.name);
    m.box.appendChild(style);
  }
  if (data.html) {
    const extra = document.createElement("div");
    extra.innerHTML = data.html;  // folium's own markup, made in Python; never a user's text
    m.box.appendChild(extra);
  }
  run(data.script, m.name);
  const map = window[m.name];
  div.hanoiMap = map;
  m.map = map;
  m.script = data.script;
  m.layers = null;
  m.groups = [];
  m.control = null;
  m.given = null;
  m.sent = viewOf(map);
  map.on("moveend", () => {
    if (!m.data.report_view) return;
    clearTimeout(m.timer);
    m.timer = setTimeout(() => {
      const view = viewOf(map);
      if (sameView(view, m.sent)) return;
      m.sent = view;
      m.setStateValue("view", view);
    }, 150);
  });
  // A click on anything drawn from a feature (a site, an area) reports that feature's properties.
  const watch = (layer) => {
    if (!layer.feature || layer._hanoiClick) return;
    layer._hanoiClick = true;
    layer.on("click", () => {
      if (m.data.report_clicks) m.setTriggerValue("clicked", layer.feature.properties || {});
    });
  };
  map.eachLayer(watch);
  map.on("layeradd", (e) => watch(e.layer));
}

function swapLayers(m, data) {
  const code = data.layers || "";
  if (code === m.layers) return;
  m.groups.forEach((group) => m.map.removeLayer(group));
  if (m.control) m.map.removeControl(m.control);
  window.feature_group = [];
  window.layer_control = null;
  run(code, m.name);
  m.groups = window.feature_group || [];
  m.control = window.layer_control || null;
  m.layers = code;
}

function moveTo(m, data) {
  if (!data.center || data.zoom == null) return;
  const given = {lat: round(data.center[0], 5), lng: round(data.center[1], 5), zoom: data.zoom};
  if (sameView(given, m.given)) return;  // only a view that changed in Python moves the map
  m.given = given;
  if (sameView(given, viewOf(m.map))) return;
  m.sent = given;  // where Python put it is not news to Python
  m.map.setView([given.lat, given.lng], given.zoom, {animate: false});
}

function update(m, data) {
  m.data = data;
  if (data.script !== m.script) build(m, data);
  else m.map.getContainer().style.height = data.height + "px";
  swapLayers(m, data);
  moveTo(m, data);
}

export default function (component) {
  const {data, parentElement, setStateValue, setTriggerValue} = component;
  let m = mounts.get(parentElement);
  if (!m) {
    const box = document.createElement("div");
    box.className = "hanoi-map-box";
    parentElement.appendChild(box);
    m = {box, ready: Promise.resolve(), map: null};
    mounts.set(parentElement, m);
  }
  m.setStateValue = setStateValue;
  m.setTriggerValue = setTriggerValue;
  // Calls are applied in order, each once the scripts it needs have loaded.
  m.ready = m.ready
    .then(() => loadAll(data))
    .then(() => update(m, data))
    .catch((error) => {
      console.error("map", error);
      const note = document.createElement("div");
      note.setAttribute("role", "alert");
      note.style.cssText = "padding:8px;border:1px solid #c00;background:#fff4f4";
      note.textContent = data.failed;
      m.box.replaceChildren(note);
      m.script = null;
    });
  return () => {
    mounts.delete(parentElement);
    m.ready.then(() => { if (m.map) m.map.remove(); });
  };
}
