/**
 * external-api: current weather and forecast in a normalized shape, input validation, unknown
 * places, the cache, and the lookup statistics. Places used: Berlin and Paris (on the real
 * Open-Meteo and on the fake the generated project ships).
 */
import { randomBytes } from 'node:crypto';
import { type CommonContext, corsAndDocumentStories, healthStory, rateLimitStory } from './common-stories.js';
import type { Answer, Client } from './http.js';
import { expectField, expectFieldIs, expectObject, expectProblem, expectStatus, expectThat, isDateTime, isNumber, isString, type Story } from './suite.js';
import { inStageOrder, type Stage, type SuiteOptions, type TemplateSuite } from './suites.js';

type Context = CommonContext;
type TopCities = { days: number; items: { name: string; lookups: number }[] };

const isBoolean = (value: unknown) => typeof value === 'boolean';
const isNumberOrNull = (value: unknown) => value === null || isNumber(value);

function expectLocation(answer: Answer, body: Record<string, unknown>) {
  expectFieldIs(answer, body, 'location', 'an object with latitude, longitude and timezone', (value) => {
    const location = value as Record<string, unknown> | null;
    return typeof location === 'object' && location !== null && isNumber(location.latitude) && isNumber(location.longitude) && isString(location.timezone);
  });
}

async function current(client: Client, query: string) {
  const answer = await client.request('GET', `/v1/weather/current?${query}`);
  expectStatus(answer, 200);
  return { answer, body: expectObject(answer) };
}

async function topCities(client: Client): Promise<TopCities> {
  const answer = await client.request('GET', '/v1/stats/top-cities?limit=50');
  expectStatus(answer, 200);
  const body = expectObject<TopCities>(answer);
  expectThat(Array.isArray(body.items), 'field `items` (an array)', JSON.stringify(body).slice(0, 200), answer.request);
  return body;
}

