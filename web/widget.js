/*
 * Chat widget for the "Association & Coopération" assistant (Rasa REST channel).
 *
 * No dependencies, no framework, no build step (ES2017).
 * Embedding:
 *   <script src="https://HOTE:8080/widget.js" data-server-url="https://HOTE:5005"
 *           data-title="Assistant coopération" data-primary-color="#1d4e89" defer></script>
 *
 * Security: user and bot texts are NEVER interpreted as HTML;
 * everything is built with createElement + textContent. Only http(s) links become <a>.
 */
(function () {
  "use strict";

  if (window.__essChatLoaded) return;
  window.__essChatLoaded = true;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var scriptSrc = (script && script.src) || location.href;

  var MAX_LENGTH = 1000;
  var MAX_STORED_MESSAGES = 200;
  var REQUEST_TIMEOUT_MS = 60000; // the first reply of a server that is starting up can be slow
  // Same text as the server's reply when the assistant fails (bot/channels/payload.py UNAVAILABLE_REPLY;
  // tests/unit/test_widget_text.py checks they are equal).
  var ERROR_TEXT = "Le service est momentanément indisponible. Votre conversation est conservée : réessayez dans un instant.";

  function defaultServerUrl() {
    var defaults = window.ESS_CHAT_DEFAULTS || {};
    var port = String(defaults.rasaPort || "5005");
    return location.protocol + "//" + location.hostname + ":" + port;
  }

  var config = {
    serverUrl: String(data.serverUrl || defaultServerUrl()).replace(/\/+$/, ""),
    title: data.title || "Assistant coopération",
    primaryColor: data.primaryColor || "",
    primaryTextColor: data.primaryTextColor || "",
    storageKey: "ess-chat:" + (data.storageKey || "v1"),
  };

  // ---------------------------------------------------------------- local storage

  function readState() {
    try {
      var raw = window.localStorage.getItem(config.storageKey);
      var parsed = raw ? JSON.parse(raw) : null;
      if (parsed && typeof parsed === "object") return parsed;
    } catch (e) {
      /* storage unavailable or unreadable: start from scratch */
    }
    return {};
  }

  function newSenderId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    if (c && typeof c.getRandomValues === "function") {
      var bytes = c.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      var hex = Array.prototype.map.call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      }).join("");
      return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
        hex.slice(16, 20) + "-" + hex.slice(20);
    }
    return "ess-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function cleanButtons(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) {
      return { title: b.title, payload: b.payload };
    });
  }

  var stored = readState();
  var state = {
    sender: typeof stored.sender === "string" && stored.sender ? stored.sender : newSenderId(),
    messages: Array.isArray(stored.messages) ? stored.messages.filter(function (m) {
      return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
    }) : [],
    buttons: cleanButtons(stored.buttons),
    open: stored.open === true,
  };

  function saveState() {
    try {
      window.localStorage.setItem(config.storageKey, JSON.stringify({
        sender: state.sender,
        messages: state.messages.slice(-MAX_STORED_MESSAGES),
        buttons: state.buttons,
        open: state.open,
      }));
    } catch (e) {
      /* private browsing or quota exceeded: the conversation will not survive a reload */
    }
  }

  // ---------------------------------------------------------------- small DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function icon(pathData) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", pathData);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2z";
  var ICON_CLOSE = "M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7l-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z";
  var ICON_SEND = "M2 21 23 12 2 3v7l15 2-15 2z";

  // Links: http(s) only, without trailing punctuation (".", ")", "»"…).
  var URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]}'’]+$/;

  function safeHttpUrl(candidate) {
    try {
      var url = new URL(candidate);
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch (e) {
      /* not a URL */
    }
    return null;
  }

  /** Appends `line` to `parent`, http(s) URLs becoming links (textContent everywhere). */
  function appendInline(parent, line) {
    var last = 0;
    URL_PATTERN.lastIndex = 0;
    var match;
    while ((match = URL_PATTERN.exec(line)) !== null) {
      var raw = match[0];
      var trimmed = raw.replace(TRAILING_PUNCTUATION, "");
      // keep a closing parenthesis that belongs to the URL: "…/Foo_(bar)"
      if (raw.charAt(trimmed.length) === ")" && trimmed.indexOf("(") !== -1) trimmed += ")";
      var href = safeHttpUrl(trimmed);
      if (!href) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(line.slice(last, match.index)));
      var link = el("a", "ess-chat__link", trimmed);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.appendChild(link);
      last = match.index + trimmed.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < line.length) parent.appendChild(document.createTextNode(line.slice(last)));
  }

  var BULLET = /^\s*[•◦▪‣]\s+/;

  /** Bot text: paragraphs, "• …" lines as a <ul> list, clickable links. */
  function renderBotText(container, text) {
    var lines = String(text).split(/\r?\n/);
    var paragraph = null;
    var list = null;
    lines.forEach(function (line) {
      if (BULLET.test(line)) {
        paragraph = null;
        if (!list) {
          list = el("ul", "ess-chat__list");
          container.appendChild(list);
        }
        var item = el("li");
        appendInline(item, line.replace(BULLET, ""));
        list.appendChild(item);
      } else if (line.trim() === "") {
        paragraph = null;
        list = null;
      } else {
        list = null;
        if (paragraph) {
          paragraph.appendChild(el("br"));
        } else {
          paragraph = el("p", "ess-chat__para");
          container.appendChild(paragraph);
        }
        appendInline(paragraph, line);
      }
    });
  }

  // ---------------------------------------------------------------- building the widget

  var root = el("div", "ess-chat");
  root.id = "ess-chat";
  root.hidden = true; // shown once the stylesheet has loaded (no flash of unstyled content)
  if (config.primaryColor && window.CSS && CSS.supports("color", config.primaryColor)) {
    root.style.setProperty("--ess-chat-primary", config.primaryColor);
  }
  if (config.primaryTextColor && window.CSS && CSS.supports("color", config.primaryTextColor)) {
    root.style.setProperty("--ess-chat-on-primary", config.primaryTextColor);
  }

  var panel = el("div", "ess-chat__panel");
  panel.id = "ess-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", config.title);
  panel.hidden = true;

  var header = el("div", "ess-chat__header");
  var title = el("h2", "ess-chat__title", config.title);
  title.id = "ess-chat-title";
  var restartButton = el("button", "ess-chat__restart", "Nouvelle conversation");
  restartButton.type = "button";
  restartButton.title = "Effacer l'historique et recommencer la conversation";
  var closeButton = el("button", "ess-chat__close");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", "Fermer la fenêtre de discussion");
  closeButton.title = "Fermer";
  closeButton.appendChild(icon(ICON_CLOSE));
  header.appendChild(title);
  header.appendChild(restartButton);
  header.appendChild(closeButton);

  var log = el("div", "ess-chat__log");
  log.id = "ess-chat-log";
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0; // scrollable with the keyboard

  var typing = el("div", "ess-chat__typing");
  typing.setAttribute("role", "status");
  typing.hidden = true;
  var dots = el("span", "ess-chat__dots");
  dots.setAttribute("aria-hidden", "true");
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  typing.appendChild(dots);
  typing.appendChild(el("span", "ess-chat__sr-only", "L'assistant écrit…"));

  var form = el("form", "ess-chat__form");
  form.noValidate = true;
  var label = el("label", "ess-chat__sr-only", "Votre message à l'assistant");
  label.htmlFor = "ess-chat-input";
  var input = el("input", "ess-chat__input");
  input.id = "ess-chat-input";
  input.type = "text";
  input.name = "message";
  input.maxLength = MAX_LENGTH;
  input.autocomplete = "off";
  input.placeholder = "Écrivez votre question…";
  input.setAttribute("enterkeyhint", "send");
  var sendButton = el("button", "ess-chat__send");
  sendButton.type = "submit";
  sendButton.setAttribute("aria-label", "Envoyer le message");
  sendButton.title = "Envoyer";
  sendButton.appendChild(icon(ICON_SEND));
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);

  var launcher = el("button", "ess-chat__launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-label", config.title);
  launcher.setAttribute("aria-controls", panel.id);
  launcher.setAttribute("aria-expanded", "false");
  launcher.title = config.title;
  launcher.appendChild(icon(ICON_CHAT));

  root.appendChild(panel);
  root.appendChild(launcher);

  // ---------------------------------------------------------------- displaying messages

  var quickReplies = null; // button group under the bot's last message
  var notice = null; // network error message (not saved)

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  /** After a reply: show its start (with the question) rather than the end of a long text. */
  function scrollToReply(first) {
    scrollToEnd();
    if (!first || !first.parentNode) return;
    var offset = first.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    if (offset < 0) log.scrollTop = Math.max(0, log.scrollTop + offset);
  }

  function appendMessage(message) {
    var bubble = el("div", "ess-chat__msg ess-chat__msg--" + message.from);
    bubble.appendChild(el("span", "ess-chat__sr-only", message.from === "user" ? "Vous : " : "Assistant : "));
    if (message.from === "bot") {
      renderBotText(bubble, message.text);
    } else {
      bubble.appendChild(el("p", "ess-chat__para", message.text));
    }
    log.appendChild(bubble);
    return bubble;
  }

  function removeQuickReplies() {
    if (quickReplies && quickReplies.parentNode) quickReplies.parentNode.removeChild(quickReplies);
    quickReplies = null;
  }

  function renderQuickReplies(buttons) {
    removeQuickReplies();
    if (!buttons.length) return;
    quickReplies = el("div", "ess-chat__replies");
    quickReplies.setAttribute("role", "group");
    quickReplies.setAttribute("aria-label", "Réponses proposées");
    buttons.forEach(function (b) {
      var button = el("button", "ess-chat__reply", b.title);
      button.type = "button";
      button.addEventListener("click", function () {
        send(b.payload, { display: b.title });
      });
      quickReplies.appendChild(button);
    });
    log.appendChild(quickReplies);
  }

  function clearNotice() {
    if (notice && notice.parentNode) notice.parentNode.removeChild(notice);
    notice = null;
  }

  function showNotice(text) {
    clearNotice();
    notice = el("div", "ess-chat__notice", text);
    notice.setAttribute("role", "alert");
    log.appendChild(notice);
    scrollToEnd();
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    quickReplies = null;
    notice = null;
    state.messages.forEach(appendMessage);
    renderQuickReplies(state.buttons);
    scrollToEnd();
  }

  // ---------------------------------------------------------------- talking to Rasa

  var busy = false;

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
    if (quickReplies) {
      Array.prototype.forEach.call(quickReplies.querySelectorAll("button"), function (b) {
        b.disabled = value;
      });
    }
    if (value) scrollToEnd();
  }

  function postMessage(text) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return fetch(config.serverUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: text }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit",
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (reply) {
      if (timer) clearTimeout(timer);
      if (!Array.isArray(reply)) throw new Error("réponse inattendue");
      return reply;
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  }

  /** Rasa messages -> log entries ({from, text}) + the reply's buttons. */
  function toEntries(reply) {
    var entries = [];
    var buttons = [];
    reply.forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var parts = [];
      if (typeof m.text === "string" && m.text) parts.push(m.text);
      if (typeof m.image === "string" && safeHttpUrl(m.image)) parts.push("Image : " + m.image);
      if (parts.length) entries.push({ from: "bot", text: parts.join("\n") });
      var bs = cleanButtons(m.buttons || m.quick_replies);
      if (bs.length) buttons = bs;
    });
    return { entries: entries, buttons: buttons };
  }

  /**
   * Sends `text` to the bot. options.display: text of the user's bubble
   * (button title); options.silent: no bubble (/greet, /restart).
   */
  function send(text, options) {
    options = options || {};
    if (busy || !text) return Promise.resolve(false);
    clearNotice();
    var previousButtons = state.buttons;
    var userEntry = null;
    var userBubble = null;
    if (!options.silent) {
      userEntry = { from: "user", text: options.display || text };
      userBubble = appendMessage(userEntry);
    }
    removeQuickReplies();
    setBusy(true);
    return postMessage(text).then(function (reply) {
      var result = options.discard ? { entries: [], buttons: [] } : toEntries(reply);
      if (userEntry) state.messages.push(userEntry);
      var first = userBubble;
      result.entries.forEach(function (entry) {
        state.messages.push(entry);
        var bubble = appendMessage(entry);
        if (!first) first = bubble;
      });
      state.buttons = result.buttons;
      saveState();
      setBusy(false);
      renderQuickReplies(state.buttons);
      scrollToReply(first);
      return true;
    }).catch(function () {
      setBusy(false);
      if (userBubble && userBubble.parentNode) userBubble.parentNode.removeChild(userBubble);
      // the typed message is not lost: it goes back into the field for a retry
      if (options.fromInput && !input.value) input.value = text;
      renderQuickReplies(previousButtons);
      showNotice(ERROR_TEXT);
      return false;
    });
  }

  function greetIfEmpty() {
    if (!state.messages.length && !busy) send("/greet", { silent: true });
  }

  function restart() {
    if (busy) return;
    state.messages = [];
    state.buttons = [];
    saveState();
    renderAll();
    // the /restart reply ("C'est reparti…") is replaced by the greeting and its menu
    send("/restart", { silent: true, discard: true }).then(function (ok) {
      if (ok) greetIfEmpty();
    });
    input.focus();
  }

  // ---------------------------------------------------------------- opening / closing

  function setOpen(open, moveFocus) {
    state.open = open;
    panel.hidden = !open;
    root.classList.toggle("ess-chat--open", open);
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    saveState();
    if (open) {
      scrollToEnd();
      if (moveFocus) input.focus();
      greetIfEmpty();
    } else if (moveFocus) {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () {
    setOpen(panel.hidden, true);
  });
  closeButton.addEventListener("click", function () {
    setOpen(false, true);
  });
  restartButton.addEventListener("click", restart);
  var fullScreen = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;

  root.addEventListener("keydown", function (event) {
    if (panel.hidden) return;
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      setOpen(false, true);
    } else if (event.key === "Tab" && fullScreen && fullScreen.matches) {
      // in full screen (phone) the page is hidden: Tab stays inside the panel
      var focusable = Array.prototype.filter.call(
        panel.querySelectorAll("button, input, a[href], [tabindex='0']"),
        function (node) { return !node.disabled && node.offsetParent !== null; }
      );
      if (!focusable.length) return;
      var first = focusable[0];
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim().slice(0, MAX_LENGTH);
    if (!text || busy) return;
    input.value = "";
    send(text, { fromInput: true });
    input.focus();
  });

  // ---------------------------------------------------------------- mounting

  function mount() {
    var cssHref = new URL("widget.css", scriptSrc).href;
    var already = Array.prototype.some.call(document.querySelectorAll("link[rel=stylesheet]"), function (l) {
      return l.href === cssHref;
    });
    if (already) {
      root.hidden = false;
    } else {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = cssHref;
      link.onload = link.onerror = function () { root.hidden = false; };
      document.head.appendChild(link);
    }
    document.body.appendChild(root);
    renderAll();
    if (state.open) setOpen(true, false);
    saveState();
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
