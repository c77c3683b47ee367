/**
 * The deploy exercise's two states (the track marks it `"deploys": true`):
 *   ready     its tests pass on this machine: the smoke flow twice against the app on a local
 *             port, and the broken answers. Recorded in `done` like any other exercise.
 *   deployed  the same tests pass against PRACTICE_BASE_URL, a public address. Recorded as
 *             `deployed: { url, at }` in .practice/progress.json and in README.md.
 * "The platform says it is live" is not recorded: only a smoke test that passed there.
 * This file decides (states, which URLs count); deploy-check.ts runs the check and records it.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { RUN } from './commands.ts';
import type { Deployment, Exercise, Progress } from './track.ts';

export const URL_VARIABLE = 'PRACTICE_BASE_URL';

/**
 * Takes PRACTICE_BASE_URL out of this process's environment and returns it. The local run must
 * stay local (the test would otherwise smoke-test the URL instead of the app on a local port);
 * the live check puts it back for its own vitest instance.
 */
export function takeDeploymentUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[URL_VARIABLE]?.trim();
  delete env[URL_VARIABLE];
  return url || undefined;
}

export const deployExercise = (exercises: Exercise[]) => exercises.find((exercise) => exercise.deploys === true);

export type DeployState = 'not ready' | 'ready' | 'deployed';

export function deployState(exercise: Exercise, progress: Progress): DeployState {
  if (!progress.done.includes(exercise.id)) return 'not ready';
  return progress.deployed ? 'deployed' : 'ready';
}

/** `2026-12-07`: the day part of the recorded time. */
export const dayOf = (deployment: Deployment) => deployment.at.slice(0, 10);

/** What `status` says after the deploy exercise's title ('' for other exercises). */
export function statusNote(exercise: Exercise, progress: Progress): string {
  if (!exercise.deploys) return '';
  const state = deployState(exercise, progress);
  if (state === 'deployed' && progress.deployed) {
    return `deployed at ${progress.deployed.url} (smoke test passed ${dayOf(progress.deployed)})`;
  }
  return state === 'ready' ? `ready, not deployed yet: ${URL_VARIABLE}=https://… ${RUN} practice` : '';
}

// Addresses that are this machine or a private network, never "the internet" (RFC 1918, RFC 6598
// shared address space, loopback, link-local, unspecified, IPv6 unique-local).
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && !notPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type Resolve = (host: string) => Promise<string[]>;
export const resolveAll: Resolve = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address);

/**
 * Why `url` is not a deployment on the internet, said after the URL ("… is your machine or your
 * network, not a deployment"); `undefined` when it is one. A name counts by what it resolves
 * to, so `my-laptop.example` pointing at 192.168.1.20 is refused too.
 */
export async function publicUrlProblem(url: string, resolve: Resolve = resolveAll): Promise<string | undefined> {
  if (!URL.canParse(url)) return 'is not a URL: write it whole, e.g. https://my-tasks.fly.dev';
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'https:' && protocol !== 'http:') return 'is not an http(s) URL';
  const host = hostname.replace(/^\[|\]$/g, '');
  const local = 'is your machine or your network, not a deployment';
  if (host === 'localhost' || host.endsWith('.localhost')) return local;
  if (isIP(host)) return isPublicAddress(host) ? undefined : local;
  if (!host.includes('.')) return `${local} (a name without a dot is a local one)`;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return `does not resolve (${host} has no address): is the URL right, and is the app's domain set up yet`;
  }
  const privateOne = addresses.find((address) => !isPublicAddress(address));
  return privateOne ? `${local} (${host} resolves to ${privateOne})` : undefined;
}
