// Counts the relay's delivery attempts by channel and outcome, for ops: a receiver that starts
// refusing or stops answering shows as a rise of `retrying` (or `dead`) on its channel within a
// scrape, before the backlog grows.
import { Counter, type Registry } from 'prom-client';
import { outboxChannels, type OutboxChannel } from '../../db/schema/index.js';

/** What became of one delivery attempt. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead';

/** Records one attempt's outcome. */
export type DeliveryObserver = (channel: OutboxChannel, outcome: DeliveryOutcome) => void;

/** A counter of delivery attempts in `registry`, and the observer that feeds it. */
export function countDeliveries(registry: Registry): DeliveryObserver {
  const attempts = new Counter({
    name: 'shenguan_outbox_deliveries_total',
    help: 'Outbox delivery attempts by channel and outcome: delivered, retrying (failed, tried again later) or dead (failed for good).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  // Every series from zero, so that the first failure of a channel shows as a rise.
  for (const channel of outboxChannels) for (const outcome of ['delivered', 'retrying', 'dead'] as const) attempts.inc({ channel, outcome }, 0);
  return (channel, outcome) => attempts.inc({ channel, outcome });
}
