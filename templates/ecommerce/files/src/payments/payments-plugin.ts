/** Makes the payment provider available to routes as `app.payments`. Swap the provider here. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { refundDueOrders } from '../orders/orders-service.js';
import { FakePaymentProvider } from './fake-payment-provider.js';
import type { PaymentProvider } from './payment-provider.js';

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentProvider;
  }
}

const REFUND_RETRY_INTERVAL_MS = 60_000;

export const payments = fp(
  async (app: FastifyInstance) => {
    // A real provider needs its secret key from the config, e.g.
    // `new StripePaymentProvider(app.config.payments.stripeSecretKey)`.
    app.decorate('payments', new FakePaymentProvider());

    // Refunds a cancel could not complete (the provider was down) are retried every minute
    // until they succeed; see refundDueOrders. unref: the timer never keeps the process alive.
    const retry = setInterval(() => {
      refundDueOrders(app.db, app.payments, app.log).catch((error: unknown) =>
        app.log.error({ err: error }, 'retrying pending refunds failed'),
      );
    }, REFUND_RETRY_INTERVAL_MS);
    retry.unref();
    app.addHook('onClose', async () => clearInterval(retry));
  },
  { name: 'payments' },
);
