// kho-tam console: the runs list kept live (only what changed since the last look is fetched), and the two state-changing actions of a run
// page (each a POST carrying this process's token). Everything from the server is set as text.
(function () {
  "use strict";
  var token = (document.querySelector("meta[name=khotam-token]") || {}).content;

  function post(path) {
    return fetch(path, {method: "POST", headers: {"X-Khotam-Token": token}})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); });
  }

  function say(text) {
    document.getElementById("action-result").textContent = text;
  }

  if (document.body.dataset.page === "runs") {
    var form = document.getElementById("filters");
    var selected = document.getElementById("selected").dataset;
    ["status", "verdict", "untouched"].forEach(function (name) { form.elements[name].value = selected[name] || ""; });
    var firstPage = document.body.dataset.firstPage === "true";
    var tbody = document.querySelector("#runs tbody");
    var since = null;

    var setCount = function (id, n) {
      var link = document.getElementById(id);
      if (link) { link.querySelector("[data-count]").textContent = n; }
    };
    var showCounts = function (counts) {
      setCount("count-all-runs", counts.all || 0);
      setCount("count-need-attention", counts.attention || 0);
      ["RUNNING", "COMPLETED", "REJECTED", "FAILED", "INTERRUPTED", "UNKNOWN"].forEach(function (s) {
        setCount("count-" + s, counts["status." + s] || 0);
      });
      ["CONFORMS", "DIVERGES", "BREAKS_CONTRACT"].forEach(function (v) { setCount("count-" + v, counts["verdict." + v] || 0); });
      setCount("count-proof-not-untouched", (counts["proof.touched"] || 0) + (counts["proof.unproven"] || 0));
    };
    var cell = function (row, field) { return row.querySelector("[data-field=" + field + "]"); };
    var producerOf = function (run) {
      var p = run.producer || {};
      return !p.kind || p.kind === "builtin" ? "builtin" : p.kind + (p.verdict ? " " + p.verdict : "");
    };
    var fill = function (row, run) {
      row.className = "run-" + run.status + (run.needs_attention ? " attention" : "");
      var status = cell(row, "status");
      status.textContent = run.status;
      status.className = "status " + run.status;
      cell(row, "producer").textContent = producerOf(run);
      cell(row, "scanned").textContent = run.counts ? run.counts.scanned : 0;
      cell(row, "dead_letters").textContent = run.counts ? run.counts.dead_letters : 0;
      cell(row, "proof").textContent = run.proof || "-";
    };
    var newRow = function (run) {
      var row = document.createElement("tr");
      row.dataset.run = run.run_id;
      var td = function (field, text) {
        var c = document.createElement("td");
        if (field) { c.dataset.field = field; }
        if (text !== undefined) { c.textContent = text; }
        row.appendChild(c);
        return c;
      };
      var link = document.createElement("a");
      link.href = "/runs/" + encodeURIComponent(run.run_id);
      var code = document.createElement("code");
      code.textContent = run.run_id;
      link.appendChild(code);
      td(null).appendChild(link);
      var status = document.createElement("span");
      status.dataset.field = "status";
      td(null).appendChild(status);
      td("producer");
      td("scanned").className = "n";
      td("dead_letters").className = "n";
      td("proof");
      td(null, "0s");
      td(null, run.node || "-");
      var input = document.createElement("code");
      input.textContent = (run.input && run.input.file) || "?";
      td(null).appendChild(input);
      td(null, run.ruleset && run.ruleset.id ? run.ruleset.id + " " + run.ruleset.version : "-");
      fill(row, run);
      return row;
    };
    // a look that cannot be answered (the catalogue out of reach) is said above the list, which stays as it was
    var liveState = function (message) {
      var note = document.getElementById("live-state");
      if (!message) {
        if (note) { note.remove(); }
        return;
      }
      if (!note) {
        note = document.createElement("p");
        note.id = "live-state";
        note.className = "refused";
        var table = tbody.closest("table");
        table.parentNode.insertBefore(note, table);
      }
      note.textContent = "live view paused (" + new Date().toLocaleTimeString() + "): " + message;
    };
    var poll = function () {
      if (document.hidden) { return; }
      fetch("/api/changes" + (since ? "?since=" + encodeURIComponent(since) : "")).then(function (r) {
        if (r.ok) { return r.json(); }
        return r.json().then(function (refusal) { liveState(refusal.message); return null; },
          function () { liveState("HTTP " + r.status); return null; });
      }).then(function (changes) {
        if (!changes) { return; }
        liveState(null);
        since = changes.next;
        showCounts(changes.counts);
        changes.runs.forEach(function (run) {
          var row = tbody.querySelector("tr[data-run='" + run.run_id + "']");
          if (row) {
            fill(row, run);
          } else if (firstPage) {
            tbody.insertBefore(newRow(run), tbody.firstChild);
            while (tbody.rows.length > 100) { tbody.deleteRow(tbody.rows.length - 1); }
            var none = document.getElementById("no-runs");
            if (none) { none.remove(); }
          }
        });
        changes.gone.forEach(function (id) {
          var row = tbody.querySelector("tr[data-run='" + id + "']");
          if (row) { row.remove(); }
        });
        changes.progress.forEach(function (p) {
          var row = tbody.querySelector("tr[data-run='" + p.run_id + "']");
          if (row) { cell(row, "scanned").textContent = p.scanned + (p.expected ? " of " + p.expected : ""); }
        });
      }).catch(function () { liveState("kho-tam does not answer"); });
    };
    poll();
    setInterval(poll, 2000);
  }

  if (document.body.dataset.page === "run") {
    var run = document.body.dataset.run;
    document.getElementById("delete").addEventListener("click", function () {
      if (!window.confirm("Delete run " + run + " and everything in it? This cannot be undone.")) { return; }
      post("/api/runs/" + run + "/delete").then(function (answer) {
        if (answer.ok) { location.href = "/"; } else { say("not deleted: " + answer.body.message); }
      });
    });
    document.getElementById("rerun").addEventListener("click", function () {
      var ruleset = document.getElementById("rerun-ruleset").value;
      var producer = document.getElementById("rerun-producer").value;
      post("/api/runs/" + run + "/rerun?ruleset=" + encodeURIComponent(ruleset)
          + "&producer=" + encodeURIComponent(producer)).then(function (answer) {
        if (answer.ok) { location.href = "/runs/" + answer.body.run_id; } else { say("not rerun: " + answer.body.message); }
      });
    });
  }
})();
