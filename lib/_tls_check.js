'use strict';

// Server identity checks (RFC 6125, with the same choices Node makes):
//  - an IP address is compared with the certificate's IP SANs only;
//  - a host name is compared with the DNS SANs; the subject CN is consulted
//    only when the certificate has no DNS SAN at all;
//  - a wildcard may only appear in the leftmost label, at most once, never
//    in an IDNA A-label ("xn--"), and never as "*.tld" (two labels or less);
//  - comparison ignores ASCII case and one trailing dot on the host;
//  - names with blanks, controls or non-ASCII characters never match.

const net = require('net');
const { makeError, ERR_TLS_CERT_ALTNAME_INVALID } = require('./_tls_errors');

// Host names are compared case-insensitively in ASCII only; a general
// toLowerCase() would map some non-ASCII letters onto ASCII ones.
function asciiLower(text) {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function withoutTrailingDot(name) {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function labelsOf(name) {
  return asciiLower(withoutTrailingDot(name)).split('.');
}

const OUTSIDE_PRINTABLE_ASCII = /[^\u0021-\u007F]/u;

function patternMatches(hostLabels, pattern) {
  if (typeof pattern !== 'string' || pattern === '') return false;
  const patternLabels = labelsOf(pattern);
  if (patternLabels.length !== hostLabels.length) return false;
  for (const label of patternLabels) {
    if (label === '' || OUTSIDE_PRINTABLE_ASCII.test(label)) return false;
  }
  // Every label right of the first must be equal, wildcards or not.
  for (let i = patternLabels.length - 1; i > 0; i--) {
    if (patternLabels[i] !== hostLabels[i]) return false;
  }
  const first = patternLabels[0];
  const host = hostLabels[0];
  const star = first.indexOf('*');
  if (star === -1 || first.includes('xn--')) return first === host;
  if (first.indexOf('*', star + 1) !== -1) return false;
  if (patternLabels.length <= 2) return false;
  const prefix = first.slice(0, star);
  const suffix = first.slice(star + 1);
  return prefix.length + suffix.length <= host.length &&
    host.startsWith(prefix) && host.endsWith(suffix);
}

// ---- IP addresses ------------------------------------------------------

// The sixteen bytes of an IPv6 address as eight numbers, or null.
function ipv6Groups(text) {
  let head = text;
  let tailV4 = null;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) !== -1) {
    tailV4 = text.slice(lastColon + 1);
    if (!net.isIPv4(tailV4)) return null;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (part) => (part === '' ? [] : part.split(':'));
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...left, ...new Array(missing).fill('0'), ...right].map((g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return NaN;
    return parseInt(g, 16);
  });
  if (groups.some(Number.isNaN)) return null;
  if (tailV4) {
    const bytes = tailV4.split('.').map(Number);
    groups[6] = (bytes[0] << 8) | bytes[1];
    groups[7] = (bytes[2] << 8) | bytes[3];
  }
  return groups;
}

// One spelling per address (RFC 5952 style for IPv6), so that
// "0:0:0:0:0:0:0:1" and "::1" compare equal; anything else is kept as is.
function canonicalIP(text) {
  text = String(text).trim();
  if (net.isIPv4(text)) return text;
  const bare = text.replace(/%.*$/, '');
  const groups = net.isIPv6(text) || net.isIPv6(bare) ? ipv6Groups(bare) : null;
  if (!groups) return text;
  // IPv4-mapped addresses keep their dotted tail, as inet_ntop writes them.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

// ---- subjectaltname parsing -----------------------------------------

// A JSON string literal at the start of the text; Node quotes SAN values
// that would otherwise be ambiguous (commas, quotes, control characters).
const JSON_STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;

function altNameFormatError() {
  return makeError(SyntaxError, 'ERR_TLS_CERT_ALTNAME_FORMAT',
                   'Invalid subject alternative name string');
}

function splitAltNames(text) {
  if (!text.includes('"')) return text.split(', ');
  const entries = [];
  let pos = 0;
  while (pos < text.length) {
    const colon = text.indexOf(':', pos);
    if (colon === -1) throw altNameFormatError();
    const kind = text.slice(pos, colon + 1);
    let next = colon + 1;
    let value;
    if (text[next] === '"') {
      const quoted = JSON_STRING.exec(text.slice(next));
      if (!quoted) throw altNameFormatError();
      value = JSON.parse(quoted[0]);
      next += quoted[0].length;
    } else {
      const comma = text.indexOf(', ', next);
      const end = comma === -1 ? text.length : comma;
      value = text.slice(next, end);
      next = end;
    }
    entries.push(kind + value);
    if (next < text.length) {
      if (!text.startsWith(', ', next)) throw altNameFormatError();
      next += 2;
    }
    pos = next;
  }
  return entries;
}

function checkServerIdentity(hostname, cert) {
  const subject = cert && cert.subject;
  const altNames = cert && cert.subjectaltname;
  const dnsNames = [];
  const ips = [];

  hostname = withoutTrailingDot(`${hostname}`);

  if (altNames) {
    for (const entry of splitAltNames(altNames)) {
      if (entry.startsWith('DNS:')) dnsNames.push(entry.slice(4));
      else if (entry.startsWith('IP Address:')) ips.push(canonicalIP(entry.slice(11)));
    }
  }

  let valid = false;
  let reason;
  if (net.isIP(hostname)) {
    valid = ips.includes(canonicalIP(hostname));
    if (!valid) reason = `IP: ${hostname} is not in the cert's list: ${ips.join(', ')}`;
  } else if (dnsNames.length > 0 || (subject && subject.CN)) {
    const hostLabels = labelsOf(hostname);
    if (dnsNames.length > 0) {
      valid = dnsNames.some((name) => patternMatches(hostLabels, name));
      if (!valid) reason = `Host: ${hostname}. is not in the cert's altnames: ${altNames}`;
    } else {
      const cn = subject.CN;
      valid = Array.isArray(cn) ?
        cn.some((name) => patternMatches(hostLabels, name)) :
        patternMatches(hostLabels, cn);
      if (!valid) reason = `Host: ${hostname}. is not cert's CN: ${cn}`;
    }
  } else {
    reason = 'Cert does not contain a DNS name';
  }

  if (!valid) return ERR_TLS_CERT_ALTNAME_INVALID(reason, hostname, cert);
  return undefined;
}

module.exports = {
  checkServerIdentity,
  canonicalIP,
  patternMatches,
  labelsOf,
};
