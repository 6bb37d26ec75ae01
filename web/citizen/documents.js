/* global fetch */
import { ApiError } from '../assets/api.js';
import { el } from '../assets/dom.js';

/**
 * Downloads one of a case's PDF documents (récépissé, attestation, summary): fetched with the
 * access token in a header, never in a URL, then saved from memory.
 */
export async function downloadCaseDocument({ trackingCode, accessToken }, document, fileName) {
  const res = await fetch(`/api/v1/cases/${encodeURIComponent(trackingCode)}/${document}`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, '');
  const link = el('a', { attrs: { href: URL.createObjectURL(await res.blob()), download: `${fileName}-${trackingCode}.pdf` } });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
