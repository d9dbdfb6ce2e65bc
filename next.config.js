// Next.js configuration for the console (app/, components/). `sluice up` builds and starts it
// (lib/cli/console/); the server and broker under lib/ never import Next.js.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // `npm run typecheck` and `npm run lint` check the whole project; the build that `sluice up`
  // runs on a user's machine only compiles, which keeps a first `npm start` short.
  typescript: { ignoreBuildErrors: true },
  // No "X-Powered-By: Next.js": the console need not advertise its framework.
  poweredByHeader: false,
};

export default nextConfig;
