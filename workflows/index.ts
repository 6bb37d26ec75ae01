export { documentRequest } from './document-request.js';
export { appointment, complaint, informationComplaint, informationRequest, legalConsultation } from './case-types.js';
export { calendarPropagation } from './calendar-propagation.js';
