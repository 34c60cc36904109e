// Embedding the panel in a host console. Two ways (README, "Embedding in a host console"):
//
//   import { mountPanel } from "/obshell-panel/embed.js";
//   const panel = await mountPanel(element, { apiBase: "/obshell", language: "zh-CN" });
//   panel.setTheme("dark"); panel.unmount();
//
//   <script type="module" src="/obshell-panel/embed.js"></script>
//   <obshell-backup-panel api-base="/obshell" language="zh-CN" theme="dark"></obshell-backup-panel>
//
// The element renders in a shadow root, so the host's styles do not reach the panel and the
// panel's do not leak out; theme it with the --obp-* custom properties set on the element.
// Events (obp:backup-started, obp:dag-finished, obp:session-lost) bubble out of either.
// The hashed file names are read from the panel's own index.html beside this file.

const here = new URL(".", import.meta.url);

let loading;
function load() {
    loading ??= (async () => {
        const response = await fetch(new URL("index.html", here), { cache: "no-cache" });
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const boot = page.querySelector("script[data-obp-wasm]");
        const style = page.querySelector('link[rel="stylesheet"]');
        const glue = await import(new URL(boot.dataset.obpJs, here).href);
        await glue.default({ module_or_path: new URL(boot.dataset.obpWasm, here).href });
        return { glue, css: new URL(style.getAttribute("href"), here).href };
    })();
    return loading;
}

function stylesheet(href) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    return link;
}

/// Mount the panel inside `element` (light DOM); `options` as config.json plus sessionId,
/// theme and basePath. Returns a handle with setLanguage, setTheme and unmount.
export async function mountPanel(element, options = {}) {
    const { glue, css } = await load();
    if (![...document.styleSheets].some((s) => s.href === css)) {
        document.head.append(stylesheet(css));
    }
    return glue.mount(element, options);
}

const ATTRIBUTES = {
    "api-base": "apiBase",
    "language": "language",
    "theme": "theme",
    "session-id": "sessionId",
    "base-path": "basePath",
    "poll-interval-ms": "pollIntervalMs",
    "request-timeout-ms": "requestTimeoutMs",
};

class ObshellBackupPanel extends HTMLElement {
    static observedAttributes = ["language", "theme"];

    async connectedCallback() {
        if (this.shadowRoot) return;
        const root = this.attachShadow({ mode: "open" });
        const { glue, css } = await load();
        const container = document.createElement("div");
        root.append(stylesheet(css), container);
        const options = {};
        for (const [attribute, key] of Object.entries(ATTRIBUTES)) {
            const value = this.getAttribute(attribute);
            if (value === null) continue;
            options[key] = key.endsWith("Ms") ? Number(value) : value;
        }
        this.panel = glue.mount(container, options);
    }

    disconnectedCallback() {
        this.panel?.unmount();
        this.panel = undefined;
    }

    attributeChangedCallback(name, _old, value) {
        if (!this.panel || value === null) return;
        if (name === "language") this.panel.setLanguage(value);
        if (name === "theme") this.panel.setTheme(value);
    }
}

if (!customElements.get("obshell-backup-panel")) {
    customElements.define("obshell-backup-panel", ObshellBackupPanel);
}
