/** Makes the payment provider available to routes as `app.payments`. Swap the provider here. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { FakePaymentProvider } from './fake-payment-provider.js';
import type { PaymentProvider } from './payment-provider.js';

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentProvider;
  }
}

export const payments = fp(
  async (app: FastifyInstance) => {
    // A real provider needs its secret key from the config, e.g.
    // `new StripePaymentProvider(app.config.payments.stripeSecretKey)`.
    app.decorate('payments', new FakePaymentProvider());
  },
  { name: 'payments' },
);
