// PostCSS for the console's stylesheet (app/globals.css): Tailwind, then vendor prefixes.
export default {
  plugins: { tailwindcss: {}, autoprefixer: {} },
};
