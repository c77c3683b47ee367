/**
 * stories.md: the user stories with their acceptance criteria, written from the same story
 * objects `check` runs, so every criterion in the document is a check and every check is in it.
 * Each story has an anchor (`stories.md#<id>`) that the check's report links to.
 */
import type { Story } from '../check/suite.js';
import type { Stage } from '../check/suites.js';
import type { TemplateInfo } from '../templates.js';

const GITHUB_ACTIONS_JOB = `  conformance:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      # Your app and its database, from your docker-compose.yml (port 3000 published). Without
      # Compose, start it in the background instead: \`./gradlew bootRun &\`, \`uvicorn app.main:app --port 3000 &\`, …
      - name: Start the server
        run: docker compose up -d --wait
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - name: Wait until the server answers
        run: for i in $(seq 1 60); do curl -fs http://localhost:3000/healthz && break; sleep 1; done
      - name: Conformance check
        run: npx --yes create-backend-practice@latest check {{template}} --base-url http://localhost:3000{{admin}}`;

/** The job for one template; ecommerce also passes the admin account its stories need. */
export function githubActionsJob(template: string): string {
  const admin =
    template === 'ecommerce'
      ? [
          '',
          '        env:',
          '          # An admin account your seed creates (for the stories that add products); without it they are skipped.',
          '          CHECK_ADMIN_EMAIL: ${{ vars.CHECK_ADMIN_EMAIL }}',
          '          CHECK_ADMIN_PASSWORD: ${{ secrets.CHECK_ADMIN_PASSWORD }}',
        ].join('\n')
      : '';
  return GITHUB_ACTIONS_JOB.replace('{{template}}', template).replace('{{admin}}', admin);
}

/** What a reader of openapi.json needs: each operation in one line (method, path, token, success, summary). */
interface DocumentSummary {
  security?: unknown[];
  paths: Record<string, Record<string, { summary?: string; security?: unknown[]; responses?: Record<string, unknown> }>>;
}

function endpointTable(document: DocumentSummary): string[] {
  const rows = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => {
        const token = (operation.security ?? document.security ?? []).length > 0 ? 'yes' : 'no';
        const success = Object.keys(operation.responses ?? {}).filter((status) => status.startsWith('2')).join(', ');
        return `| \`${method.toUpperCase()}\` | \`${path}\` | ${token} | ${success} | ${operation.summary ?? ''} |`;
      }),
  );
  return ['| method | path | token | success | what it does |', '| --- | --- | --- | --- | --- |', ...rows];
}

/**
 * What the check asserts beyond the criteria's sentences, said once for every language: the
 * decisions a learner would otherwise guess, and the parts of openapi.json that read like Node.
 */
function conventions(template: TemplateInfo, hasAccounts: boolean): string[] {
  return [
    '## What the check holds every answer to',
    '',
    '- **openapi.json is checked on every answer**: the headers a response marks `required` (`X-Request-Id` on every answer,',
    '  `Location` on a 201, `WWW-Authenticate: Bearer` on a 401; `RateLimit` and `RateLimit-Policy` on success, in their own',
    '  story) and the body against its schema: types, required fields, enums, formats and lengths (a `date-time` is RFC 3339',
    '  and at most 30 characters: `2030-01-31T09:30:00.000Z`, not six fraction digits and `+00:00`).',
    '- **Errors** are `application/problem+json` (RFC 9457) with `type`, `title` and `status`. Validation is **400**, not',
    '  422; a body that is not JSON is **415**; unknown fields are refused; a value of the wrong type is refused, never',
    '  coerced (`"title": 42` is not `"42"`). A 400 names the field either in `errors[].field` (a JSON pointer: `/title`) or',
    '  in `detail`.',
    ...(hasAccounts
      ? [
          '- **Access tokens** are HS256 JWTs with `sub`, `iat`, `exp`, `iss` and `aud`. The issuer and audience are your own',
          '  fixed values (any strings): the check reads them from a token your server issued and, with `--jwt-secret`, expects',
          '  a token with another `iss`, another `aud`, an `exp` in the past, `alg: none` or a changed signature to be a 401.',
          '  `expiresIn` is the access token lifetime in seconds (the reference: 900). Refresh tokens are opaque strings, spent',
          '  once (the reference keeps them 30 days); spending one twice ends that login.',
          '- **Register** answers 201 with `Location: /v1/me` (the new account is the caller\'s own). **Logout** answers 204,',
          '  also for a refresh token the server does not know.',
          '- A route that needs a token checks it **before anything else**: without a token (or with a bad one) it is a 401',
          '  whatever the path parameters or body, never a 403, 404 or 422.',
        ]
      : []),
    ...(template.name === 'task-api'
      ? [
          '- **Search** (`q`): every word must match (AND), each as the start of a word of the title, case-insensitively',
          '  (`plum` finds "Call plumber", not "unplumbed"). **Tags** are stored trimmed and lowercase, duplicates merged.',
        ]
      : []),
    '- **CORS**: an allowed origin gets exactly that origin in `Access-Control-Allow-Origin`; an origin that is not allowed',
    `  gets no such header. \`*\` is not acceptable: ${hasAccounts ? 'the API takes bearer tokens and ' : 'the server '}answers only the origins it lists.`,
    '- **Limits** a client can hit: a body over 100 KiB is a 413, a path segment over the server\'s limit a 414 (the',
    '  reference: 100 characters); both are problem+json.',
    '',
    '### Reading openapi.json from another language',
    '',
    '- Names like `CORS_ORIGINS` or `ACCESS_TOKEN_TTL_SECONDS` are the reference\'s settings: name yours as your language',
    '  does; the check only sees HTTP.',
    '- The description\'s 400/408/431 "before any operation" are what Node\'s HTTP server answers to broken HTTP, slow',
    '  requests and oversized headers. Your server\'s stack answers them its own way; the check does not test them.',
    '- Patterns use ECMAScript Unicode classes: `\\p{Cc}` (control characters) is `[\\x00-\\x1F\\x7F-\\x9F]` in any',
    '  language; `\\p{L}` (letters) and `\\p{N}` (digits) work as is in Go (RE2) and Java; in Python, `re` rejects `\\p`:',
    '  use `[^\\W\\d_]` for a letter and `\\d` for a digit (or the `regex` package), and give Pydantic the same portable',
    '  pattern.',
    '',
  ];
}

