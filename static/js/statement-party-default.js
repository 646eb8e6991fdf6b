// Statement admin: when the party is empty, fill it with the party the speaker's membership
// gives on the statement's date (the editor can still change it). The server decides, through
// the same service the form uses; this only saves a click. No inline script (CSP).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var speaker = document.getElementById("id_speaker");
  var party = document.getElementById("id_party");
  var saidOn = document.getElementById("id_said_on");
  if (!speaker || !party || !saidOn) {
    return;
  }
  var marker = "/negotiations/statement/";
  var base = window.location.pathname;
  var endpoint = base.slice(0, base.indexOf(marker) + marker.length) + "party-default/";

  function fill() {
    if (party.value || !speaker.value || !/^\d{4}-\d{2}-\d{2}$/.test(saidOn.value.trim())) {
      return;
    }
    var query = new URLSearchParams({ speaker: speaker.value, said_on: saidOn.value.trim() });
    fetch(endpoint + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { id: null };
      })
      .then(function (data) {
        if (!data.id || party.value) {
          return;
        }
        party.appendChild(new Option(data.text, data.id, true, true));
        if (window.django && window.django.jQuery) {
          window.django.jQuery(party).trigger("change"); // refreshes the autocomplete widget
        }
      })
      .catch(function () {
        // The form still applies the default on save; nothing to tell the editor here.
      });
  }

  if (window.django && window.django.jQuery) {
    // select2 announces its changes through jQuery events only.
    window.django.jQuery(speaker).on("change", fill);
  } else {
    speaker.addEventListener("change", fill);
  }
  saidOn.addEventListener("change", fill);
});
