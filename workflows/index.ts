export { documentRequest } from './document-request.js';
export { calendarPropagation } from './calendar-propagation.js';
