import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../lib/config.js';
import { readFleetConfig } from '../../../lib/fleet/fleet-config.js';

const BASE = {
  HUB_ACCOUNT_ID: '111111111111',
  AWS_REGION: 'eu-west-1',
  PARAMETER_PREFIX: '/l4e-autopilot/prod/',
};

describe('readFleetConfig', () => {
  it('reads the hub, the prefix without its trailing slash, and the template’s role names by default', () => {
    // Act
    const config = readFleetConfig(BASE);

    // Assess
    expect(config).toEqual({
      hubAccount: '111111111111',
      region: 'eu-west-1',
      parameterPrefix: '/l4e-autopilot/prod',
      providers: ['lookout-equipment'],
      roleNames: { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' },
    });
  });

  it('takes the role names, the external id and the providers the stage sets', () => {
    // Act
    const config = readFleetConfig({
      ...BASE,
      PROVIDERS: 'iot-sitewise,lookout-equipment',
      SPOKE_READER_ROLE_NAME: 'plant-reader',
      SPOKE_ACTIVATOR_ROLE_NAME: 'plant-activator',
      FLEET_EXTERNAL_ID: ' fleet-external-id ',
    });

    // Assess
    expect(config.providers).toEqual(['iot-sitewise', 'lookout-equipment']);
    expect(config.roleNames).toEqual({ reader: 'plant-reader', activator: 'plant-activator' });
    expect(config.externalId).toBe('fleet-external-id');
  });

  it.each(['HUB_ACCOUNT_ID', 'AWS_REGION', 'PARAMETER_PREFIX'])(
    'fails fast naming %s when it is missing',
    (name) => {
      // Act
      const read = () => readFleetConfig({ ...BASE, [name]: '' });

      // Assess
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow(name);
    },
  );
});
