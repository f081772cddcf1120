// Terminal colours, only when stdout is a terminal and neither --no-color nor NO_COLOR says otherwise.

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  /** Colours a status word by what it means: green good, red bad, yellow in progress. */
  status(text: string): string;
}

const GOOD = /^(SUCCESS|RUNNING|ACTIVATED|MODEL_PROMOTED|PASS|ELIGIBLE|met)$/;
const BAD =
  /^(FAILED|REJECTED|POOR_QUALITY_DETECTED|poor|FAIL|RETRAINING_INTERNAL_ERROR|RETRAINING_CUSTOMER_ERROR|INELIGIBLE)$/;
const BUSY =
  /^(IN_PROGRESS|IMPORT_IN_PROGRESS|PENDING|STOPPING|DRY_RUN|SKIPPED|CANCELED|RETRAINING_CANCELLED)$/;

function wrap(code: string, reset: string) {
  return (text: string) => `\u001b[${code}m${text}\u001b[${reset}m`;
}

export function createStyle(color: boolean): Style {
  if (!color) {
    const plain = (text: string) => text;
    return { bold: plain, dim: plain, status: plain };
  }
  const green = wrap('32', '39');
  const red = wrap('31', '39');
  const yellow = wrap('33', '39');
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    status(text) {
      const word = text.trim();
      if (GOOD.test(word)) return green(text);
      if (BAD.test(word)) return red(text);
      if (BUSY.test(word)) return yellow(text);
      return text;
    },
  };
}
