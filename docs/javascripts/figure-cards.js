// Glossary cards: a figure's component, hovered or focused, shows its glossary entry's term,
// expansion and first sentence, with a link to the entry. The text is the hidden description
// that the component's aria-describedby names (illustrated/markdown/explorable.py), so the card
// is aria-hidden: a screen reader has heard it already. On a touch screen the first tap on a
// component opens its card, a second tap (or the card's link) follows it.
(() => {
  const COMPONENT = ".hv-figure__art svg a[aria-describedby]";
  let card, shown, hiding, tapToOpen, closedAt, pointer;

  function build() {
    card = document.createElement("div");
    card.className = "hv-card";
    card.setAttribute("aria-hidden", "true");
    card.innerHTML = '<b class="hv-card__term"></b><span class="hv-card__expansion"></span>' +
      '<span class="hv-card__definition"></span><a class="hv-card__link" tabindex="-1"></a>';
    card.addEventListener("pointerenter", () => clearTimeout(hiding));
    card.addEventListener("pointerleave", () => hideSoon());
  }

  function show(link) {
    const text = document.getElementById(link.getAttribute("aria-describedby"));
    if (!text) return;
    if (!card) build();
    if (!card.isConnected) document.body.append(card);  // instant navigation swaps the body's content
    clearTimeout(hiding);
    const { term, expansion, definition, href } = text.dataset;
    card.querySelector(".hv-card__term").textContent = term;
    card.querySelector(".hv-card__expansion").textContent = expansion;
    card.querySelector(".hv-card__definition").textContent = definition;
    const more = card.querySelector(".hv-card__link");
    more.href = href;
    more.textContent = "Glossary: " + term;
    card.hidden = false;
    shown = link;
    place(link);
  }

  // Below the component, or above it where the window ends; inside the window's width.
  function place(link) {
    const box = link.getBoundingClientRect();
    const width = Math.min(card.offsetWidth, innerWidth - 16);
    const left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2, innerWidth - width - 8));
    const below = box.bottom + 8 + card.offsetHeight <= innerHeight || box.top < card.offsetHeight + 8;
    const top = below ? box.bottom + 8 : box.top - card.offsetHeight - 8;
    card.style.left = left + scrollX + "px";
    card.style.top = top + scrollY + "px";
  }

  function hide() {
    if (card) card.hidden = true;
    shown = null;
  }

  // A pause before hiding lets the pointer move from the component onto its card.
  function hideSoon() {
    clearTimeout(hiding);
    hiding = setTimeout(hide, 300);
  }

  const component = (event) => event.target.closest && event.target.closest(COMPONENT);

  document.addEventListener("pointerover", (event) => {
    const link = component(event);
    // Escape closed the card: what lay under it is not hovered until the pointer moves.
    const still = closedAt && event.clientX === closedAt.x && event.clientY === closedAt.y;
    if (link && event.pointerType !== "touch" && !still) show(link);
  });
  document.addEventListener("pointermove", (event) => {
    if (!closedAt || event.clientX !== closedAt.x || event.clientY !== closedAt.y) closedAt = null;
    pointer = { x: event.clientX, y: event.clientY };
  }, { passive: true });
  document.addEventListener("pointerout", (event) => {
    if (component(event) && event.pointerType !== "touch") hideSoon();
  });
  document.addEventListener("focusin", (event) => {
    const link = component(event);
    if (link) show(link);
  });
  document.addEventListener("focusout", (event) => {
    if (component(event)) hideSoon();
  });
  document.addEventListener("pointerdown", (event) => {
    const link = component(event);
    tapToOpen = event.pointerType === "touch" && link && link !== shown;
    if (!link && card && !card.contains(event.target)) hide();
  });
  document.addEventListener("click", (event) => {
    const link = component(event);
    if (link && tapToOpen) {
      event.preventDefault();
      show(link);
    }
    tapToOpen = false;
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shown) {
      hide();
      closedAt = pointer;
    }
  });
  addEventListener("scroll", () => shown && place(shown), { passive: true });
})();
