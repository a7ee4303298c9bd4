/**
 * Unusual ports ('unusual-port', with dstPort set): a port the process's
 * own baseline profile (the same image on every host) never used, and a
 * port no other process of the case uses.
 */
export { checkUnusualPortSettings, scoreUnusualPort, unusualPortSettings, type UnusualPortSettings, type UnusualPortSummary } from './score.js';
export { queryUnusualPorts } from './query.js';
