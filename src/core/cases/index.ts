/** Cases on disk: one SQLite file each, and the demo case shipped in resources/. */
export { CaseStore } from './case-store.js';
export { slugify } from './slugify.js';
export { demoFiles, DEMO_CASE_NAME } from './demo-case.js';
