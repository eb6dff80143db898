/* Article page, progressive enhancement: filter highlights by status, and show a
   highlight's rating and summary on hover or keyboard focus. Without this script
   every highlight is a plain link to its claim. */
(function () {
  "use strict";
  var text = document.querySelector(".article-text");
  if (!text) return;
  var highlights = Array.prototype.slice.call(text.querySelectorAll("a.hl"));
  var items = Array.prototype.slice.call(document.querySelectorAll(".article-claims .claim-item"));
  var filter = document.querySelector(".hl-filter");

  function itemFor(link) {
    var href = link.getAttribute("href") || link.dataset.href;
    return items.filter(function (li) {
      var a = li.querySelector(".claim-item-title");
      return a && a.getAttribute("href") === href;
    })[0];
  }

  /* A filtered-out highlight loses its href: it becomes plain, unfocusable text. */
  function setShown(link, shown) {
    if (shown && link.dataset.href) {
      link.setAttribute("href", link.dataset.href);
      delete link.dataset.href;
    } else if (!shown && link.hasAttribute("href")) {
      link.dataset.href = link.getAttribute("href");
      link.removeAttribute("href");
    }
    link.classList.toggle("hl-off", !shown);
  }

  function applyFilter() {
    var on = {};
    filter.querySelectorAll("input:checked").forEach(function (box) { on[box.value] = true; });
    var shown = 0;
    highlights.forEach(function (link) {
      setShown(link, !!on[link.dataset.status]);
      if (on[link.dataset.status]) shown += 1;
    });
    items.forEach(function (li) { li.hidden = !on[li.dataset.status]; });
    var note = filter.querySelector(".hl-filter-note");
    note.textContent = "";
    if (shown !== highlights.length) {
      var words = document.createElement("span");
      words.dir = "ltr"; // the interface's English, left to right in a right-to-left page too
      words.textContent = shown + " of " + highlights.length + " highlights shown.";
      note.appendChild(words);
    }
  }

  if (filter) {
    filter.hidden = false;
    filter.addEventListener("change", applyFilter);
    applyFilter();
  }

  var tip = document.createElement("div");
  tip.className = "hl-tip";
  tip.id = "hl-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  (document.querySelector("main") || document.body).appendChild(tip);
  var current = null;
  var hideTimer = 0;

  function show(link) {
    var item = itemFor(link);
    if (!item || !link.hasAttribute("href")) return;
    clearTimeout(hideTimer);
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    tip.textContent = "";
    var badge = item.querySelector(".badge").cloneNode(true);
    var summary = document.createElement("p");
    summary.textContent = item.querySelector(".claim-item-summary").textContent;
    tip.appendChild(badge);
    tip.appendChild(summary);
    tip.dataset.status = link.dataset.status;
    tip.hidden = false;
    link.setAttribute("aria-describedby", tip.id);
    var rects = link.getClientRects();
    var rect = rects[rects.length - 1] || link.getBoundingClientRect();
    var width = tip.offsetWidth;
    // Under the highlight's last line, from its start: its right end in a right-to-left text.
    var start = getComputedStyle(link).direction === "rtl" ? rect.right - width : rect.left;
    var left = Math.max(8, Math.min(start, document.documentElement.clientWidth - width - 8));
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = rect.bottom + window.scrollY + 6 + "px";
  }

  function hide() {
    tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 150);
  }

  highlights.forEach(function (link) {
    if (link.title) {
      link.dataset.title = link.title;
      link.removeAttribute("title");
    }
    link.addEventListener("mouseenter", function () { show(link); });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", hide);
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", hideSoon);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !tip.hidden) hide();
  });
})();
