// Frame the panel, send it language and theme, and record what it reports. Messages go to the
// panel's origin only, and only messages from that origin are believed.
const panelUrl = new URL(new URLSearchParams(location.search).get("panel") ?? "/panel/", location.href);
const frame = document.getElementById("panel");
frame.src = panelUrl.href;

const send = (type, value) => frame.contentWindow.postMessage({ type, value }, panelUrl.origin);
document.getElementById("host-zh").addEventListener("click", () => send("obp:set-language", "zh-CN"));
document.getElementById("host-dark").addEventListener("click", () => send("obp:set-theme", "dark"));

const log = document.getElementById("host-log");
window.addEventListener("message", (event) => {
    if (event.origin !== panelUrl.origin || event.source !== frame.contentWindow) return;
    const item = document.createElement("li");
    item.textContent = `${event.data.type} ${JSON.stringify(event.data)}`;
    log.append(item);
});
