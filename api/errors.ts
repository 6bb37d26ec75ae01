/**
 * One class per failure a user can act on. The HTTP status is decided here and nowhere else;
 * the error handler only reads `statusCode` and `code`.
 */
export abstract class AppError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is wrong: fix the named field. */
export class InvalidInput extends AppError {
  readonly statusCode = 400;
  readonly code = 'invalid_input';
}

/** Credentials are missing, expired or wrong: sign in again. */
export class AuthenticationRequired extends AppError {
  readonly statusCode = 401;
  readonly code = 'authentication_required';
}

/** Signed in, but this role or entity may not do this. */
export class NotPermitted extends AppError {
  readonly statusCode = 403;
  readonly code = 'not_permitted';
}

/** Nothing here for you: unknown, or not yours (the two are never told apart). */
export class NotFound extends AppError {
  readonly statusCode = 404;
  readonly code = 'not_found';
}

/** The step is not possible in the case's current state. */
export class StepRefused extends AppError {
  readonly statusCode = 409;
  readonly code = 'step_refused';
}

/** The slot asked for has no seat left (or is no longer offered): pick one of the next free slots the answer lists. */
export class SlotFull extends AppError {
  readonly statusCode = 409;
  readonly code = 'slot_full';
}

/** The Idempotency-Key was already used for a different request. */
export class IdempotencyKeyReused extends AppError {
  readonly statusCode = 409;
  readonly code = 'idempotency_key_reused';
}

/** Something with this identity exists already (e.g. a service code in its entity): pick another, or change that one. */
export class AlreadyExists extends AppError {
  readonly statusCode = 409;
  readonly code = 'already_exists';
}

/** The change would contradict what already depends on the thing changed (e.g. a service's cases). */
export class ChangeConflicts extends AppError {
  readonly statusCode = 409;
  readonly code = 'change_conflicts';
}

/** Too many requests from one address (or sign-in attempts for one account): wait, then try again. */
export class RateLimited extends AppError {
  readonly statusCode = 429;
  readonly code = 'rate_limited';
}

/** Temporal or the database cannot be reached right now: retry later. */
export class DependencyUnavailable extends AppError {
  readonly statusCode = 503;
  readonly code = 'unavailable';
}

/** An uploaded file that cannot be read as a whole (not CSV or JSON, empty, no array): fix the file; nothing was imported. */
export class UnreadableFile extends AppError {
  readonly statusCode = 400;
  readonly code = 'unreadable_file';
}

/** An uploaded file larger than the endpoint takes: split it. */
export class FileTooLarge extends AppError {
  readonly statusCode = 413;
  readonly code = 'file_too_large';
}
