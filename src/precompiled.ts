/**
 * Handlebars templates compiled ahead of time. This file is empty on purpose: `scripts/build.ts`
 * replaces it in the bundle with every `.hbs` file and partial of `templates/`, precompiled with
 * `COMPILE_OPTIONS` (plan.ts) and keyed by the SHA-1 of the exact source that `planProject`
 * compiles. Compiling the templates at run time is the slowest step of a run (~40 ms for task-api,
 * BENCHMARKS.md); a template whose source is not here (development, tests, a template edited since
 * the build) is simply compiled at run time, so a stale bundle can never render stale output.
 */
export const PRECOMPILED: Readonly<Record<string, TemplateSpecification>> = {};
