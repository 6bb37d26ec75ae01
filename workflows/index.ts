export { documentRequest } from './document-request.js';
