// Tailwind configuration for the console (app/, components/).
const config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  darkMode: "class" as const,
  theme: { extend: {} },
  plugins: [],
};

export default config;
