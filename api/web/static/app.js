// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A form is sent once: a second click does nothing (the server also treats it as one).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("[data-once]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
  });

  // Live regions: refreshed from the server when the event feed says something changed.
  var regions = document.querySelectorAll("[data-live-region]");
  if (!regions.length || !window.EventSource) { return; }

  function refresh(position, attempt) {
    var url = new URL(window.location.href);
    if (position) { url.searchParams.set("na", position); }
    attempt = attempt || 0;
    fetch(url.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) {  // the views were still catching up: ask again in a moment
          if (attempt < 5) { setTimeout(function () { refresh(position, attempt + 1); }, 1000); }
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        regions.forEach(function (region) {
          var name = region.getAttribute("data-live-region");
          var next = fresh.querySelector('[data-live-region="' + name + '"]');
          if (next && next.innerHTML !== region.innerHTML) { region.innerHTML = next.innerHTML; }
        });
      });
  }

  var after = document.body.getAttribute("data-live-after");
  var source = new EventSource("/live" + (after ? "?na=" + after : ""));
  ["ConsultationRequested", "ConsultationAnswered", "ConsultationReopened", "ConsultationWithdrawn",
   "ConsultationReplyDue", "ConsultationOverdue", "Initialled", "InitialRefused", "Submitted", "Decided", "SectionRevised"].forEach(function (type) {
    source.addEventListener(type, function (event) {
      var note = null;
      try { note = JSON.parse(event.data).aggregateId; } catch (e) { note = null; }
      var watched = document.querySelector("[data-live-note]");
      if (!watched || watched.getAttribute("data-live-note") === note) { refresh(event.lastEventId); }
    });
  });
})();
