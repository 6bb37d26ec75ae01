/* global fetch */
import { ApiError } from '../assets/api.js';
import { el } from '../assets/dom.js';

/** A file of a case (a PDF, the calendar file, the check-in QR code), fetched with the access token in a header, never in a URL. */
export async function fetchCaseFile({ trackingCode, accessToken }, document) {
  const res = await fetch(`/api/v1/cases/${encodeURIComponent(trackingCode)}/${document}`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, '');
  return res.blob();
}

/** Downloads one of a case's files (récépissé, attestation, summary, calendar file), saved from memory under `fileName-KH-….ext`. */
export async function downloadCaseDocument(credentials, document, fileName) {
  const blob = await fetchCaseFile(credentials, document);
  const extension = document.split('?')[0].split('.').pop();
  const link = el('a', { attrs: { href: URL.createObjectURL(blob), download: `${fileName}-${credentials.trackingCode}.${extension}` } });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
