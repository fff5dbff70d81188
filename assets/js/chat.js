// The home page's chat helper, improved in place. Without this script the chat form posts and the
// page shows the conversation; with it, messages go to POST /api/chat and replies appear without
// a page load. Replies are built with textContent only (never innerHTML), in the same GOV.UK markup
// the server renders, and announced through the polite status region.

const STORE_KEY = "send-portal-chat";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function paragraphs(text) {
  return (text || "").split("\n\n").map((part) => part.trim()).filter(Boolean);
}

function linkList(links, extraClass) {
  const list = element("ul", "govuk-list govuk-!-margin-bottom-0" + (extraClass || ""));
  for (const link of links) {
    const item = element("li");
    const anchor = element("a", "govuk-link", link.text);
    anchor.href = link.href;
    item.append(anchor);
    list.append(item);
  }
  return list;
}

function userTurn(text) {
  const item = element("li", "app-chat-turn app-chat-turn--user govuk-!-margin-bottom-4");
  item.append(element("p", "govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1", "You"));
  item.append(element("p", "govuk-body govuk-!-margin-bottom-0", text));
  return item;
}

function safeguardingBox(reply, index) {
  const banner = element("div", "govuk-notification-banner");
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-labelledby", "chat-help-js-" + index);
  const header = element("div", "govuk-notification-banner__header");
  const title = element("h3", "govuk-notification-banner__title", reply.title || "Get help now");
  title.id = "chat-help-js-" + index;
  header.append(title);
  const content = element("div", "govuk-notification-banner__content");
  const [first, second] = paragraphs(reply.reply);
  const warning = element("div", "govuk-warning-text govuk-!-margin-bottom-2");
  const icon = element("span", "govuk-warning-text__icon", "!");
  icon.setAttribute("aria-hidden", "true");
  const strong = element("strong", "govuk-warning-text__text");
  strong.append(element("span", "govuk-visually-hidden", "Warning"), first || "");
  warning.append(icon, strong);
  content.append(warning, element("p", "govuk-body", second || ""), contactList(reply.contacts));
  const rest = paragraphs(reply.reply);
  if (rest.length > 2 && reply.links && reply.links.length) {
    content.append(element("p", "govuk-body govuk-!-margin-top-4", rest[rest.length - 1]));
    content.append(linkList(reply.links.slice(-1)));
  }
  banner.append(header, content);
  return banner;
}

function contactList(contacts) {
  const list = element("ul", "govuk-list govuk-list--spaced govuk-!-margin-bottom-0");
  for (const contact of contacts || []) {
    const item = element("li");
    const anchor = element("a", "govuk-link govuk-!-font-weight-bold", `${contact.name}: ${contact.phone}`);
    anchor.href = contact.href;
    item.append(anchor, element("br"), contact.text);
    list.append(item);
  }
  return list;
}

// The concern panel: shown beside the answer, never instead of it.
function safetyPanel(safety, index) {
  const banner = element("div", "govuk-notification-banner govuk-!-margin-top-3 govuk-!-margin-bottom-0");
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-labelledby", "chat-safety-js-" + index);
  const header = element("div", "govuk-notification-banner__header");
  const title = element("h3", "govuk-notification-banner__title", safety.title);
  title.id = "chat-safety-js-" + index;
  header.append(title);
  const content = element("div", "govuk-notification-banner__content");
  content.append(element("p", "govuk-body", safety.lead), contactList(safety.contacts));
  if (safety.links && safety.links.length) content.append(linkList(safety.links));
  banner.append(header, content);
  return banner;
}

function choiceButtons(choices, onChoose) {
  const group = element("div", "govuk-button-group govuk-!-margin-bottom-0");
  for (const choice of choices) {
    const button = element("button", "govuk-button govuk-button--secondary govuk-!-margin-bottom-2", choice.text);
    button.type = "button";
    button.addEventListener("click", () => onChoose(choice.message));
    group.append(button);
  }
  return group;
}

function answerBox(reply, onChoose) {
  const box = element("div", "govuk-inset-text govuk-!-margin-top-0 govuk-!-margin-bottom-0");
  box.append(element("p", "govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1", "Helper (automated)"));
  if (reply.title) box.append(element("h3", "govuk-heading-s govuk-!-margin-bottom-2", reply.title));
  for (const paragraph of paragraphs(reply.reply)) box.append(element("p", "govuk-body", paragraph));
  if (reply.services && reply.services.length) {
    box.append(linkList(reply.services.map((s) => ({ text: s.name, href: s.href })), " govuk-list--bullet"));
  }
  if (reply.choices && reply.choices.length && onChoose) box.append(choiceButtons(reply.choices, onChoose));
  if (reply.links && reply.links.length) box.append(linkList(reply.links));
  return box;
}

