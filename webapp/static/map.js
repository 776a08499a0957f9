// The map of events (/map): country and region outlines (Natural Earth, TopoJSON from npm), the
// events of the page's filters from /events.geojson as clustered markers, and a click on one opens
// its card with the evidence the briefings give. Without this script the page lists them by place.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L || !window.topojson) { return; }
  var status = document.getElementById("map-status");
  var card = document.getElementById("map-card");
  // the closer the point, the darker its marker
  var SHADES = { site: "#7f1d1d", town: "#b91c1c", district: "#dc2626", region: "#f87171", country: "#fca5a5" };

  var map = L.map(box, { zoomSnap: 0.5, minZoom: 2, maxZoom: 11, worldCopyJump: false }).setView([52.5, 30], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth");

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + " answered " + r.status); }
      return r.json();
    });
  }

  function outline(topo, style) {
    var name = Object.keys(topo.objects)[0];
    return L.geoJSON(topojson.feature(topo, topo.objects[name]), { style: style, interactive: false });
  }

  var outlines = [getJSON("/vendor/countries-50m.json").then(function (topo) {
    outline(topo, { color: "#7a8a99", weight: 1, fillColor: "#fbfbf8", fillOpacity: 1 }).addTo(map).bringToBack();
  })];
  (box.dataset.outlines || "").split(" ").filter(Boolean).forEach(function (code) {
    outlines.push(getJSON("/vendor/regions-" + code + ".topo.json").then(function (topo) {
      outline(topo, { color: "#b3bcc6", weight: 0.6, fill: false }).addTo(map);
    }));
  });

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  function link(href, value) {
    var a = text("a", value);
    a.href = href;
    return a;
  }

  // The event's card: what, when, where (and how precisely), then each report's evidence.
  function show(f) {
    var p = f.properties;
    card.replaceChildren();
    var title = document.createElement("h3");
    title.appendChild(link("/id/" + p.event, p.label));
    card.appendChild(title);
    card.appendChild(text("p", [p.date || p.date_start || "undated", p.modality].join(" · "), "meta"));
    var where = text("p", "Where: ");
    where.appendChild(link("/id/" + p.place, p.place_label || p.place));
    where.appendChild(document.createTextNode(" (" + p.precision + ")"));
    card.appendChild(where);
    var reports = text("div", "Loading the evidence…", "reports");
    card.appendChild(reports);
    card.dataset.event = p.event;
    getJSON("/id/" + p.event + ".json").then(function (event) {
      reports.replaceChildren();
      (event.reports || []).forEach(function (r) {
        reports.appendChild(text("blockquote", r.evidence));
        var source = text("p", "", "meta");
        source.appendChild(link("/briefings/" + r.briefing, r.title || r.briefing));
        reports.appendChild(source);
      });
    }).catch(function (e) { reports.textContent = "The evidence could not be loaded: " + e.message; });
  }

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  map.addLayer(cluster);

  getJSON(box.dataset.geojson).then(function (collection) {
    var markers = collection.features.map(function (f) {
      var c = f.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 7, weight: 1.5, color: "#450a0a", fillColor: SHADES[f.properties.precision] || "#b91c1c",
        fillOpacity: 0.85, className: "event-marker"
      });
      marker.bindTooltip(f.properties.label + (f.properties.date ? ", " + f.properties.date : ""));
      marker.on("click", function () { show(f); });
      return marker;
    });
    cluster.addLayers(markers);
    box.dataset.markers = String(markers.length);
    status.textContent = markers.length === 1 ? "1 event on the map." : markers.length + " events on the map.";
    if (markers.length) { map.fitBounds(cluster.getBounds(), { maxZoom: 7, padding: [24, 24], animate: false }); }
    return Promise.all(outlines);
  }).then(function () {
    box.dataset.ready = "1";
  }).catch(function (e) {
    status.textContent = "The map could not be drawn: " + e.message;
  });
}());
