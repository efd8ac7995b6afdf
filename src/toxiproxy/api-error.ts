/** Toxiproxy's `ApiError`: a message and an HTTP status, serialised as `{"error":...,"status":...}`. */
import { marshalGo } from './go-json.js';

/** An error the API reports with its own status code; anything else becomes a 500. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The error strings of api.go, verbatim. */
export const API_ERRORS = {
  badRequestBody: (detail: string) => new ApiError(`bad request body: ${detail}`, 400),
  missingField: (field: string) => new ApiError(`missing required field: ${field}`, 400),
  proxyNotFound: () => new ApiError('proxy not found', 404),
  proxyAlreadyExists: () => new ApiError('proxy already exists', 409),
  invalidStream: () => new ApiError('stream was invalid, can be either upstream or downstream', 400),
  invalidToxicType: () => new ApiError('invalid toxic type', 400),
  toxicAlreadyExists: () => new ApiError('toxic already exists', 409),
  toxicNotFound: () => new ApiError('toxic not found', 404),
} as const;

/** Any thrown value as an ApiError (non-API errors are 500s carrying the Go-style error text). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(error instanceof Error ? error.message : String(error), 500);
}

/** The `ApiError` JSON body, without the newline `http.Error` adds. */
export function marshalApiError(error: ApiError): string {
  return `{"error":${marshalGo(error.message)},"status":${error.status}}`;
}
