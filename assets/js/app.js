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

// Progress pages of long jobs (templates/_job_progress.html): follow the job instead of asking the person to
// reload, and reload once it has finished, so the page shows the outcome. The bar moves at every poll; the
// status line is a live region, so it changes only at each tenth of the way or when the job moves to another
// step, rather than being read out every second and a half.
const followJob = (box) => {
  const status = box.querySelector("[data-job-status]");
  const bar = box.querySelector("progress");
  const note = document.querySelector("[data-job-refresh]");
  if (note) note.textContent = "This page updates itself while you wait. You can leave it and come back.";
  let spoken = Math.floor(bar.value / 10);
  const step = (text) => text.split(":")[0];
  const poll = () => {
    window
      .fetch(box.dataset.jobStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((job) => {
        if (job && job.finished) {
          window.location.reload();
          return;
        }
        if (job) {
          bar.value = job.percent;
          bar.textContent = `${job.percent}%`;
          if (Math.floor(job.percent / 10) !== spoken || step(job.text) !== step(status.textContent)) {
            spoken = Math.floor(job.percent / 10);
            status.textContent = job.text;
          }
        }
        window.setTimeout(poll, 1500);
      })
      .catch(() => window.setTimeout(poll, 5000));
  };
  window.setTimeout(poll, 1500);
};
const jobBox = document.querySelector("[data-job-status-url]");
if (jobBox && window.fetch) followJob(jobBox);
