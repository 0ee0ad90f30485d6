// Progressive enhancement of the ballot: counts choices (or money) per pool and warns over the limit.
// The server checks the same rules; without JavaScript the ballot works the same.
(function () {
  "use strict";
  var form = document.querySelector("[data-budget-ballot]");
  if (!form) return;
  var method = form.getAttribute("data-method");
  var max = parseInt(form.getAttribute("data-max"), 10);
  form.querySelectorAll(".budget-pool").forEach(function (pool) {
    var counter = pool.querySelector(".budget-counter");
    var amount = parseFloat(pool.getAttribute("data-amount"));
    function update() {
      if (method === "points") return;
      var boxes = pool.querySelectorAll("input[type=checkbox]:checked");
      if (method === "approval") {
        counter.textContent = "Wybrano " + boxes.length + " z " + max + (boxes.length > max ? " — za dużo projektów" : "");
      } else {
        var total = 0;
        boxes.forEach(function (b) { total += parseFloat(b.getAttribute("data-cost")) || 0; });
        counter.textContent = "Wybrano za " + total.toLocaleString("pl-PL") + " zł z " + amount.toLocaleString("pl-PL") + " zł" +
          (total > amount ? " — przekroczona kwota puli" : "");
      }
    }
    pool.addEventListener("change", update);
    update();
  });
})();
