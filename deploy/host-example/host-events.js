// The host listens to the panel's events (they bubble out of the shadow root) and records them.
const log = document.getElementById("host-log");
for (const name of ["obp:backup-started", "obp:dag-finished", "obp:session-lost"]) {
    document.addEventListener(name, (event) => {
        const item = document.createElement("li");
        item.textContent = `${name} ${JSON.stringify(event.detail)}`;
        log.append(item);
    });
}
