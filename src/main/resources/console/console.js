// kho-tam console: live progress on the runs list, and the two state-changing actions of a run
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
    var refresh = function () {
      if (!document.querySelector("tr.run-RUNNING")) { return; }
      fetch("/api/runs").then(function (r) { return r.json(); }).then(function (runs) {
        runs.forEach(function (run) {
          var row = document.querySelector("tr[data-run='" + run.run_id + "']");
          if (!row) { location.reload(); return; }
          if (run.status !== "RUNNING" && row.classList.contains("run-RUNNING")) { location.reload(); return; }
          if (run.progress) {
            row.querySelector("[data-field=scanned]").textContent = run.progress.scanned
              + (run.progress.expected ? " of " + run.progress.expected : "");
          }
        });
        if (runs.length !== document.querySelectorAll("tr[data-run]").length) { location.reload(); }
      });
    };
    setInterval(refresh, 2000);
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
