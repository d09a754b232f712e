export * from './deeplink.js';
