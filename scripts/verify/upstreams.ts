/** Templates that call an upstream API boot against a local fake of it, never the internet. */
import type { UpstreamStarter } from './generated-project.js';

export function upstreamFor(_template: string): UpstreamStarter | undefined {
  return undefined;
}