function botTurn(reply, index, onChoose) {
  const item = element("li", "app-chat-turn app-chat-turn--bot govuk-!-margin-bottom-4");
  item.append(reply.safeguarding ? safeguardingBox(reply, index) : answerBox(reply, onChoose));
  if (!reply.safeguarding && reply.safety) item.append(safetyPanel(reply.safety, index));
  return item;
}

function announcement(reply) {
  const parts = [reply.safeguarding ? "Get help now." : "The helper replied."];
  if (reply.title) parts.push(reply.title + ".");
  parts.push(reply.reply.replace(/\n\n/g, " "));
  if (reply.services && reply.services.length) parts.push("Services: " + reply.services.map((s) => s.name).join(", ") + ".");
  if (reply.safety) parts.push(reply.safety.title + ". " + reply.safety.lead);
  return parts.join(" ");
}

function errorMessage(input, text) {
  const group = input.closest(".govuk-form-group");
  let message = document.getElementById("chat-js-error");
  if (!text) {
    if (message) message.remove();
    group.classList.remove("govuk-form-group--error");
    input.classList.remove("govuk-input--error");
    input.setAttribute("aria-describedby", input.getAttribute("aria-describedby").replace(" chat-js-error", ""));
    return;
  }
  if (!message) {
    message = element("p", "govuk-error-message");
    message.id = "chat-js-error";
    input.before(message);
    input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "") + " chat-js-error");
  }
  message.replaceChildren(element("span", "govuk-visually-hidden", "Error:"), " " + text);
  group.classList.add("govuk-form-group--error");
  input.classList.add("govuk-input--error");
}

function load() {
  try {
    return JSON.parse(window.sessionStorage.getItem(STORE_KEY)) || null;
  } catch {
    return null;
  }
}

function save(stored) {
  try {
    window.sessionStorage.setItem(STORE_KEY, JSON.stringify(stored));
  } catch {
    // Private browsing or a full store: the conversation simply is not kept across reloads.
  }
}

function start(form) {
  const log = document.getElementById("chat-log");
  const status = document.getElementById("chat-status");
  const input = form.querySelector("input[name='message']");
  const button = form.querySelector("button");
  const startAgain = document.getElementById("chat-start-again");
  const maxLength = Number(form.dataset.maxLength || 1000);
  const serverTurns = log.children.length > 0;
  let stored = load();
  if (!stored || serverTurns) stored = { session: form.dataset.session, turns: [] };
  let busy = false;

  function show(turn, index, latest) {
    log.append(turn.who === "user" ? userTurn(turn.text) : botTurn(turn.reply, index, latest ? send : null));
  }

  stored.turns.forEach((turn, index) => show(turn, index, index === stored.turns.length - 1));
  if (stored.turns.length) startAgain.hidden = false;

  async function send(message) {
    const text = (message || "").trim();
    if (busy) return;
    if (!text) return errorMessage(input, "Enter your message");
    if (text.length > maxLength) {
      return errorMessage(input, `Your message must be ${maxLength.toLocaleString("en-GB")} characters or fewer`);
    }
    errorMessage(input, null);
    busy = true;
    button.disabled = true;
    log.append(userTurn(text));
    status.textContent = "Sending your message…";
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ message: text, session: stored.session }),
      });
      const data = await response.json();
      if (!response.ok) throw Object.assign(new Error(data.error), { fromServer: Boolean(data.error) });
      for (const old of log.querySelectorAll(".govuk-button-group")) old.remove();  // old choices are stale
      const index = stored.turns.length;
      show({ who: "bot", reply: data }, index + 1, true);
      log.lastElementChild.scrollIntoView({ block: "start" });  // a long answer is read from its start
      const kept = data.safeguarding ? "(Your message is not kept, to protect your privacy.)" : text;
      const turns = [...stored.turns, { who: "user", text: kept }, { who: "bot", reply: data }];
      stored = { session: data.session, turns: turns.slice(-20) };
      save(stored);
      input.value = "";
      startAgain.hidden = false;
      status.textContent = announcement(data);
    } catch (error) {
      log.lastElementChild.remove();
      status.textContent = "";
      const reason = error.fromServer ? error.message : "Sorry, your message could not be sent. Try again.";
      errorMessage(input, reason + " You can also talk to a person: see the contact page.");
    } finally {
      busy = false;
      button.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.value);
  });
  for (const choices of document.querySelectorAll(".app-chat-choices")) {
    choices.addEventListener("submit", (event) => {
      event.preventDefault();
      if (event.submitter) send(event.submitter.value);
    });
  }
  startAgain.addEventListener("submit", () => window.sessionStorage.removeItem(STORE_KEY));
}

const chatForm = document.getElementById("chat-form");
if (chatForm && window.fetch) start(chatForm);
