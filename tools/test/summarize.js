// Adds up the jest JSON reports of every project into one closing line: "N passed, N failed".
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0, suitesFailed = 0;
const rows = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  suitesFailed += r.numFailedTestSuites + (r.numRuntimeErrorTestSuites || 0);
  rows.push(`${file.replace(/\.json$/, '').padEnd(32)} ${String(r.numPassedTests).padStart(4)} passed ${String(r.numFailedTests).padStart(3)} failed`);
}
console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || suitesFailed > 0 || passed === 0 ? 1 : 0);
