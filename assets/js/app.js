// Starts GOV.UK Frontend's components once the page has loaded. Loaded as a module,
// so browsers without module support get the plain HTML journey.
import { initAll } from "../govuk-frontend.min.js";
initAll();
