-- One row per weather request for a named place, for the statistics (`/v1/stats/top-cities`):
-- which places people ask about, and how often the cache answered instead of the provider.
CREATE TABLE lookups (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  location_id   bigint NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('current', 'forecast')),
  -- upstream: asked the provider; cache: a fresh cached answer; stale: an old one, the provider failing
  served_from   text NOT NULL CHECK (served_from IN ('upstream', 'cache', 'stale')),
  requested_at  timestamptz NOT NULL DEFAULT now()
);

-- The statistics read a time window (`requested_at >= …`) and group by location: with both
-- columns in the index the query reads only the window, from the index alone.
CREATE INDEX lookups_requested_at_location_idx ON lookups (requested_at, location_id);

-- Deleting a location (ON DELETE CASCADE) finds its lookups here instead of scanning the table.
CREATE INDEX lookups_location_idx ON lookups (location_id);
