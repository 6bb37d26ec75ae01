export { documentRequest } from './document-request.js';
export { complaint, informationComplaint, informationRequest } from './case-types.js';
export { calendarPropagation } from './calendar-propagation.js';
