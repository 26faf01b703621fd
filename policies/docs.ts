import * as fs from "fs";
import * as path from "path";
import { withRuleTable } from "./lib/docs";
import { rules } from "./rules";

// Regenerates the rule table, between its markers, in each Markdown file named (default: policies/README.md):
// `node policies/bin/docs.js [FILE ...]`.
const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : [path.resolve(__dirname, "..", "README.md")];
for (const file of files) {
    fs.writeFileSync(file, withRuleTable(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "", rules));
}
