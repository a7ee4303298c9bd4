/**
 * Legitimate-service misuse ('service-misuse'): a program that did not talk
 * to cloud storage, messengers, paste sites, tunnels, dynamic DNS... in the
 * baseline now does (Office to a messenger API, a script host uploading to
 * cloud storage); browsers and a service's own client are normal.
 */
export { checkServiceMisuseSettings, ownClient, scoreServiceMisuse, serviceMisuseSettings, type ServiceMisuseSettings, type ServiceMisuseSummary } from './score.js';
export { queryServiceMisuse } from './query.js';
