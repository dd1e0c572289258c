// The site's own script, one file (each script a page loads delays its largest paint on a
// phone, Contributing > Audit the pages), deferred: the page renders before it runs. Four
// parts, each its own closure: printing in the light scheme, the figure viewer, glossary cards,
// step-through paths. Its gzipped size is held to a budget (tests/test_budget.py).

// Material says a page is ready on document$, and again for each page that instant navigation
// (navigation.instant, off in mkdocs.yml) swaps in without a reload. Its bundle, deferred before
// this script, defines document$ by the time this runs; without it, the parsed page is set up once.
const onEachPage = (setUp) => (window.document$ ? window.document$.subscribe(setUp) : setUp());

// Paper is light: while the page prints, the light scheme (figures recolour with it), then back.
// On the window, once: instant navigation swaps the page, not the window.
(() => {
  let scheme = null;
  addEventListener("beforeprint", () => {
    scheme = document.body.getAttribute("data-md-color-scheme");
    document.body.setAttribute("data-md-color-scheme", "default");
  });
  addEventListener("afterprint", () => {
    if (scheme) document.body.setAttribute("data-md-color-scheme", scheme);
  });
})();

/* Full screen and zoom for the figures. Each figure's control (.hv-figure__open, emitted hidden
   by the figures extension) opens the figure in a modal <dialog> (focus trapped, Esc closes,
   focus returns to the control), where Panzoom (vendor/panzoom.min.js: @panzoom/panzoom 4.6.2,
   from npm, MIT licence beside it, fetched on first use) does the gestures: drag, pinch, the wheel.

   Hooks for other scripts:
   - .hv-figure__art--viewer is set on a figure (.hv-figure__art) once its control works;
   - the figure's own <svg> moves into the dialog while it is open and back when it closes, so
     listeners and state set on it stay; "hv-viewer-open" and "hv-viewer-close" events on the
     .hv-figure__art say when;
   - .hv-viewer is the dialog, .hv-viewer__canvas holds the moved <svg>.
   Without JavaScript the control stays hidden and the "Full size" links to the SVG files work. */
