// Starts GOV.UK Frontend's components once the page has loaded. Loaded as a module,
// so browsers without module support get the plain HTML journey.
import { initAll } from "../govuk-frontend.min.js";

initAll();

// GOV.UK Frontend marks radios and checkboxes that reveal a follow-up question with
// aria-expanded, which ARIA does not allow on those roles (axe reports it under WCAG 4.1.2).
// The revealed question follows the input directly and keeps its aria-controls link, so we
// drop the unsupported attribute after each change rather than leave invalid markup.
const selector = ".govuk-radios__input[aria-expanded], .govuk-checkboxes__input[aria-expanded]";
const dropExpanded = () => document.querySelectorAll(selector).forEach((input) => input.removeAttribute("aria-expanded"));
dropExpanded();
// GOV.UK Frontend syncs the reveal state again on pageshow (back/forward cache), so follow it.
window.addEventListener("pageshow", () => window.setTimeout(dropExpanded, 0));
document.addEventListener("click", () => window.setTimeout(dropExpanded, 0));
document.addEventListener("change", () => window.setTimeout(dropExpanded, 0));
