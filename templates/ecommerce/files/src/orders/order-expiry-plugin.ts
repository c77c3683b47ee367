/**
 * Every instance expires overdue unpaid orders on a timer (see `expireUnpaidOrders`: safe when
 * several instances do it at once). Started when the app is ready, stopped when it closes.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { expireUnpaidOrders } from './orders-service.js';

export const orderExpiry = fp(
  async (app: FastifyInstance) => {
    const { paymentWindowMinutes, expiryCheckSeconds } = app.config.checkout;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;

    const expireOverdue = async () => {
      try {
        const expired = await expireUnpaidOrders(app.db, paymentWindowMinutes);
        if (expired > 0) app.log.info({ expired }, 'expired unpaid orders and restocked them');
      } catch (error) {
        // Not fatal: the next check picks the same orders up.
        app.log.error({ err: error }, 'expiring unpaid orders failed');
      } finally {
        running = undefined;
      }
    };

    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        running ??= expireOverdue(); // never two runs of one instance at once
      }, expiryCheckSeconds * 1000);
      timer.unref(); // the timer alone does not keep the process alive
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'order-expiry' },
);
