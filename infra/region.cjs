'use strict';
// Amazon Lookout for Equipment runs in three regions. A stack elsewhere would deploy and then watch
// nothing, so packaging for another region stops with a sentence that says so, unless the stage
// parameter `allowUnsupportedRegion` is "true" (e.g. a region L4E reached after this list was written).
// A stage that watches IoT SiteWise only is not held to L4E's regions.
// Used from serverless.yml as `${file(./infra/region.cjs):region}`.
const { PackagingError, reportingPackagingErrors } = require('./packaging-error.cjs');
const { parseProviders } = require('./providers.cjs');

const L4E_REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-2'];

/** The region, checked; throws PackagingError for a region L4E does not run in, unless allowed. */
function checkRegion(region, allowUnsupported) {
  if (L4E_REGIONS.includes(region) || String(allowUnsupported) === 'true') return region;
  throw new PackagingError(
    `region ${region} has no Amazon Lookout for Equipment, which runs in ${L4E_REGIONS.join(', ')}; deploy there, or add --param=allowUnsupportedRegion=true to package for ${region} anyway`,
  );
}

async function resolveRegion({ resolveVariable }) {
  const region = await resolveVariable('self:provider.region');
  const providers = parseProviders(await resolveVariable('param:providers'));
  if (!providers.includes('lookout-equipment')) return { region };
  const allow = await resolveVariable('param:allowUnsupportedRegion');
  return { region: checkRegion(region, allow) };
}

module.exports = reportingPackagingErrors(resolveRegion);
module.exports.checkRegion = checkRegion;
module.exports.L4E_REGIONS = L4E_REGIONS;