(() => {
  const LABEL_PX = 24; // the smallest label can be zoomed to at least this size
  const PAN_PX = 80; // an arrow key moves the figure this far on screen
  // Panzoom is fetched when a reader first reaches for a figure's control (hover, focus, touch
  // or click), not with every page: each script a page loads delays its largest paint on a
  // phone, and most readers of a page never open the viewer.
  const PANZOOM = new URL("vendor/panzoom.min.js", document.currentScript.src).href;
  let dialog, canvas, heading, panzoom, figure, placeholder, engaged, down, panzoomLoaded;

  function loadPanzoom() {
    panzoomLoaded ||= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = PANZOOM;
      script.onload = resolve;
      script.onerror = () => {
        panzoomLoaded = null; // the next reach tries again
        reject(new Error(`${PANZOOM} did not load`));
      };
      document.head.append(script);
    });
    return panzoomLoaded;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "hv-viewer";
    dialog.setAttribute("aria-labelledby", "hv-viewer-title");
    dialog.innerHTML = `<div class="hv-viewer__bar"><h2 class="hv-viewer__title" id="hv-viewer-title"></h2>
<button type="button" data-zoom="out" aria-label="Zoom out" title="Zoom out (−)">−</button>
<button type="button" data-zoom="in" aria-label="Zoom in" title="Zoom in (+)">+</button>
<button type="button" data-zoom="reset" title="Reset zoom (0)">Reset</button>
<button type="button" data-zoom="close" aria-label="Close" title="Close (Esc)" autofocus>×</button></div>
<div class="hv-viewer__stage"><div class="hv-viewer__canvas"></div></div>
<p class="hv-viewer__help">Drag to move. Zoom: pinch, Ctrl + wheel (or the wheel after a click), the buttons.<span> Keys: + and − zoom, arrows move, 0 resets, Esc closes.</span></p>`;
    document.body.append(dialog);
    heading = dialog.querySelector("h2");
    canvas = dialog.querySelector(".hv-viewer__canvas");
    const stage = canvas.parentElement;
    panzoom = Panzoom(canvas, { canvas: true, minScale: 1, contain: "outside" });
    const actions = {
      in: () => panzoom.zoomIn(),
      out: () => panzoom.zoomOut(),
      reset: () => panzoom.reset(),
      close: () => dialog.close(),
    };
    const pan = (x, y) => () => panzoom.pan(x / panzoom.getScale(), y / panzoom.getScale(), { relative: true });
    const keys = {
      "+": actions.in, "=": actions.in, "-": actions.out, "0": actions.reset,
      ArrowLeft: pan(PAN_PX, 0), ArrowRight: pan(-PAN_PX, 0), ArrowUp: pan(0, PAN_PX), ArrowDown: pan(0, -PAN_PX),
    };
    dialog.addEventListener("click", (event) => {
      const action = event.target.closest("[data-zoom]");
      if (action) actions[action.dataset.zoom]();
    });
    dialog.addEventListener("keydown", (event) => {
      event.stopPropagation(); // Material's page shortcuts (search, next page) stay out of the dialog
      const action = !event.ctrlKey && !event.metaKey && !event.altKey && keys[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
    // The wheel zooms with Ctrl or Cmd (and a touchpad's pinch), or once the figure was clicked.
    stage.addEventListener("wheel", (event) => {
      if (engaged || event.ctrlKey || event.metaKey) panzoom.zoomWithWheel(event);
    }, { passive: false });
    stage.addEventListener("pointerdown", (event) => {
      engaged = true;
      down = [event.clientX, event.clientY];
    }, true);
    // A drag that ends on a component is not a click on its link (a keyboard's click has detail 0).
    stage.addEventListener("click", (event) => {
      if (event.detail && down && Math.hypot(event.clientX - down[0], event.clientY - down[1]) > 6) {
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
    dialog.addEventListener("close", () => {
      placeholder.replaceWith(canvas.firstElementChild);
      figure.dispatchEvent(new CustomEvent("hv-viewer-close", { bubbles: true }));
      figure.querySelector(".hv-figure__open").focus();
    });
  }

  async function open(art) {
    try {
      await loadPanzoom();
    } catch {
      // No gestures without Panzoom: the figure opens as its SVG file, as it does without script.
      const scheme = document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
      location.assign(art.querySelector(`.hv-figure__full--${scheme}`).href);
      return;
    }
    if (!dialog) build();
    if (dialog.open) return; // a second click while Panzoom was loading
    figure = art;
    const svg = art.querySelector("svg");
    const box = svg.getBoundingClientRect();
    placeholder = document.createElement("div");
    placeholder.style.cssText = `width:${box.width}px;height:${box.height}px`;
    svg.replaceWith(placeholder);
    canvas.append(svg);
    heading.textContent = svg.querySelector("title").textContent;
    engaged = down = null;
    dialog.showModal();
    // Zoomed in far enough that the smallest label reads at LABEL_PX, wherever the screen's size.
    const view = svg.viewBox.baseVal;
    const fit = Math.min(canvas.clientWidth / view.width, canvas.clientHeight / view.height);
    const smallest = Math.min(...[...svg.querySelectorAll("text")].map((text) => parseFloat(text.getAttribute("font-size"))));
    panzoom.setOptions({ maxScale: Math.max(4, LABEL_PX / (smallest * fit)) });
    panzoom.reset({ animate: false });
    art.dispatchEvent(new CustomEvent("hv-viewer-open", { bubbles: true }));
  }

  function init() {
    if (dialog && dialog.open) dialog.close(); // a page swapped in by instant navigation
    for (const art of document.querySelectorAll(".hv-figure__art:not(.hv-figure__art--viewer)")) {
      const control = art.querySelector(".hv-figure__open");
      if (!control) continue;
      art.classList.add("hv-figure__art--viewer");
      control.hidden = false;
      control.addEventListener("click", () => open(art));
      for (const reach of ["pointerenter", "focus", "touchstart"]) {
        control.addEventListener(reach, () => loadPanzoom().catch(() => {}), { once: true, passive: true });
      }
      // A click on the figure's margin opens it too, as the "Full size" link did (the SVG lets
      // clicks through except on its links).
      art.addEventListener("click", (event) => event.target === art && open(art));
    }
  }

  onEachPage(init);
})();

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

// Step-through: under a figure whose caption lists numbered steps (ol.hv-figure__steps, written
// by illustrated/markdown/explorable.py from the figure script's flows), a control "Step 2 of 6"
// with previous and next buttons, and the arrow keys while it has focus. A step lights its flows
// and their ends, dims the rest of the figure, and its sentence, the caption's own list item,
// is shown under the control and announced. Without script the caption's list is all there is.
(() => {
  function setUp(list) {
    const art = document.querySelector(`.hv-figure__art[data-figure="${list.dataset.stepsOf}"]`);
    if (!art || list.dataset.stepsReady) return;
    list.dataset.stepsReady = "1";
    const steps = [...list.children];
    const svg = art.querySelector("svg");
    const control = document.createElement("div");
    control.className = "hv-steps";
    control.setAttribute("role", "group");
    control.setAttribute("aria-label", "Steps: " + (svg.querySelector("title")?.textContent || "the figure"));
    control.innerHTML =
      '<button type="button" class="hv-steps__previous" aria-label="Previous step">‹</button>' +
      '<span class="hv-steps__count"></span>' +
      '<button type="button" class="hv-steps__next" aria-label="Next step">›</button>' +
      '<p class="hv-steps__sentence" aria-live="polite"></p>';
    const [previous, count, next, sentence] = control.children;
    art.after(control);
    let at = 0;

    function go(step) {
      at = Math.max(0, Math.min(steps.length, step));
      svg.querySelectorAll(".hv-lit").forEach((element) => element.classList.remove("hv-lit"));
      svg.classList.toggle("hv-stepping", at > 0);
      previous.setAttribute("aria-disabled", at === 0);
      next.setAttribute("aria-disabled", at === steps.length);
      if (at === 0) {
        count.textContent = `${steps.length} steps`;
        sentence.textContent = "";
        return;
      }
      for (const id of steps[at - 1].dataset.stepLights.split(" ")) {
        document.getElementById(id)?.classList.add("hv-lit");
      }
      count.textContent = `Step ${at} of ${steps.length}`;
      const label = document.createElement("span");
      label.className = "hv-steps__hidden";
      label.textContent = count.textContent + ": ";
      sentence.replaceChildren(label, ...[...steps[at - 1].childNodes].map((node) => node.cloneNode(true)));
    }

    previous.addEventListener("click", () => go(at - 1));
    next.addEventListener("click", () => go(at + 1));
    control.addEventListener("keydown", (event) => {
      const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!move) return;
      event.preventDefault();  // the arrows step instead of scrolling the page
      go(at + move);
    });
    go(0);
  }

  onEachPage(() => document.querySelectorAll("ol.hv-figure__steps").forEach(setUp));
})();
