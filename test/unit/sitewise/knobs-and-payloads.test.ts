// The SiteWise emulator's knob modes and the action payloads it reads: strict by default, lenient or a
// reproducible random draw on request; payload numbers as JSON numbers or strings, problems named.

import { describe, expect, it } from 'vitest';
import { SiteWiseError } from '../../../local/sitewise/errors.js';
import {
  knobsOfMode,
  LENIENT_SITEWISE_KNOBS,
  resolveSiteWiseKnobs,
  SiteWiseKnobModeError,
  STRICT_SITEWISE_KNOBS,
} from '../../../local/sitewise/knobs.js';
import { parseInferencePayload, parseTrainingPayload } from '../../../local/sitewise/payloads.js';

describe('SiteWise emulator knobs', () => {
  it('are strict by default, lenient on request, and a random draw is the same for the same seed', () => {
    // Act
    const drawn = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => knobsOfMode(`random:${seed}`));

    // Assess
    expect(knobsOfMode(undefined)).toEqual(STRICT_SITEWISE_KNOBS);
    expect(knobsOfMode('lenient')).toEqual(LENIENT_SITEWISE_KNOBS);
    expect(knobsOfMode('random:3')).toEqual(drawn[2]);
    expect(new Set(drawn.map((knobs) => JSON.stringify(knobs))).size).toBeGreaterThan(1);
    for (const knobs of drawn) {
      for (const [name, value] of Object.entries(knobs)) {
        expect(
          [STRICT_SITEWISE_KNOBS, LENIENT_SITEWISE_KNOBS].map((k) => k[name as keyof typeof k]),
        ).toContain(value);
      }
    }
  });

  it('refuses an unknown mode and an invalid fixed knob', () => {
    expect(() => knobsOfMode('optimistic')).toThrow(SiteWiseKnobModeError);
    expect(() => resolveSiteWiseKnobs({ settle: 'five minutes' })).toThrow(/ISO-8601 duration/);
    expect(resolveSiteWiseKnobs({ settle: 'PT0S' })).toEqual({ ...STRICT_SITEWISE_KNOBS, settle: 'PT0S' });
  });
});

describe('SiteWise action payloads', () => {
  it('reads a scheduler START with numbers written as strings and SERVICE_MANAGED as the default promotion', () => {
    // Act
    const payload = parseTrainingPayload(
      JSON.stringify({
        trainingMode: 'START_RETRAINING_SCHEDULER',
        modelMetricsDestination: { bucketName: 'metrics' },
        retrainingConfiguration: {
          lookbackWindow: 'P360D',
          retrainingFrequency: 'P1M',
          retrainingStartDate: '1735689600',
        },
      }),
    );

    // Assess
    expect(payload).toEqual({
      trainingMode: 'START_RETRAINING_SCHEDULER',
      modelMetricsDestination: { bucketName: 'metrics', prefix: '' },
      retrainingConfiguration: {
        lookbackWindow: 'P360D',
        retrainingFrequency: 'P1M',
        promotion: 'SERVICE_MANAGED',
        retrainingStartDate: 1_735_689_600,
      },
    });
  });

  it.each([
    ['not JSON', '{trainingMode', /not valid JSON/],
    ['an unknown mode', '{"trainingMode":"RETRAIN"}', /trainingMode/],
    [
      'a frequency under P30D',
      '{"trainingMode":"START_RETRAINING_SCHEDULER","modelMetricsDestination":{"bucketName":"abc"},"retrainingConfiguration":{"lookbackWindow":"P180D","retrainingFrequency":"P7D"}}',
      /retrainingConfiguration.retrainingFrequency: .*between P30D and P1Y/,
    ],
    [
      'a START without a destination',
      '{"trainingMode":"START_RETRAINING_SCHEDULER","retrainingConfiguration":{"lookbackWindow":"P180D","retrainingFrequency":"P30D"}}',
      /modelMetricsDestination/,
    ],
    [
      'a TRAIN_MODEL window that ends before it starts',
      '{"trainingMode":"TRAIN_MODEL","exportDataStartTime":20,"exportDataEndTime":10}',
      /before exportDataEndTime/,
    ],
  ])('refuses a training payload with %s as InvalidRequestException', (_case, text, message) => {
    // Act
    const attempt = (): unknown => parseTrainingPayload(text);

    // Assess
    expect(attempt).toThrow(SiteWiseError);
    expect(attempt).toThrow(message);
  });

  it('reads an inference START with an offset written as a string and refuses an offset over 60 minutes', () => {
    // Act
    const start = parseInferencePayload(
      '{"inferenceMode":"START","dataUploadFrequency":"PT2H","dataDelayOffsetInMinutes":"2","targetModelVersion":"3"}',
    );
    const late = (): unknown =>
      parseInferencePayload(
        '{"inferenceMode":"START","dataUploadFrequency":"PT5M","dataDelayOffsetInMinutes":61}',
      );

    // Assess
    expect(start).toEqual({
      inferenceMode: 'START',
      dataUploadFrequency: 'PT2H',
      dataDelayOffsetInMinutes: 2,
      targetModelVersion: 3,
    });
    expect(late).toThrow(/dataDelayOffsetInMinutes/);
  });
});
