// `make web-dev`: ng serve hands the gateway's paths to the running `make dev` gateway (TENANTRY_GATEWAY_URL).
const target = process.env.TENANTRY_GATEWAY_URL ?? 'http://127.0.0.1:8080';
export default {
  '/api': { target, changeOrigin: false },
  '/platform': { target, changeOrigin: false },
  '/app-config.json': { target, changeOrigin: false },
};
