// Anki's keys for the study page. Progressive enhancement only: every action is a real form
// button, so without this file the page still works with Tab, Enter and taps. The listeners sit
// on the document, so they keep working after htmx swaps in the next card.
(function () {
  "use strict";

  var NOT_TEXT = ["button", "checkbox", "radio", "reset", "submit", "image", "file", "color", "range"];

  function isTextField(element) {
    if (!element || !element.tagName) return false;
    var tag = element.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || element.isContentEditable) return true;
    return tag === "input" && NOT_TEXT.indexOf((element.type || "").toLowerCase()) === -1;
  }

  function find(card, selector) {
    return card.querySelector(selector);
  }

  function press(card, selector, event) {
    var target = find(card, selector);
    if (!target) return;
    event.preventDefault();
    target.click();
  }

  function focusPrompt(card) {
    var prompt = find(card, "#study-prompt");
    if (prompt) prompt.focus();
  }

  // Space or Enter: "Show answer" / "Check", unless a control has focus and will act itself.
  function reveal(card, event) {
    var button = find(card, '[data-study-action="reveal"]');
    if (!button) return;
    var target = event.target;
    if (target.type === "radio" && card.contains(target)) {
      // On an option, Enter checks; Space first picks the option, then checks it.
      if (event.key === "Enter" || target.checked) press(card, '[data-study-action="reveal"]', event);
      return;
    }
    if (target.closest && target.closest("a, button, summary, [role='button']")) return;
    press(card, '[data-study-action="reveal"]', event);
  }

  function pickOption(card, key, event) {
    var option = find(card, 'input[type="radio"][data-key="' + key + '"]');
    if (!option || !find(card, '[data-study-action="reveal"]')) return;
    event.preventDefault();
    option.checked = true;
    option.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var card = document.getElementById("study-card");
    if (!card) return;
    if (isTextField(event.target)) {
      // Typing stays typing; Enter submits the answer form the normal way.
      if (event.key === "Escape" && card.contains(event.target)) focusPrompt(card);
      return;
    }
    if (event.repeat) return; // a held key must not grade card after card
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === " " || key === "Enter") {
      reveal(card, event);
    } else if (key >= "1" && key <= "4") {
      press(card, '[data-rating="' + key + '"]', event);
    } else if (key === "u") {
      press(card, '[data-study-action="undo"]', event);
    } else if (/^[a-z]$/.test(key)) {
      pickOption(card, key, event);
    }
  });

  // htmx does not swap 4xx answers; show their one-line reason instead of doing nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("study-error");
    if (!box) return;
    var xhr = event.detail.xhr;
    var reason = xhr.status < 500 && xhr.responseText.length < 300 ? xhr.responseText : "";
    box.textContent = "That did not work" + (reason ? ": " + reason : "") + ". Reload the page to go on.";
  });

  document.addEventListener("htmx:afterSwap", function () {
    var box = document.getElementById("study-error");
    if (box) box.textContent = "";
  });
})();
