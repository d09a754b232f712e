export * from '../../../src-main/shared/deeplink/deeplink.js';
