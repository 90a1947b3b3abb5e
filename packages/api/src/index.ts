/** Public surface of @guichet/api. */
export { createApp } from './app.ts';
export { coreConfigFrom, EnvSchema, readEnv, type Env } from './env.ts';
