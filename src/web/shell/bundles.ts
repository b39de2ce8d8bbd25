import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * The scripts the browser runs for verifiable elections (issue 6): the booth
 * that encrypts a ballot, the trustee's tools and the verifier. They are
 * bundled from src/web/browser by esbuild when first asked for and kept in
 * memory: no build step, nothing fetched from elsewhere, and the code the
 * browser runs is the same src/crypto the server and the CLI run.
 */
export const bundleNames = ['booth', 'trustee', 'verify', 'verify-worker'] as const;
export type BundleName = (typeof bundleNames)[number];

let built: Promise<Map<string, string>> | undefined;

/**
 * esbuild's options for the bundles. Platform `browser` makes the package's
 * `#native` import resolve to native.browser.ts; bundles.test.ts checks with
 * a metafile that no Node-only file of src/crypto is reached.
 */
export function buildOptions(): BuildOptions {
  const dir = fileURLToPath(new URL('../browser/', import.meta.url));
  return {
    entryPoints: Object.fromEntries(bundleNames.map((name) => [name, `${dir}${name}.ts`])),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: '/',
    logLevel: 'silent',
  };
}

async function build(): Promise<Map<string, string>> {
  const { build } = await import('esbuild');
  const result = await build({ ...buildOptions(), write: false });
  return new Map(
    result.outputFiles.map((f) => [f.path.replace(/^.*\//, '').replace(/\.js$/, ''), f.text]),
  );
}

/** The JavaScript of one bundle. */
export async function bundle(name: BundleName): Promise<string> {
  built ??= build();
  try {
    const text = (await built).get(name);
    if (text === undefined) throw new Error(`no bundle named ${name}`);
    return text;
  } catch (error) {
    built = undefined;
    throw error;
  }
}
