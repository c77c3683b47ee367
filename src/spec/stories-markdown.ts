/**
 * stories.md: the user stories with their acceptance criteria, written from the same story
 * objects `check` runs, so every criterion in the document is a check and every check is in it.
 * Each story has an anchor (`stories.md#<id>`) that the check's report links to.
 */
import type { Story } from '../check/suite.js';
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

export function storiesMarkdown(template: TemplateInfo, stories: Story<unknown>[]): string {
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
    'A failed check prints the request, what was expected and what came back, and links to its story here.',
    '',
    ...stories.map((story) => `- [${story.title}](#${story.id})`),
    '',
  ];
  for (const story of stories) {
    lines.push(
      `<a id="${story.id}"></a>`,
      '',
      `## ${story.title}`,
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
    'Options: `--json` (a machine-readable report), `--origin <url>` (check CORS for a browser origin you allow),',
    '`--jwt-secret` (check that expired and wrong-audience tokens are refused), `--timeout <seconds>`;',
    'for ecommerce `--admin-email` and `--admin-password` (or `CHECK_ADMIN_EMAIL`, `CHECK_ADMIN_PASSWORD`) for the',
    'stories that create products. The check creates only its own data (random emails and SKUs) and stays within',
    'the rate limits of the contract.',
    '',
  );
  return lines.join('\n');
}
