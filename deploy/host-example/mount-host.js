// The host already has a session with obshell (here: ?session=<id>, for the example); the
// panel starts signed in with it and keeps it in memory only.
import { mountPanel } from "/panel/embed.js";

const sessionId = new URLSearchParams(location.search).get("session") ?? undefined;
const panel = await mountPanel(document.getElementById("backups"), { apiBase: "", language: "zh-CN", sessionId });
document.getElementById("host-dark").addEventListener("click", () => panel.setTheme("dark"));

const log = document.getElementById("host-log");
for (const name of ["obp:backup-started", "obp:dag-finished", "obp:session-lost"]) {
    document.addEventListener(name, (event) => {
        const item = document.createElement("li");
        item.textContent = `${name} ${JSON.stringify(event.detail)}`;
        log.append(item);
    });
}
