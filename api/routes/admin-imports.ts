import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorLabel } from '../../domain/cases/actor.js';
import type { ImportFormat } from '../../domain/open-data/import-report.js';
import { DATASETS } from '../../store/imports/datasets.js';
import { readImportFile, UnreadableImportFile } from '../../store/imports/read-file.js';
import { runImport } from '../../store/imports/run-import.js';
import type { AppDeps } from '../app.js';
import { FileTooLarge, NotFound, UnreadableFile } from '../errors.js';
import { staffActor } from '../plugins/auth.js';
import { errorResponses } from '../schemas/common.js';
import { ImportParams, ImportQuery, ImportReportView } from '../schemas/imports.js';

/** A file of this size holds some 50,000 awards: a year of a large programme, in one transaction. */
export const IMPORT_FILE_LIMIT_BYTES = 10 * 1024 * 1024;

const FORMATS: Record<string, ImportFormat> = { 'text/csv': 'csv', 'application/json': 'json' };

/**
 * Administrators import open data (grants, tenders) from a CSV or JSON file sent as the raw
 * body. The route is a plugin of its own: its content types are read as bytes here, and only here.
 */
export const adminImportRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; kept: Partial<Record<string, { forget(): void }>> }> = async (app, { deps, kept }) => {
  const admins = app.requireStaff(['admin']);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(FORMATS), { parseAs: 'buffer', bodyLimit: IMPORT_FILE_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/api/v1/admin/imports/:dataset',
    {
      bodyLimit: IMPORT_FILE_LIMIT_BYTES,
      // Refused before a byte of an announced oversized file is read.
      onRequest: async (request) => {
        if (Number(request.headers['content-length'] ?? 0) > IMPORT_FILE_LIMIT_BYTES) {
          throw new FileTooLarge(`the file is larger than ${IMPORT_FILE_LIMIT_BYTES / 1024 / 1024} MB; split it into several files`, { limitBytes: IMPORT_FILE_LIMIT_BYTES });
        }
      },
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Import open data (grants, tenders) from a CSV (`;` or `,`, header row) or JSON (array of objects) file, UTF-8',
        description:
          'The body is the file itself, `Content-Type: text/csv` or `application/json`, at most 10 MB. Good rows are stored, bad rows reported with their number and reasons; a row whose natural key is stored already updates it. `dryRun=true` reports what would change and writes nothing.',
        params: ImportParams,
        querystring: ImportQuery,
        consumes: Object.keys(FORMATS),
        response: { 200: ImportReportView, 413: Type.Ref('ErrorBody'), ...errorResponses },
      },
    },
    async (request) => {
      const dataset = DATASETS[request.params.dataset];
      if (!dataset) throw new NotFound(`the dataset ${request.params.dataset} cannot be imported on this platform yet`);
      const mediaType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = FORMATS[mediaType]!;
      let file;
      try {
        file = readImportFile(request.body as Buffer, format);
      } catch (err) {
        if (err instanceof UnreadableImportFile) throw new UnreadableFile(`${err.message}; nothing was imported`);
        throw err;
      }
      const report = await runImport(deps.prisma, dataset, file, { dryRun: request.query.dryRun });
      // What this instance keeps of the dataset's public answers is forgotten at once; other instances' ends within its time.
      if (!report.dryRun && report.created + report.updated > 0) kept[report.dataset]?.forget();
      request.log.info(
        { dataset: report.dataset, dryRun: report.dryRun, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rows - report.created - report.updated - report.unchanged, actor: actorLabel(staffActor(request.user)) },
        report.dryRun ? 'import checked' : 'import applied',
      );
      return report;
    },
  );
};
