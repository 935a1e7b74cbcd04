// Engage Messaging web chat widget (issue 8). Embed with one tag:
//   <script src="https://<engage host>/messaging/widget.js" data-source-id="<messaging source id>" async></script>
// Plain modern JavaScript, no build step. Message text is only ever set with textContent.
// The visitor API is documented in README.md ("Web chat").
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !script.dataset.sourceId) return;
  const sourceId = script.dataset.sourceId;
  const api = new URL(encodeURIComponent(sourceId) + "/", script.src).href; // beside widget.js: /messaging/{source_id}/
  const storageKey = "engage-chat:" + sourceId;
  const title = script.dataset.title || "Chat with us";

  // --- DOM (text through textContent only) ---------------------------------------------------------------
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("aria-") || key.startsWith("data-") || key === "role" || key === "for") node.setAttribute(key, value);
      else node[key] = value;
    }
    children.forEach((c) => node.append(c));
    return node;
  };
  const style = el("style", {
    text: `
.engage-chat{position:fixed;right:16px;bottom:16px;z-index:2147483000;font:15px/1.4 system-ui,sans-serif;color:#1b1b1b}
.engage-chat button{font:inherit;cursor:pointer}
.engage-chat__launcher{border:0;border-radius:24px;padding:12px 18px;background:#0b57d0;color:#fff;box-shadow:0 2px 8px #0004}
.engage-chat__launcher:focus-visible,.engage-chat button:focus-visible,.engage-chat textarea:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
.engage-chat__panel{display:flex;flex-direction:column;width:min(360px,calc(100vw - 32px));height:min(520px,calc(100vh - 96px));margin-bottom:8px;background:#fff;border-radius:12px;box-shadow:0 4px 24px #0005;overflow:hidden}
.engage-chat__panel[hidden]{display:none}
.engage-chat__header{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#0b57d0;color:#fff}
.engage-chat__header h2{font-size:16px;margin:0}
.engage-chat__close{background:transparent;border:0;color:#fff;font-size:20px;line-height:1}
.engage-chat__log{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;display:flex;flex-direction:column;gap:8px}
.engage-chat__msg{max-width:80%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.engage-chat__msg--visitor{align-self:flex-end;background:#d3e3fd}
.engage-chat__msg--agent,.engage-chat__msg--welcome{align-self:flex-start;background:#f1f3f4}
.engage-chat__msg--pending{opacity:.6}
.engage-chat__sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.engage-chat__status{min-height:1.2em;padding:0 12px;font-size:13px;color:#5f6368}
.engage-chat__form{display:flex;gap:8px;padding:10px;border-top:1px solid #e0e0e0}
.engage-chat__form textarea{flex:1;resize:none;font:inherit;padding:8px;border:1px solid #9aa0a6;border-radius:8px}
.engage-chat__send{border:0;border-radius:8px;padding:0 14px;background:#0b57d0;color:#fff}
@media (max-width:480px){.engage-chat{right:0;bottom:0;left:0}.engage-chat__launcher{margin:0 12px 12px auto;display:block}
.engage-chat__panel{width:100vw;height:100vh;height:100dvh;margin:0;border-radius:0}
.engage-chat__panel:not([hidden])+.engage-chat__launcher{display:none}}`,
  });
  const panelId = "engage-chat-panel-" + sourceId;
  const log = el("ol", { className: "engage-chat__log", role: "log", "aria-live": "polite", "aria-label": "Messages" });
  const status = el("p", { className: "engage-chat__status", role: "status" });
  const input = el("textarea", { id: panelId + "-input", rows: 2, maxLength: 5000, placeholder: "Write a message" });
  const send = el("button", { type: "submit", className: "engage-chat__send", text: "Send" });
  const form = el("form", { className: "engage-chat__form" },
    el("label", { className: "engage-chat__sr", for: input.id, text: "Message" }), input, send);
  const close = el("button", { type: "button", className: "engage-chat__close", "aria-label": "Close chat", text: "×" });
  const heading = el("h2", { id: panelId + "-title", text: title });
  const panel = el("section", { id: panelId, className: "engage-chat__panel", role: "dialog", "aria-labelledby": heading.id, hidden: true },
    el("div", { className: "engage-chat__header" }, heading, close), log, status, form);
  const launcher = el("button", { type: "button", className: "engage-chat__launcher", "aria-controls": panelId, "aria-expanded": "false", text: title });
  const root = el("div", { className: "engage-chat", "data-engage-chat": sourceId }, panel, launcher);
  document.head.append(style);
  document.body.append(root);

  // --- State ---------------------------------------------------------------------------------------
  let token = localStorage.getItem(storageKey);
  let threadId = null;
  let last = 0; // the last sequence shown: the next fetch resumes after it, so nothing is lost or shown twice
  let started = null;
  const shown = new Set();
  const outbox = []; // messages not yet acknowledged, each resent with the same client_message_id until it is
  let flushing = false;

  const setOpen = (open) => {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) { input.focus(); markRead(); start(); } else launcher.focus();
  };
  launcher.addEventListener("click", () => setOpen(panel.hidden));
  close.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") setOpen(false); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });

  const call = async (method, path, body) => {
    const headers = { "Content-Type": "application/json" };
    if (token) headers["X-Visitor-Token"] = token;
    const response = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    const json = await response.json().catch(() => null);
    if (status.textContent === reconnecting) status.textContent = ""; // any answer means the connection is back
    if (!response.ok) {
      const error = new Error((json && json.message) || "HTTP " + response.status);
      error.status = response.status;
      error.code = json && json.error;
      throw error;
    }
    return json;
  };
  const reconnecting = "Connection lost. Reconnecting…";
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  const bubble = (from, text, extra = "") => {
    const item = el("li", { className: `engage-chat__msg engage-chat__msg--${from} ${extra}`.trim() },
      el("span", { className: "engage-chat__sr", text: from === "visitor" ? "You: " : from === "agent" ? "Agent: " : "" }),
      el("span", { className: "engage-chat__text", text }));
    return item;
  };
  const scroll = () => { log.scrollTop = log.scrollHeight; };
  const firstPending = () => log.querySelector(".engage-chat__msg--pending");

  const show = (message) => {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    const pending = message.client_message_id && log.querySelector(`[data-client-id="${CSS.escape(message.client_message_id)}"]`);
    const item = bubble(message.from, message.body);
    item.dataset.sequence = String(message.sequence);
    item.dataset.id = message.id;
    if (pending) pending.remove();
    // In sequence order, whatever order they arrive in (a visitor's own message is confirmed at once, an agent's
    // reply only once delivered); confirmed messages stay above those still sending.
    const later = [...log.querySelectorAll("[data-sequence]")].find((n) => Number(n.dataset.sequence) > message.sequence);
    log.insertBefore(item, later || firstPending());
    scroll();
  };

  const welcome = (text) => {
    if (!text || log.querySelector(".engage-chat__msg--welcome")) return;
    log.prepend(bubble("welcome", text));
  };

  const newThread = (id) => {
    if (id === threadId) return;
    // A live chat that ended continues on a new thread whose sequences restart.
    if (threadId !== null) { log.querySelectorAll("[data-sequence]").forEach((n) => n.remove()); shown.clear(); last = 0; }
    threadId = id;
  };

  const markRead = () => {
    if (!panel.hidden && token && last > 0 && document.visibilityState === "visible") call("POST", "read", { sequence: last }).catch(() => {});
  };

  // --- Session, polling, sending --------------------------------------------------------------------
  const startSession = async () => {
    for (let delay = 1000; ; delay = Math.min(delay * 2, 10000)) {
      try {
        let session;
        try {
          session = await call("POST", "sessions", {});
        } catch (e) {
          if (e.status !== 401) throw e;
          token = null; // expired or rotated secret: start as a new visitor
          session = await call("POST", "sessions", {});
        }
        token = session.visitor_token;
        localStorage.setItem(storageKey, token);
        welcome(session.welcome_message);
        if (session.thread_id) newThread(session.thread_id);
        status.textContent = "";
        return;
      } catch (e) {
        status.textContent = e.status ? e.message : "Connecting…";
        await sleep(delay);
      }
    }
  };

  const poll = async () => {
    for (let delay = 1000; ;) {
      try {
        const page = await call("GET", `messages?after=${last}&wait=25`);
        if (page.thread_id) newThread(page.thread_id);
        page.messages.forEach(show);
        if (page.messages.length > 0) { last = page.last_sequence; markRead(); }
        status.textContent = outbox.length ? "Sending…" : "";
        delay = 1000;
        flush();
      } catch (e) {
        if (e.status === 401) { token = null; localStorage.removeItem(storageKey); await startSession(); continue; }
        status.textContent = reconnecting;
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  };

  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      while (outbox.length) {
        const next = outbox[0];
        try {
          show(await call("POST", "messages", { body: next.body, client_message_id: next.id }));
          outbox.shift();
        } catch (e) {
          if (e.status && e.status < 500 && e.status !== 429) {
            // Refused for good (too long, ...): say so and drop it.
            outbox.shift();
            const pending = log.querySelector(`[data-client-id="${next.id}"]`);
            if (pending) pending.remove();
            status.textContent = e.message;
            continue;
          }
          status.textContent = e.status === 429 ? e.message : "Not sent yet: retrying…";
          await sleep(2000);
        }
      }
      if (status.textContent === "Not sent yet: retrying…") status.textContent = "";
    } finally {
      flushing = false;
    }
  };

  // Typing notices: a start at most every 2 s while the visitor types (it expires by itself), a stop on send or blur.
  // Best effort: a lost notice only shows wrong for a few seconds.
  let typingAt = 0;
  const typing = (state) => {
    if (!token) return;
    if (state === "start" && Date.now() - typingAt < 2000) return;
    if (state === "stop" && !typingAt) return;
    typingAt = state === "start" ? Date.now() : 0;
    call("POST", "typing", { state }).catch(() => {});
  };
  input.addEventListener("input", () => { if (input.value.trim()) typing("start"); });
  input.addEventListener("blur", () => typing("stop"));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = input.value.trim();
    if (!body) return;
    typing("stop");
    input.value = "";
    const id = crypto.randomUUID().replaceAll("-", "");
    const item = bubble("visitor", body, "engage-chat__msg--pending");
    item.dataset.clientId = id;
    log.append(item);
    scroll();
    outbox.push({ id, body });
    await started;
    flush();
  });

  const start = () => {
    if (!started) started = startSession().then(() => { poll(); });
    return started;
  };
  window.addEventListener("online", () => flush());
  document.addEventListener("visibilitychange", markRead);
  // Open at once when asked; otherwise a returning visitor resumes in the background, so replies arrive while closed.
  if (script.dataset.open === "true") setOpen(true);
  else if (token) start();
})();
