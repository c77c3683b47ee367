#!/usr/bin/env node
import module from 'node:module';

// Node ≥ 22.1 caches compiled bytecode between runs (as create-vite does); older Nodes skip this.
try {
  module.enableCompileCache?.();
} catch {}

await import('../dist/index.js');
