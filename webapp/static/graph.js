// The graph view: draws an entity's neighbourhood with Cytoscape.js and expands nodes on click.
// Data comes from the page's JSON twin (/graph.json?id=...). No inline script: the page's
// Content-Security-Policy forbids it, so this file reads its settings from data- attributes.
"use strict";

(function () {
  const box = document.getElementById("graph");
  if (!box || typeof window.cytoscape !== "function") return;
  const source = box.dataset.source;
  const expandable = box.dataset.expand === "1";
  const status = document.getElementById("graph-status");
  const expanded = new Set();
  const hidden = new Set();

  const cy = window.cytoscape({
    container: box,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120,
                                   "background-color": "#1f5fa8", "color": "#1d2430", "width": 18, "height": 18 } },
      { selector: "node.event", style: { "shape": "round-rectangle", "background-color": "#b58900", "width": 14, "height": 14 } },
      { selector: "node.start", style: { "background-color": "#b03a2e", "width": 26, "height": 26 } },
      { selector: "edge", style: { "width": 1, "line-color": "#9aa5b1", "target-arrow-shape": "triangle",
                                   "target-arrow-color": "#9aa5b1", "curve-style": "bezier", "label": "data(type)",
                                   "font-size": 7, "color": "#5b6675", "text-rotation": "autorotate" } },
      { selector: ".filtered", style: { "display": "none" } },
    ],
  });

  function say(text) { if (status) status.textContent = text; }

  function addClassBox(cls, isEvent) {
    const filter = document.getElementById("class-filter");
    if (!filter || filter.querySelector(`input[value="${CSS.escape(cls)}"]`)) return;
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = cls;
    input.checked = true;
    label.append(input, " " + cls + (isEvent ? " (event)" : ""));
    filter.append(label);
  }

  function applyFilter() {
    cy.nodes().forEach((n) => n.toggleClass("filtered", hidden.has(n.data("cls"))));
  }

  function load(id) {
    if (expanded.has(id)) return Promise.resolve();
    expanded.add(id);
    say("Loading " + id + "…");
    const url = source + "?id=" + encodeURIComponent(id);
    return fetch(url, { headers: { "Accept": "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status + " " + r.statusText))))
      .then((data) => {
        const add = [];
        const nodes = data.start ? [{ id: data.start.id, label: data.start.label, class: data.start.class,
                                      labels: [data.start.class] }].concat(data.nodes) : data.nodes;
        for (const n of nodes) {
          if (cy.getElementById(n.id).length) continue;
          const isEvent = n.id.startsWith("event/");
          add.push({ group: "nodes", data: { id: n.id, label: n.label || n.id, cls: n.class },
                     classes: (isEvent ? "event" : "entity") + (n.id === box.dataset.start ? " start" : "") });
          addClassBox(n.class, isEvent);
        }
        for (const e of data.edges) {
          const eid = e.source + "|" + e.type + "|" + e.target;
          if (!cy.getElementById(eid).length) add.push({ group: "edges", data: { id: eid, source: e.source, target: e.target, type: e.type } });
        }
        cy.add(add);
        applyFilter();
        cy.layout({ name: "cose", animate: false, nodeRepulsion: () => 6000, idealEdgeLength: () => 70 }).run();
        say(cy.nodes().length + " nodes, " + cy.edges().length + " edges. Click a node to expand it; double-click to open its page.");
      })
      .catch((err) => say("Could not load " + id + ": " + err.message));
  }

  cy.on("tap", "node", (evt) => {
    const id = evt.target.id();
    if (expandable) load(id); else window.location.assign("/id/" + id);
  });
  cy.on("dbltap", "node", (evt) => window.location.assign("/id/" + evt.target.id()));

  const filter = document.getElementById("class-filter");
  if (filter) {
    filter.addEventListener("change", (evt) => {
      const input = evt.target;
      if (input.checked) hidden.delete(input.value); else hidden.add(input.value);
      applyFilter();
    });
  }
  load(box.dataset.start);
  window.briefgraphGraph = { cy: cy, expand: load };
})();
