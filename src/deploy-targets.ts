/**
 * The one table of deploy targets. Like the template table, it drives `--deploy` validation, the
 * prompt and `--help`: adding a host is adding a row here and a `templates/deploy-<name>/` layer
 * (applied after the template's layers, shared by every template).
 */
export interface DeployTarget {
  name: string;
  title: string;
  description: string;
  /** layer folders under `templates/`, applied after the template's own */
  layers: string[];
  /** the one-time set-up on the host, as the last next step (it names the README section) */
  setupStep?: string;
}

export const DEPLOY_TARGETS: readonly DeployTarget[] = [
  {
    name: 'none',
    title: 'None for now',
    description: 'CI tests and publishes the image to GitHub Container Registry; deploy it anywhere by hand',
    layers: [],
  },
  {
    name: 'fly',
    title: 'Fly.io',
    description: 'fly.toml + a CI job that deploys each image with flyctl (secret: FLY_API_TOKEN)',
    layers: ['deploy-fly'],
    setupStep: 'Once, before the first deploy: set up Fly.io and the FLY_API_TOKEN secret (README.md, "Deploying to Fly.io")',
  },
  {
    name: 'render',
    title: 'Render',
    description: 'render.yaml Blueprint (web service, Postgres) + a CI job that calls the deploy hook',
    layers: ['deploy-render'],
    setupStep: 'Once, before the first deploy: create the Render Blueprint and the deploy hook secret (README.md, "Deploying to Render")',
  },
];

export const DEPLOY_TARGET_NAMES = DEPLOY_TARGETS.map((t) => t.name);

export const NO_DEPLOY: DeployTarget = DEPLOY_TARGETS[0]!;

/** Every layer a project is rendered from, in order: the template's, then the deploy target's. */
export function layersOf(template: { layers: readonly string[] }, deploy: DeployTarget): string[] {
  return [...template.layers, ...deploy.layers];
}

export function findDeployTarget(name: string): DeployTarget | undefined {
  return DEPLOY_TARGETS.find((t) => t.name === name);
}
