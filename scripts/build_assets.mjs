// Builds static/ from npm packages: GOV.UK Frontend compiled with a system font
// (councils may not use GDS Transport), its JavaScript and images, and our own files.
import { cpSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static");

rmSync(join(out, "govuk"), { recursive: true, force: true });
mkdirSync(join(out, "govuk"), { recursive: true });

const css = sass.compile(join(root, "assets", "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "govuk", "app.css"), css.css);
cpSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(frontend, "assets", "images"), join(out, "govuk", "images"), { recursive: true });
cpSync(join(frontend, "assets", "manifest.json"), join(out, "govuk", "manifest.json"));
cpSync(join(root, "assets", "js"), join(out, "govuk", "js"), { recursive: true });
console.log(`built static/govuk (${css.css.length} bytes of CSS)`);
