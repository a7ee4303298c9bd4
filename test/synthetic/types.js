// @ts-check
// The plain data the generator passes between its parts (JSDoc types only; nothing runs here).

/**
 * A program as Sysmon's process creation describes it.
 * @typedef {object} Program
 * @property {string} key          short name used inside the generator
 * @property {string} image        full path; `{user}` is the host's user name
 * @property {string} description
 * @property {string} product
 * @property {string} company
 * @property {string} fileVersion
 * @property {string} originalFileName
 * @property {'user' | 'system' | 'network' | 'local'} account  whose token it runs with
 * @property {'Low' | 'Medium' | 'High' | 'System'} integrity
 * @property {string} commandLine  `{image}` and `{user}` are filled in
 * @property {string} [hashSeed]   what its hashes are derived from (default: image and version)
 */

/**
 * A destination a program talks to: a DNS name (or none: by address) with its
 * addresses, and what a connection to it looks like on the wire.
 * @typedef {object} Destination
 * @property {string | null} name   null: the program connects by address, no lookup
 * @property {string[]} cnames      the CNAME chain a lookup answers before the addresses
 * @property {string[]} ips
 * @property {number} ttl           seconds a resolver keeps the answer
 * @property {number} port
 * @property {'tcp' | 'udp'} proto
 * @property {string} service       Zeek's service column (ssl, http, dns, ntp, -)
 * @property {[number, number]} out  bytes sent: [median, log-sigma]
 * @property {[number, number]} in   bytes received: [median, log-sigma]
 * @property {[number, number]} dur  seconds: [median, log-sigma]
 */

/**
 * One host of the organisation.
 * @typedef {object} Host
 * @property {string} name
 * @property {string} ip
 * @property {'workstation' | 'server'} role
 * @property {string} user          the person using it (workstations), '' for the server
 * @property {string} domain        NetBIOS domain
 * @property {string} machineId     first group of its Sysmon process GUIDs
 * @property {string} resolver      the DNS server it asks
 * @property {'edge' | 'chrome' | null} browser
 * @property {string[]} extras      keys of the extra benign profiles it runs
 * @property {boolean} leftOn       never shut down during the week (background traffic runs at night)
 * @property {boolean} weekendUse   its user works a little on Saturday
 * @property {string[]} sysmonExcludes  images whose network events this host's Sysmon config leaves out
 */

/**
 * A running process on a host.
 * @typedef {object} ProcessInstance
 * @property {Program} program
 * @property {string} image
 * @property {string} guid
 * @property {number} pid
 * @property {number} start
 * @property {string} user
 * @property {string} commandLine
 * @property {ProcessInstance | null} parent
 * @property {string} logonGuid
 * @property {string} logonId
 * @property {number} session
 */

/**
 * A connection as both sides will write it.
 * @typedef {object} Connection
 * @property {number} ts             epoch ms when Sysmon saw it
 * @property {Host} host
 * @property {ProcessInstance | null} proc   null: no endpoint event (Sysmon config leaves it out)
 * @property {'tcp' | 'udp'} proto
 * @property {number} srcPort
 * @property {string} dstIp
 * @property {number} dstPort
 * @property {string | null} dstName
 * @property {string} service
 * @property {number} bytesOut
 * @property {number} bytesIn
 * @property {number} duration       seconds
 * @property {number} sensorDelayUs  the sensor's first packet relative to ts (clock offset and handshake)
 * @property {string} uid            Zeek's connection uid
 * @property {string | null} incident  the planted incident it belongs to
 */

/**
 * A DNS lookup that went to the network (the host's cache did not answer it).
 * @typedef {object} DnsLookup
 * @property {number} ts
 * @property {Host} host
 * @property {ProcessInstance | null} proc   the process that asked (Sysmon event 22); null for a forwarder
 * @property {string} clientIp
 * @property {Connection} conn      the UDP exchange carrying it
 * @property {string} name
 * @property {string[]} cnames
 * @property {string[]} ips
 * @property {number} ttl
 * @property {number} transId
 * @property {number} rtt           seconds
 */

/**
 * @typedef {object} ProcessStart
 * @property {number} ts
 * @property {Host} host
 * @property {ProcessInstance} proc
 */

/**
 * A file written (Sysmon event 11).
 * @typedef {object} FileCreate
 * @property {number} ts
 * @property {Host} host
 * @property {ProcessInstance} proc
 * @property {string} target
 */

/**
 * Everything a run produced, before it is written.
 * @typedef {object} EventLog
 * @property {Connection[]} connections
 * @property {DnsLookup[]} lookups
 * @property {ProcessStart[]} processes
 * @property {FileCreate[]} files
 */

export {};
