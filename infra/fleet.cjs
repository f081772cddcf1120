'use strict';
// The fleet's stage parameters, checked at package time: `fleetConcurrency` (how many per-target pollers
// run at once: the SQS event source's maximum concurrency, 2 to 1000 as Lambda allows) and
// `spokeRoleNamePrefix` (infra/spoke-roles.yml's RoleNamePrefix: the roles are <prefix>-reader and
// <prefix>-activator in every member account) and `fleetDiscovery` (true grants the dispatcher the
// Organizations reads that discover a targets parameter's organizational unit entries).
// Used from serverless.yml as `${file(./infra/fleet.cjs):<setting>}`.
const { PackagingError, reportingPackagingErrors } = require('./packaging-error.cjs');

// An IAM role name is at most 64 characters of [\w+=,.@-]; the longer suffix is `-activator`.
const PREFIX = /^[\w+=,.@-]{1,54}$/;

function parseConcurrency(value) {
  const text = String(value ?? '').trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < 2 || number > 1000) {
    throw new PackagingError(
      `fleetConcurrency must be a whole number from 2 to 1000 (Lambda's limits for an SQS event source), got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

function parseRolePrefix(value) {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!PREFIX.test(text)) {
    throw new PackagingError(
      `spokeRoleNamePrefix must be 1 to 54 characters of letters, digits and + = , . @ _ -, got ${JSON.stringify(value)}`,
    );
  }
  return text;
}

function parseDiscovery(value) {
  const text = typeof value === 'boolean' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text !== 'true' && text !== 'false') {
    throw new PackagingError(`fleetDiscovery must be true or false, got ${JSON.stringify(value)}`);
  }
  return text;
}

function fleetSettings(concurrencyValue, prefixValue, discoveryValue) {
  const prefix = parseRolePrefix(prefixValue);
  return {
    concurrency: parseConcurrency(concurrencyValue),
    readerRoleName: `${prefix}-reader`,
    activatorRoleName: `${prefix}-activator`,
    discovery: parseDiscovery(discoveryValue),
  };
}

async function resolveFleet({ resolveVariable }) {
  return fleetSettings(
    await resolveVariable('param:fleetConcurrency'),
    await resolveVariable('param:spokeRoleNamePrefix'),
    await resolveVariable('param:fleetDiscovery'),
  );
}

module.exports = reportingPackagingErrors(resolveFleet);
Object.assign(module.exports, { fleetSettings, parseConcurrency, parseDiscovery, parseRolePrefix });
