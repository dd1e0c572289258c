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
