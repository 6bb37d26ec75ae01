import type { DatasetName } from '../../domain/open-data/import-report.js';
import type { Dataset } from './dataset.js';
import { grantsDataset } from './grants-dataset.js';
import { tendersDataset } from '../tenders/tender-dataset.js';

/** The datasets administrators can import, by the name the route takes. */
export const DATASETS: { [name in DatasetName]?: Dataset<unknown> } = {
  grants: grantsDataset as Dataset<unknown>,
  tenders: tendersDataset as Dataset<unknown>,
};
