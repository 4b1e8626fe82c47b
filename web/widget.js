/*
 * Chat widget for the "Association & Coopération" assistant (Rasa REST channel).
 *
 * No dependencies, no framework, no build step (ES2017).
 * Embedding:
 *   <script src="https://HOTE:8080/widget.js" data-server-url="https://HOTE:5005"
 *           data-title="Assistant coopération" data-primary-color="#1d4e89"
 *           data-privacy-text="…" data-privacy-url="https://…" defer></script>
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
  // Privacy notice when neither data-privacy-text nor /config.js gives one; {days}: the retention.
  // Same text as bot/runtime/web.py DEFAULT_PRIVACY_NOTICE (tests/unit/test_widget_text.py).
  var DEFAULT_PRIVACY_TEXT = "Vos messages et les réponses de l'assistant sont conservés {days} jours, sans votre adresse IP, pour améliorer le service. « Effacer ma conversation » les supprime à tout moment.";
  var DEFAULT_RETENTION_DAYS = 180;
  var ERASED_TEXT = "Votre conversation a été effacée, dans ce navigateur et sur le serveur.";
  var ERASE_ERROR_TEXT = "L'effacement n'a pas abouti : votre conversation est toujours là. Réessayez dans un instant.";
  // Rating buttons under an answer (payload /feedback{"feedback": "utile" | "pas_utile"}).
  var RATING_PAYLOAD = /^\/feedback\b/;
  // 👍 / 👎 as SVG (emoji fonts are missing on some systems): thumb icons of Material Icons (Apache 2.0).
  var RATING_ICONS = {
    utile: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    pas_utile: "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z",
  };

  function defaultServerUrl() {
    var defaults = window.ESS_CHAT_DEFAULTS || {};
    var port = String(defaults.rasaPort || "5005");
    return location.protocol + "//" + location.hostname + ":" + port;
  }

  function retentionDays() {
    var defaults = window.ESS_CHAT_DEFAULTS || {};
    var days = parseInt(data.retentionDays || defaults.retentionDays, 10);
    return days >= 1 ? days : DEFAULT_RETENTION_DAYS;
  }

  /** The privacy notice: data-privacy-text, else /config.js (PRIVACY_NOTICE), else the default text. */
  function privacyText() {
    var defaults = window.ESS_CHAT_DEFAULTS || {};
    var text = String(data.privacyText || defaults.privacyText || "").trim();
    return text || DEFAULT_PRIVACY_TEXT.replace("{days}", String(retentionDays()));
  }

  var config = {
    serverUrl: String(data.serverUrl || defaultServerUrl()).replace(/\/+$/, ""),
    title: data.title || "Assistant coopération",
    primaryColor: data.primaryColor || "",
    primaryTextColor: data.primaryTextColor || "",
    storageKey: "ess-chat:" + (data.storageKey || "v1"),
    privacyText: privacyText(),
    privacyUrl: data.privacyUrl || (window.ESS_CHAT_DEFAULTS || {}).privacyUrl || "",
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

  function isRating(button) {
    return RATING_PAYLOAD.test(button.payload);
  }

  /** « utile » / « pas_utile » from a rating payload, or "". */
  function ratingOf(payload) {
    var match = /"feedback"\s*:\s*"([a-z_]+)"/.exec(payload);
    return match ? match[1] : "";
  }

  /** A stored log entry: {from, text}, and for an answer its rating buttons and the rating given. */
  function cleanEntry(m) {
    if (!m || (m.from !== "user" && m.from !== "bot") || typeof m.text !== "string") return null;
    var entry = { from: m.from, text: m.text };
    var ratings = m.from === "bot" ? cleanButtons(m.feedback).filter(isRating) : [];
    if (ratings.length) entry.feedback = ratings;
    if (ratings.length && typeof m.rated === "string" && m.rated) entry.rated = m.rated;
    return entry;
  }

  var stored = readState();
  var state = {
    sender: typeof stored.sender === "string" && stored.sender ? stored.sender : newSenderId(),
    messages: Array.isArray(stored.messages) ? stored.messages.map(cleanEntry).filter(Boolean) : [],
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

  // Under the input: the privacy notice (text and link configured by the site) and « Effacer ma
  // conversation », which asks for a confirmation first.
  var footer = el("div", "ess-chat__footer");
  var privacy = el("p", "ess-chat__privacy", config.privacyText);
  privacy.id = "ess-chat-privacy";
  var privacyHref = config.privacyUrl ? safeHttpUrl(String(config.privacyUrl)) : null;
  if (privacyHref) {
    privacy.appendChild(document.createTextNode(" "));
    var privacyLink = el("a", "ess-chat__privacy-link", "En savoir plus");
    privacyLink.href = privacyHref;
    privacyLink.target = "_blank";
    privacyLink.rel = "noopener noreferrer";
    privacy.appendChild(privacyLink);
  }
  var eraseButton = el("button", "ess-chat__erase", "Effacer ma conversation");
  eraseButton.type = "button";
  eraseButton.setAttribute("aria-describedby", privacy.id);
  var confirmBox = el("div", "ess-chat__confirm");
  confirmBox.setAttribute("role", "group");
  confirmBox.setAttribute("aria-label", "Confirmer l'effacement");
  confirmBox.hidden = true;
  var confirmText = el(
    "p",
    "ess-chat__confirm-text",
    "Effacer cette conversation, dans ce navigateur et sur le serveur ? C'est définitif."
  );
  var confirmYes = el("button", "ess-chat__confirm-yes", "Effacer");
  confirmYes.type = "button";
  var confirmNo = el("button", "ess-chat__confirm-no", "Annuler");
  confirmNo.type = "button";
  confirmBox.appendChild(confirmText);
  confirmBox.appendChild(confirmYes);
  confirmBox.appendChild(confirmNo);
  footer.appendChild(privacy);
  footer.appendChild(eraseButton);
  footer.appendChild(confirmBox);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  panel.appendChild(footer);

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
  var activeRating = null; // rating buttons of the last answer, not used yet
  var notice = null; // network error message or erasure status (not saved)

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

  /** Shows which rating was given: both buttons disabled, the chosen one pressed. */
  function markRated(group, rating) {
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
      b.disabled = true;
      b.setAttribute("aria-pressed", b.getAttribute("data-rating") === rating ? "true" : "false");
    });
    group.classList.add("ess-chat__rating--done");
  }

  /**
   * The discreet 👍 / 👎 buttons under an answer (the French titles are their accessible names).
   * A rating is sent silently, once; it refers to the message just before it, so only the last
   * answer of the conversation can be rated.
   */
  function ratingGroup(entry) {
    var group = el("div", "ess-chat__rating");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Votre avis sur cette réponse");
    entry.feedback.forEach(function (b) {
      var rating = ratingOf(b.payload);
      var button = el("button", "ess-chat__rate");
      button.type = "button";
      button.setAttribute("aria-label", b.title);
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("data-rating", rating || b.title);
      button.title = b.title;
      if (RATING_ICONS[rating]) {
        button.appendChild(icon(RATING_ICONS[rating]));
      } else {
        var label = el("span", null, b.title);
        label.setAttribute("aria-hidden", "true");
        button.appendChild(label);
      }
      button.addEventListener("click", function () {
        if (busy || erasing || entry.rated) return;
        entry.rated = rating || b.title;
        markRated(group, entry.rated);
        if (activeRating === group) activeRating = null;
        saveState();
        send(b.payload, { silent: true, keepButtons: true }).then(function (ok) {
          if (ok) return;
          delete entry.rated; // not recorded: it can be given again
          group.classList.remove("ess-chat__rating--done");
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (other) {
            other.disabled = false;
            other.setAttribute("aria-pressed", "false");
          });
          activeRating = group;
          saveState();
        });
      });
      group.appendChild(button);
    });
    if (entry.rated) markRated(group, entry.rated);
    return group;
  }

  /** Removes the rating buttons of an answer that is no longer the last message. */
  function dropActiveRating() {
    if (activeRating && activeRating.parentNode) activeRating.parentNode.removeChild(activeRating);
    activeRating = null;
  }

  /** Rating buttons under `bubble` when its entry can (still) be rated or was rated. */
  function showRating(entry, bubble, isLast) {
    if (!entry.feedback || !bubble || (!entry.rated && !isLast)) return;
    var group = ratingGroup(entry);
    bubble.parentNode.insertBefore(group, bubble.nextSibling);
    if (!entry.rated) activeRating = group;
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

  function showNotice(text, isStatus) {
    clearNotice();
    notice = el("div", "ess-chat__notice" + (isStatus ? " ess-chat__notice--status" : ""), text);
    notice.setAttribute("role", isStatus ? "status" : "alert");
    log.appendChild(notice);
    scrollToEnd();
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    quickReplies = null;
    activeRating = null;
    notice = null;
    var last = state.messages.length - 1;
    state.messages.forEach(function (entry, index) {
      showRating(entry, appendMessage(entry), index === last);
    });
    renderQuickReplies(state.buttons);
    scrollToEnd();
  }

  // ---------------------------------------------------------------- talking to Rasa

  var busy = false;
  var erasing = false;

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    eraseButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
    if (quickReplies) {
      Array.prototype.forEach.call(quickReplies.querySelectorAll("button"), function (b) {
        b.disabled = value;
      });
    }
    if (value) scrollToEnd();
  }

  /** POST `body` as JSON to `path` of the Rasa server; resolves with the response. */
  function postJson(path, body) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return fetch(config.serverUrl + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: controller ? controller.signal : undefined,
      credentials: "omit",
    }).then(function (response) {
      if (timer) clearTimeout(timer);
      return response;
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  }

  function postMessage(text) {
    return postJson("/webhooks/rest/webhook", { sender: state.sender, message: text }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (reply) {
      if (!Array.isArray(reply)) throw new Error("réponse inattendue");
      return reply;
    });
  }

  /** Rasa messages -> log entries ({from, text, feedback}) + the reply's buttons. */
  function toEntries(reply) {
    var entries = [];
    var buttons = [];
    reply.forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var parts = [];
      if (typeof m.text === "string" && m.text) parts.push(m.text);
      if (typeof m.image === "string" && safeHttpUrl(m.image)) parts.push("Image : " + m.image);
      var bs = cleanButtons(m.buttons || m.quick_replies);
      var ratings = bs.filter(isRating);
      var others = bs.filter(function (b) { return !isRating(b); });
      if (parts.length) {
        var entry = { from: "bot", text: parts.join("\n") };
        if (ratings.length) entry.feedback = ratings;
        entries.push(entry);
      }
      if (others.length) buttons = others;
    });
    return { entries: entries, buttons: buttons };
  }

  /**
   * Sends `text` to the bot. options.display: text of the user's bubble
   * (button title); options.silent: no bubble (/greet, /restart, a rating);
   * options.keepButtons: keep the quick replies when the reply has none (a rating).
   */
  function send(text, options) {
    options = options || {};
    if (busy || erasing || !text) return Promise.resolve(false);
    clearNotice();
    var previousButtons = state.buttons;
    var userEntry = null;
    var userBubble = null;
    if (!options.silent) {
      userEntry = { from: "user", text: options.display || text };
      userBubble = appendMessage(userEntry);
    }
    if (activeRating) activeRating.hidden = true;
    removeQuickReplies();
    setBusy(true);
    return postMessage(text).then(function (reply) {
      var result = options.discard ? { entries: [], buttons: [] } : toEntries(reply);
      if (userEntry) state.messages.push(userEntry);
      if (userEntry || result.entries.length) dropActiveRating();
      else if (activeRating) activeRating.hidden = false;
      var first = userBubble;
      var bubble = null;
      result.entries.forEach(function (entry) {
        state.messages.push(entry);
        bubble = appendMessage(entry);
        if (!first) first = bubble;
      });
      if (result.entries.length) showRating(result.entries[result.entries.length - 1], bubble, true);
      state.buttons = result.buttons.length || !options.keepButtons ? result.buttons : previousButtons;
      saveState();
      setBusy(false);
      renderQuickReplies(state.buttons);
      scrollToReply(first);
      return true;
    }).catch(function () {
      setBusy(false);
      if (userBubble && userBubble.parentNode) userBubble.parentNode.removeChild(userBubble);
      if (activeRating) activeRating.hidden = false;
      // the typed message is not lost: it goes back into the field for a retry
      if (options.fromInput && !input.value) input.value = text;
      renderQuickReplies(previousButtons);
      showNotice(ERROR_TEXT);
      return false;
    });
  }

  function greetIfEmpty() {
    if (!state.messages.length && !busy && !erasing) send("/greet", { silent: true });
  }

  function restart() {
    if (busy || erasing) return;
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

  // ---------------------------------------------------------------- « Effacer ma conversation »

  function showConfirm(open) {
    confirmBox.hidden = !open;
    eraseButton.hidden = open;
    if (open) confirmNo.focus();
  }

  /**
   * Asks the server to delete this conversation (POST /webhooks/rest/erase), then forgets it here:
   * history, buttons and sender id (a new one is drawn). If the server cannot be reached, nothing
   * is forgotten, so that the erasure can be asked again.
   */
  function eraseConversation() {
    if (busy || erasing) return;
    erasing = true;
    confirmYes.disabled = confirmNo.disabled = true;
    clearNotice();
    postJson("/webhooks/rest/erase", { sender: state.sender }).then(function (response) {
      // 404: nothing was stored for this conversation, which is what was asked
      if (!response.ok && response.status !== 404) throw new Error("HTTP " + response.status);
      try {
        window.localStorage.removeItem(config.storageKey);
      } catch (e) {
        /* storage unavailable: nothing was kept there */
      }
      state.sender = newSenderId();
      state.messages = [];
      state.buttons = [];
      saveState();
      renderAll();
      showNotice(ERASED_TEXT, true);
    }).catch(function () {
      showNotice(ERASE_ERROR_TEXT);
    }).then(function () {
      erasing = false;
      confirmYes.disabled = confirmNo.disabled = false;
      showConfirm(false);
      eraseButton.focus();
    });
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
  eraseButton.addEventListener("click", function () {
    if (!busy && !erasing) showConfirm(true);
  });
  confirmNo.addEventListener("click", function () {
    showConfirm(false);
    eraseButton.focus();
  });
  confirmYes.addEventListener("click", eraseConversation);
  var fullScreen = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;

  root.addEventListener("keydown", function (event) {
    if (panel.hidden) return;
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      if (!confirmBox.hidden && !erasing) {
        showConfirm(false); // Escape first cancels the erasure question
        eraseButton.focus();
        return;
      }
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
