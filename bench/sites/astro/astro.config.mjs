// The Astro equivalent of bench/sites/isl: static pages prerendered, server islands served
// by @astrojs/node's standalone server (one Node process). Stylesheets are linked, never
// inlined, as isl links them.
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
