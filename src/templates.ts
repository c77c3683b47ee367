/**
 * The one table of templates. It drives the prompt, `--list`, validation and `--help`:
 * adding a template is adding a row here and a layer folder under `templates/`.
 */
export interface TemplateFeatures {
  /** register/login/refresh/logout/me and deny-by-default route protection (the `auth` layer) */
  auth: boolean;
  /** the service cannot work without Redis in production-like setups (compose, CI service) */
  redis: boolean;
  /** calls an upstream HTTP API (timeouts, retries, breaker, cache) */
  upstream: boolean;
}

export interface TemplateInfo {
  name: string;
  title: string;
  description: string;
  /** layer folders under `templates/`, applied in order; a later layer overrides same-named files */
  layers: string[];
  features: TemplateFeatures;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    name: 'task-api',
    title: 'Task API with auth',
    description: 'Users, JWT access + rotating refresh tokens, tasks with tags, filters and cursor pagination',
    layers: ['base', 'pagination', 'auth', 'task-api'],
    features: { auth: true, redis: false, upstream: false },
  },
  {
    name: 'ecommerce',
    title: 'Small e-commerce backend',
    description: 'Catalogue, cart, idempotent checkout that never oversells, payments, order state machine',
    layers: ['base', 'pagination', 'auth', 'ecommerce'],
    features: { auth: true, redis: false, upstream: false },
  },
  {
    name: 'external-api',
    title: 'Service over an external API',
    description: 'Weather over Open-Meteo with timeouts, retries, a circuit breaker and a stale-if-error cache',
    layers: ['base', 'external-api'],
    features: { auth: false, redis: true, upstream: true },
  },
];

export const TEMPLATE_NAMES = TEMPLATES.map((t) => t.name);

export function findTemplate(name: string): TemplateInfo | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
