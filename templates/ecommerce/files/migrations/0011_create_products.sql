-- The catalogue. Money is an integer number of cents next to its currency, never a float.
-- Products are never deleted, only deactivated (`active = false`): order lines keep pointing at
-- them. The CHECK on `stock` is the last line of defence against overselling: even a buggy query
-- cannot commit a negative stock level.
CREATE TABLE products (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku         text NOT NULL CONSTRAINT products_sku_key UNIQUE,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  category    text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  stock       integer NOT NULL CHECK (stock >= 0),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- Full-text search document, kept up to date by PostgreSQL itself. Name words weigh more than
  -- description words; 'english' stems ("mugs" finds "mug"). The SKU goes through 'english' too,
  -- like every query: the same stemming on both sides means a SKU such as MAT-ABED-7 (whose
  -- "abed" a query stems to "abe") always finds itself.
  search      tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', name), 'A')
    || setweight(to_tsvector('english', description), 'B')
    || to_tsvector('english', sku)
  ) STORED
);

-- One index per way the public list is read. They are partial (WHERE active): the shop only
-- ever lists products that are for sale, so archived ones cost nothing here.
-- `?q=`: a GIN index answers `search @@ tsquery` without reading every row.
CREATE INDEX products_search_idx ON products USING gin (search) WHERE active;
-- Default sort (newest first) and its keyset `(created_at, id) < (…)`.
CREATE INDEX products_created_at_idx ON products (created_at DESC, id DESC) WHERE active;
-- `sort=price_asc|price_desc` (a B-tree is read in both directions) and `minPrice`/`maxPrice`.
CREATE INDEX products_price_idx ON products (price_cents, id) WHERE active;
-- `sort=name`.
CREATE INDEX products_name_idx ON products (name, id) WHERE active;
-- `?category=`, in the default order: browsing one category is the most common read.
CREATE INDEX products_category_idx ON products (category, created_at DESC, id DESC) WHERE active;
