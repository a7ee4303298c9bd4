/**
 * A connection's columns as the `events` table holds them (times in ms),
 * for the queries that read connections one by one: the details' table and
 * the report's connections CSV add their own columns to it.
 */
export interface EventConnectionColumns {
  ts: number;
  host: string;
  image: string | null;
  proto: string | null;
  src_ip: string;
  src_port: number | null;
  dst_ip: string;
  dst_port: number | null;
  dst_host: string | null;
  bytes_out: number | null;
  bytes_in: number | null;
}
