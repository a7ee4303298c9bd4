/**
 * IDS alerts ('alert'): Suricata and mapped-CSV alerts attached to the
 * unit(s) of their connection, with signature and severity on the shared
 * scale; alerts no connection matches go to (host by source address, '',
 * destination).
 */
export { alertLevel, alertSettings, scoreAlert, type AlertSettings, type AlertSummary } from './score.js';
export { queryAlerts } from './query.js';
