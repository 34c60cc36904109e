// The floor page is interactive once its markup is parsed and this (deferred) script runs:
// wire the form the way the panel does, then mark the moment the panel marks too.
const form = document.querySelector("form[data-testid=sign-in]");
form.addEventListener("submit", (ev) => ev.preventDefault());
const reveal = form.querySelector("button[aria-pressed]");
const password = document.getElementById("obp-root-password");
reveal.addEventListener("click", () => {
    const shown = password.type === "text";
    password.type = shown ? "password" : "text";
    reveal.setAttribute("aria-pressed", String(!shown));
    reveal.textContent = shown ? "Show" : "Hide";
});
performance.mark("obp:ready");
