/* global document, fetch, URLSearchParams */
import { ApiError } from '../../assets/api.js';

/** The file name the API gives in Content-Disposition (filters in it), or a plain one when it gives none. */
function fileNameOf(response, table) {
  const header = response.headers.get('content-disposition') ?? '';
  const quoted = /filename="([^"]+)"/.exec(header);
  return quoted ? quoted[1] : `khidma-${table}.csv`;
}

/**
 * Downloads one table as CSV with the agent's token: a plain link could not carry the bearer
 * token, so the file is fetched, then handed to the browser as a download under the API's name.
 */
export async function downloadCsv({ table, query, token }) {
  const search = new URLSearchParams(query);
  search.set('format', 'csv');
  let response;
  try {
    response = await fetch(`/api/v1/stats/${encodeURIComponent(table)}?${search}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'unreachable', '');
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    throw new ApiError(response.status, data?.code ?? `http_${response.status}`, data?.message ?? response.statusText, data?.details ?? {});
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response, table);
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has taken the file once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return link.download;
}
