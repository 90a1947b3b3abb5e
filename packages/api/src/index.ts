/** Public surface of @guichet/api. */
export { createApp } from './app.ts';
export { coreConfigFrom, type Env, EnvSchema, readEnv } from './env.ts';
export {
  ConfigurationError,
  ListenError,
  reportStartupError,
  startupMessage,
  terminalLanguage,
} from './lib/start-up.ts';
