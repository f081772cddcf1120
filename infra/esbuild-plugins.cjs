'use strict';
// The esbuild plugins of the function bundles (serverless.yml custom.esbuild.plugins; `npm run bench`
// loads them the same way).
const { projectSourceMaps } = require('./source-maps.cjs');

module.exports = [projectSourceMaps()];
