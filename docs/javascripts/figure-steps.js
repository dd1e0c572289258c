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

  const start = () => document.querySelectorAll("ol.hv-figure__steps").forEach(setUp);
  // Material says a page is ready on document$ (again for each page navigation.instant swaps
  // in, if it is turned on), which its bundle defines by the time the document is parsed.
  const subscribe = () => (window.document$ ? window.document$.subscribe(start) : start());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe);
  else subscribe();
})();
