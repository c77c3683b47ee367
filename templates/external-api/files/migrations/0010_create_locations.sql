-- Places resolved through the geocoding API: a persistent geocoding cache (a restart or an empty
-- Redis does not cost one upstream call per city again), and what the lookups statistics name.
CREATE TABLE locations (
  -- Open-Meteo's own id of the place (a GeoNames id), so "Munich" and "München" share one row.
  -- bigint: the id is theirs, and nothing promises it stays below integer's 2^31 - 1.
  id          bigint PRIMARY KEY,
  name        text NOT NULL,
  country     text,
  latitude    double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude   double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- What people typed (trimmed, spaces collapsed, lowercased) and the place it resolved to.
-- Looked up by its primary key on every city request that misses the in-memory/Redis cache;
-- `resolved_at` lets an old answer expire (CACHE_TTL_GEOCODING_SECONDS) and be asked again.
CREATE TABLE location_queries (
  query        text PRIMARY KEY CHECK (char_length(query) BETWEEN 1 AND 100),
  location_id  bigint NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
  resolved_at  timestamptz NOT NULL DEFAULT now()
);

-- Foreign keys are not indexed automatically; deleting a location looks its queries up here.
CREATE INDEX location_queries_location_idx ON location_queries (location_id);
