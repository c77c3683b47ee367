/**
 * Demo data: an admin, a customer and a small catalogue. Safe to run again and again: existing
 * accounts and SKUs are left as they are (ON CONFLICT DO NOTHING), so it never duplicates rows
 * or resets stock that orders have taken.
 */
import { hashPassword, type PasswordHashing } from './auth/passwords.js';
import type { Database } from './db/database.js';
import { SHOP_CURRENCY } from './money.js';
import { type Role, setRoleByEmail } from './users/roles-repository.js';

/** Published in the README: for a local database only (the seed refuses to run in production). */
export const SEED_ACCOUNTS: { email: string; password: string; role: Role }[] = [
  { email: 'admin@example.com', password: 'admin-password-123', role: 'admin' },
  { email: 'customer@example.com', password: 'customer-password-123', role: 'customer' },
];

const CATALOGUE = [
  {
    sku: 'MUG-ENAMEL-WHITE',
    name: 'Enamel mug, white',
    category: 'kitchen',
    priceCents: 1250,
    stock: 40,
    description: 'A 350 ml camping mug that survives being dropped.',
  },
  {
    sku: 'MUG-ENAMEL-BLUE',
    name: 'Enamel mug, blue',
    category: 'kitchen',
    priceCents: 1250,
    stock: 25,
    description: 'The same mug in a deep blue.',
  },
  {
    sku: 'BOARD-WALNUT',
    name: 'Walnut cutting board',
    category: 'kitchen',
    priceCents: 4500,
    stock: 8,
    description: 'End-grain walnut, oiled, 40 × 25 cm.',
  },
  {
    sku: 'TEAPOT-CAST-IRON',
    name: 'Cast-iron teapot',
    category: 'kitchen',
    priceCents: 6900,
    stock: 5,
    description: 'Keeps tea hot for an hour. Enamelled inside.',
  },
  {
    sku: 'THROW-WOOL',
    name: 'Wool throw',
    category: 'textiles',
    priceCents: 8900,
    stock: 12,
    description: 'A warm blanket of undyed wool for cold evenings.',
  },
  {
    sku: 'NAPKINS-LINEN-4',
    name: 'Linen napkins, set of 4',
    category: 'textiles',
    priceCents: 2400,
    stock: 30,
    description: 'Stonewashed linen; softer with every wash.',
  },
  {
    sku: 'CANDLE-BEESWAX',
    name: 'Beeswax candle',
    category: 'home',
    priceCents: 900,
    stock: 100,
    description: 'Hand-dipped, burns for about 8 hours.',
  },
  {
    sku: 'PRINT-LIMITED-01',
    name: 'Limited print: harbour at dawn',
    category: 'home',
    priceCents: 12000,
    stock: 3,
    description: 'Signed and numbered risograph print, 30 × 40 cm.',
  },
  {
    sku: 'VASE-STONEWARE',
    name: 'Stoneware vase',
    category: 'home',
    priceCents: 3800,
    stock: 0,
    description: 'Sold out: shows how the shop handles an empty shelf.',
  },
];

export async function seed(db: Database, passwordHashing: PasswordHashing): Promise<void> {
  for (const account of SEED_ACCOUNTS) {
    await db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [
      account.email,
      await hashPassword(account.password, passwordHashing),
    ]);
    await setRoleByEmail(db, account.email, account.role);
  }
  for (const product of CATALOGUE) {
    await db.query(
      `INSERT INTO products (sku, name, description, category, price_cents, currency, stock)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (sku) DO NOTHING`,
      [
        product.sku,
        product.name,
        product.description,
        product.category,
        product.priceCents,
        SHOP_CURRENCY,
        product.stock,
      ],
    );
  }
}
