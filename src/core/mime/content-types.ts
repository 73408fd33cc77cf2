/** Media types guessed from file names (Outlook's add-in API gives attachments a name but no type). */

/** Common prefixes of the Office Open XML and OpenDocument media types. */
const OOXML = "application/vnd.openxmlformats-officedocument";
const ODF = "application/vnd.oasis.opendocument";
const BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  svg: "image/svg+xml",
  heic: "image/heic",
  txt: "text/plain",
  csv: "text/csv",
  htm: "text/html",
  html: "text/html",
  xml: "application/xml",
  json: "application/json",
  ics: "text/calendar",
  vcf: "text/vcard",
  rtf: "application/rtf",
  zip: "application/zip",
  gz: "application/gzip",
  "7z": "application/x-7z-compressed",
  doc: "application/msword",
  dot: "application/msword",
  docx: `${OOXML}.wordprocessingml.document`,
  xls: "application/vnd.ms-excel",
  xlsx: `${OOXML}.spreadsheetml.sheet`,
  ppt: "application/vnd.ms-powerpoint",
  pptx: `${OOXML}.presentationml.presentation`,
  odt: `${ODF}.text`,
  ods: `${ODF}.spreadsheet`,
  odp: `${ODF}.presentation`,
  dcm: "application/dicom",
  eml: "message/rfc822",
  msg: "application/vnd.ms-outlook",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  mp4: "video/mp4",
  mov: "video/quicktime",
  p7m: "application/pkcs7-mime",
  p7s: "application/pkcs7-signature",
  p7c: "application/pkcs7-mime",
  cer: "application/pkix-cert",
  crt: "application/pkix-cert",
  pem: "application/x-pem-file",
};

/** Media type for a file name by its extension; application/octet-stream when unknown. */
export function guessContentType(filename: string): string {
  const dot = filename.lastIndexOf(".");
  if (dot < 0 || dot === filename.length - 1) return "application/octet-stream";
  const ext = filename.slice(dot + 1).toLowerCase();
  return Object.prototype.hasOwnProperty.call(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : "application/octet-stream";
}

/** A caller-given media type we can write safely: "type/subtype" tokens only, lowercased. */
export function normalizeMediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*([A-Za-z0-9!#$&^_.+-]+)\/([A-Za-z0-9!#$&^_.+-]+)\s*$/.exec(value);
  return m ? `${m[1].toLowerCase()}/${m[2].toLowerCase()}` : undefined;
}
