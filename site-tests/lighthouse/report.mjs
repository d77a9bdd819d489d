// Prints one line per Lighthouse JSON report: page, performance score, total blocking time,
// cumulative layout shift, largest contentful paint. Usage: node report.mjs REPORT.json…
import { readFileSync } from 'node:fs';

console.log('page\tperformance\tTBT (ms)\tCLS\tLCP (ms)');
for (const file of process.argv.slice(2)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const audit = (id) => report.audits[id]?.numericValue;
    const page = new URL(report.finalDisplayedUrl || report.finalUrl).pathname.replace(/^\//, '');
    console.log([
        page,
        Math.round((report.categories.performance.score ?? 0) * 100),
        Math.round(audit('total-blocking-time')),
        audit('cumulative-layout-shift').toFixed(3),
        Math.round(audit('largest-contentful-paint')),
    ].join('\t'));
}