export function storiesMarkdown(template: TemplateInfo, stories: Story<unknown>[], stages: Stage[], document: DocumentSummary): string {
  const hasAccounts = stories.some((story) => story.id === 'register');
  const lines = [
    `# ${template.title}: user stories and acceptance criteria`,
    '',
    `${template.description}. This is what a \`${template.name}\` server does, in any language: build it`,
    'against these stories, `openapi.json` (every request and response) and `requests.http` (an example of every',
    'endpoint, in order). Every acceptance criterion below is a check of the conformance suite:',
    '',
    '```sh',
    `npx create-backend-practice check ${template.name} --base-url http://localhost:3000`,
    '```',
    '',
    'A failed check prints the request (and a `curl` line to repeat it), what was expected and what came back, and links',
    'to its story here.',
    '',
    '## The endpoints on one page',
    '',
    ...endpointTable(document),
    '',
    '## Stage by stage',
    '',
    `Build the stories in this order; \`check ${template.name} --base-url … --stage 1\` runs the first stage only, then`,
    '`--next` runs the stages in order and stops at the first one not passing, showing only its failures.',
    '`--progress check-progress.json` records the stages passed (commit it: your repository shows how far you got).',
    '',
    ...stages.map((stage, i) => `${i + 1}. ${stage.title}: ${stage.stories.map((id) => `[${stories.find((story) => story.id === id)?.title ?? id}](#${id})`).join(', ')}`),
    '',
    ...conventions(template, hasAccounts),
  ];
  stages.forEach((stage, i) => {
    lines.push(`## Stage ${i + 1}: ${stage.title}`, '');
    for (const story of stories.filter((candidate) => stage.stories.includes(candidate.id))) {
      lines.push(
        `<a id="${story.id}"></a>`,
        '',
        `### ${story.title}`,
        '',
        story.narrative,
        '',
        `Endpoints: ${story.endpoints.map((endpoint) => `\`${endpoint}\``).join(', ')}`,
        '',
        'Acceptance criteria:',
        '',
        ...story.checks.map((check) => `- ${check.name}`),
        '',
      );
    }
  });
  lines.push(
    '## Running the check in CI',
    '',
    'Add this job to `.github/workflows/ci.yml` (any language): it starts your server, then runs the check against it.',
    '',
    '```yaml',
    'jobs:',
    githubActionsJob(template.name),
    '```',
    '',
    'Options: `--json` (a machine-readable report), `--stage <n>`, `--next`, `--progress <file>`, `--origin <url>` (check CORS for a browser origin you allow),',
    '`--jwt-secret` (check that expired, wrong-audience and wrong-issuer tokens are refused), `--timeout <seconds>`;',
    'for ecommerce `--admin-email` and `--admin-password` (or `CHECK_ADMIN_EMAIL`, `CHECK_ADMIN_PASSWORD`) for the',
    'stories that create products. The check creates only its own data (random emails and SKUs) and stays within',
    'the rate limits of the contract.',
    '',
  );
  return lines.join('\n');
}
