// Starts a worker from a .ts file. Node 22.18+ strips types itself (the arm64 lane). On Node 20 (this host)
// a worker does not inherit the tsx loader hooks of `--import tsx` for its entry module, so a small
// bootstrap registers tsx in the worker first and then imports the file.
import { Worker, type WorkerOptions } from 'node:worker_threads';

const typescriptFeature = (process.features as { typescript?: unknown }).typescript;
const nativeTypeScript = typescriptFeature !== undefined && typescriptFeature !== false;

export function tsWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (nativeTypeScript) return new Worker(url, options);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
