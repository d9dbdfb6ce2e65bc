// Next.js configuration for the console (app/). The console arrives with its own issue;
// the server and broker under lib/ never import Next.js.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
};

export default nextConfig;
