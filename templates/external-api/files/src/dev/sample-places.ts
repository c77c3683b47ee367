/**
 * A few real places with Open-Meteo's ids and coordinates: what the fake geocoder knows, and
 * what `npm run db:seed` stores, so both agree with each other and with the real API.
 */
import type { Place } from '../weather/open-meteo.js';

export const SAMPLE_PLACES: readonly (Place & { timezone: string })[] = [
  {
    id: 2950159,
    name: 'Berlin',
    country: 'Germany',
    latitude: 52.52437,
    longitude: 13.41053,
    timezone: 'Europe/Berlin',
  },
  { id: 2988507, name: 'Paris', country: 'France', latitude: 48.85341, longitude: 2.3488, timezone: 'Europe/Paris' },
  {
    id: 2643743,
    name: 'London',
    country: 'United Kingdom',
    latitude: 51.50853,
    longitude: -0.12574,
    timezone: 'Europe/London',
  },
  { id: 1850147, name: 'Tokyo', country: 'Japan', latitude: 35.6895, longitude: 139.69171, timezone: 'Asia/Tokyo' },
  {
    id: 5128581,
    name: 'New York',
    country: 'United States',
    latitude: 40.71427,
    longitude: -74.00597,
    timezone: 'America/New_York',
  },
  {
    id: 3448439,
    name: 'São Paulo',
    country: 'Brazil',
    latitude: -23.5475,
    longitude: -46.63611,
    timezone: 'America/Sao_Paulo',
  },
  {
    id: 2867714,
    name: 'Munich',
    country: 'Germany',
    latitude: 48.13743,
    longitude: 11.57549,
    timezone: 'Europe/Berlin',
  },
  {
    id: 2147714,
    name: 'Sydney',
    country: 'Australia',
    latitude: -33.86785,
    longitude: 151.20732,
    timezone: 'Australia/Sydney',
  },
];
