/* Full screen and zoom for the figures. Each figure's control (.hv-figure__open, emitted hidden
   by the figures extension) opens the figure in a modal <dialog> (focus trapped, Esc closes,
   focus returns to the control), where Panzoom (vendor/panzoom.min.js: @panzoom/panzoom 4.6.2,
   from npm, MIT licence beside it) does the gestures: drag, pinch, the wheel.

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
  let dialog, canvas, heading, panzoom, figure, placeholder, engaged, down;

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

  function open(art) {
    if (!dialog) build();
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
      // A click on the figure's margin opens it too, as the "Full size" link did (the SVG lets
      // clicks through except on its links).
      art.addEventListener("click", (event) => event.target === art && open(art));
    }
  }

  // Material says a page is ready on document$, and again for each page that instant navigation
  // (navigation.instant, off in mkdocs.yml) swaps in without a reload.
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
