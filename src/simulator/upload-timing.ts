/**
 * How long an attachment add takes: the upload of its base64 to the server grows with its size, so a slow
 * 20 MB add is not the same as Outlook's S/MIME hang (office-js #3363, #5908: no answer at all). The default is
 * a realistic office uplink (about 32 Mbit/s, 250 ms per MB of base64); tests make it small, or large to
 * show a slow line (`spmSimulator.setUploadSpeed`).
 */
export const DEFAULT_UPLOAD_MS_PER_MB = 250;

/** Extra milliseconds before an add of `base64Chars` characters answers. */
export function uploadDelayMs(base64Chars: number, msPerMb: number): number {
  return Math.max(0, Math.round((base64Chars / 1_000_000) * msPerMb));
}
