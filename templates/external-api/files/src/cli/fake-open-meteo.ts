/**
 * `npm run dev:fake`: a fake Open-Meteo on http://127.0.0.1:4010 (`-- --port 4011` to change),
 * so the app runs without internet access. Point the app at it in another terminal:
 *   GEOCODING_BASE_URL=http://127.0.0.1:4010 WEATHER_BASE_URL=http://127.0.0.1:4010 npm run dev
 */
import { parseArgs } from 'node:util';
import { startFakeOpenMeteo } from '../dev/fake-open-meteo.js';
import { SAMPLE_PLACES } from '../dev/sample-places.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4010' } } });
const fake = await startFakeOpenMeteo({ port: Number(values.port) });

console.log(`Fake Open-Meteo listening on ${fake.url}
Known places: ${SAMPLE_PLACES.map((place) => place.name).join(', ')}

Run the app against it (another terminal):
  GEOCODING_BASE_URL=${fake.url} WEATHER_BASE_URL=${fake.url} npm run dev

Make it misbehave (next 5 forecast requests answer 503; see src/dev/fake-open-meteo.ts for more):
  curl -X POST ${fake.url}/__fake/queue -H 'content-type: application/json' \\
    -d '{"endpoint":"forecast","behaviour":{"kind":"status","status":503},"times":5}'
  curl ${fake.url}/__fake/calls`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
