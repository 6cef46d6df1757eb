/* The pipeline board's drag and drop: an enhancement over the move form of each card
   (which works without this script). Dropping a card on a column ticks that column's
   stage in the card's form and submits the form; a rejection without a reason opens
   the form instead, the reason being required. Served from our own origin: the CSP
   allows no inline script. */
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) {
    return;
  }
  var dragged = null;

  function allowed(card, stage) {
    return (card.getAttribute("data-next") || "").split(" ").indexOf(stage) !== -1;
  }

  function clearMarks() {
    board.querySelectorAll(".board-drop-ok").forEach(function (column) {
      column.classList.remove("board-drop-ok");
    });
  }

  board.querySelectorAll("[data-card]").forEach(function (card) {
    if (card.getAttribute("data-next").trim()) {
      card.setAttribute("draggable", "true");
    }
  });
  board.classList.add("board-draggable");

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("board-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-card"));
  });

  board.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("board-dragging");
    }
    dragged = null;
    clearMarks();
  });

  board.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    if (!column || !dragged || !allowed(dragged, column.getAttribute("data-stage"))) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    column.classList.add("board-drop-ok");
  });

  board.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    var card = dragged;
    clearMarks();
    if (!column || !card) {
      return;
    }
    event.preventDefault();
    var stage = column.getAttribute("data-stage");
    var form = card.querySelector("form[data-move-form]");
    var choice = form && form.querySelector('input[name="to_stage"][value="' + stage + '"]');
    if (!choice) {
      return;
    }
    choice.checked = true;
    var reason = form.querySelector('[name="reason"]');
    if (stage === "rejected" && !reason.value.trim()) {
      form.closest("details").open = true;
      reason.setAttribute("required", "");
      reason.focus();
      return;
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
})();