function weatherStories(): Story<Context>[] {
  return [
    {
      id: 'current-weather',
      title: 'The weather now',
      narrative: 'As a user, I want the current weather for a city or for coordinates in one documented shape, so that my app can show it without knowing the provider.',
      endpoints: ['GET /v1/weather/current?city=|lat=&lon='],
      checks: [
        {
          name: 'By city: 200 with `location`, `temperatureC`, `windSpeedKmh`, `weatherCode`, `weatherText`, `observedAt`, `cached` and `stale`',
          async run({ client }) {
            const { answer, body } = await current(client, 'city=Berlin');
            expectLocation(answer, body);
            expectField(answer, body.location as Record<string, unknown>, 'name', 'Berlin');
            expectFieldIs(answer, body, 'temperatureC', 'a number (°C)', isNumber);
            expectFieldIs(answer, body, 'windSpeedKmh', 'a number (km/h)', isNumber);
            expectFieldIs(answer, body, 'weatherCode', 'an integer (WMO code)', Number.isInteger);
            expectFieldIs(answer, body, 'weatherText', 'a string', isString);
            expectFieldIs(answer, body, 'observedAt', 'a date-time', isDateTime);
            expectFieldIs(answer, body, 'cached', 'a boolean', isBoolean);
            expectFieldIs(answer, body, 'stale', 'a boolean', isBoolean);
          },
        },
        {
          name: 'By coordinates (`lat`, `lon`): 200 with the same shape',
          async run({ client }) {
            const { answer, body } = await current(client, 'lat=48.8534&lon=2.3488');
            expectLocation(answer, body);
            expectFieldIs(answer, body, 'temperatureC', 'a number (°C)', isNumber);
          },
        },
      ],
    },
    {
      id: 'forecast',
      title: 'The days ahead',
      narrative: 'As a user, I want a daily forecast of 1 to 7 days, so that I can plan the week.',
      endpoints: ['GET /v1/weather/forecast?city=&days=1..7'],
      checks: [
        {
          name: '`days=3`: 200 with `location` and 3 days, each with `date`, `temperatureMinC`, `temperatureMaxC` and `precipitationMm`',
          async run({ client }) {
            const answer = await client.request('GET', '/v1/weather/forecast?city=Berlin&days=3');
            expectStatus(answer, 200);
            const body = expectObject<{ days: Record<string, unknown>[] }>(answer);
            expectLocation(answer, body);
            expectFieldIs(answer, body, 'days', 'an array of 3 days', (days) => Array.isArray(days) && days.length === 3);
            for (const day of body.days) {
              expectThat(
                typeof day.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day.date) && isNumberOrNull(day.temperatureMinC) && isNumberOrNull(day.temperatureMaxC) && isNumberOrNull(day.precipitationMm),
                'each day: `date` (YYYY-MM-DD) and numbers (or null) for min, max, precipitation',
                JSON.stringify(day).slice(0, 200),
                answer.request,
              );
            }
          },
        },
      ],
    },
    {
      id: 'weather-validation',
      title: 'Bad questions get clear answers',
      narrative: 'As a client developer, I want invalid input refused with a problem naming the parameter, and an unknown place told apart from a failure, so that I can show the right message.',
      endpoints: ['GET /v1/weather/current', 'GET /v1/weather/forecast'],
      checks: [
        ...(
          [
            ['No city and no coordinates is a 400 problem', '/v1/weather/current', undefined],
            ['A city name over 100 characters is a 400 problem naming `city`', `/v1/weather/current?city=${'a'.repeat(101)}`, 'city'],
            ['A latitude outside -90..90 is a 400 problem naming `lat`', '/v1/weather/current?lat=91&lon=0', 'lat'],
            ['`days` outside 1..7 is a 400 problem naming `days`', '/v1/weather/forecast?city=Berlin&days=8', 'days'],
          ] as const
        ).map(([name, path, field]) => ({
          name,
          async run({ client }: Context) {
            expectProblem(await client.request('GET', path), 400, field);
          },
        })),
        {
          name: 'A place that does not exist is a 404 problem',
          async run({ client }) {
            const nowhere = `Qx${randomBytes(6).toString('hex').replace(/\d/g, 'z')}`;
            expectProblem(await client.request('GET', `/v1/weather/current?city=${nowhere}`), 404);
          },
        },
      ],
    },
    {
      id: 'cache',
      title: 'Repeated questions are answered from the cache',
      narrative: 'As the operator, I want identical requests within minutes served from our cache, so that we stay fast and within the provider\'s fair use.',
      endpoints: ['GET /v1/weather/current'],
      checks: [
        {
          name: 'The second identical request answers `cached: true`',
          async run({ client }) {
            await current(client, 'city=Paris');
            const { answer, body } = await current(client, 'city=Paris');
            expectField(answer, body, 'cached', true);
          },
        },
      ],
    },
    {
      id: 'top-cities',
      title: 'The most asked-for places',
      narrative: 'As the operator, I want to see which places are asked for most, so that I know how the service is used.',
      endpoints: ['GET /v1/stats/top-cities?limit=&days='],
      checks: [
        {
          name: 'A lookup of a city adds 1 to its `lookups` count',
          async run({ client }) {
            await current(client, 'city=Berlin');
            const before = (await topCities(client)).items.find((item) => item.name === 'Berlin');
            const { answer } = await current(client, 'city=Berlin');
            const after = (await topCities(client)).items.find((item) => item.name === 'Berlin');
            expectThat(before !== undefined && after !== undefined, 'Berlin among the top 50 places', 'Berlin missing', answer.request);
            expectThat(after.lookups === before.lookups + 1, `Berlin's lookups ${before.lookups} → ${before.lookups + 1}`, `${before.lookups} → ${after.lookups}`, answer.request);
          },
        },
        {
          name: 'A `limit` over 50 is a 400 problem naming `limit`',
          async run({ client }) {
            expectProblem(await client.request('GET', '/v1/stats/top-cities?limit=51'), 400, 'limit');
          },
        },
      ],
    },
  ];
}

const STAGES: Stage[] = [
  { title: 'Health', stories: ['health'] },
  { title: 'The weather now', stories: ['current-weather'] },
  { title: 'The forecast', stories: ['forecast'] },
  { title: 'Validation', stories: ['weather-validation'] },
  { title: 'The cache', stories: ['cache'] },
  { title: 'Lookup statistics', stories: ['top-cities'] },
  { title: 'Rate limits', stories: ['rate-limits'] },
  { title: 'CORS and documents', stories: ['cors-and-documents'] },
];

export const externalApiSuite: TemplateSuite = {
  template: 'external-api',
  probes: [
    { method: 'GET', path: '/v1/weather/current?city=Berlin' },
    { method: 'GET', path: '/v1/weather/forecast?city=Berlin&days=1' },
    { method: 'GET', path: '/v1/stats/top-cities?limit=1' },
  ],
  stages: STAGES,
  stories: () =>
    inStageOrder(
      [
        healthStory<Context>(),
        ...weatherStories(),
        rateLimitStory<Context>('GET /v1/stats/top-cities', ({ client }) => client.request('GET', '/v1/stats/top-cities?limit=1')),
        ...corsAndDocumentStories<Context>('/v1/weather/current?city=Berlin'),
      ],
      STAGES,
    ) as Story<unknown>[],
  context: (client: Client, options: SuiteOptions): Context => ({ client, document: options.document, origin: options.origin }),
};
