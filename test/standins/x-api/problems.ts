/** Error bodies, verbatim from x-api.md §2.2, §2.3, §2.6, §2.7. */

const PROBLEMS = 'https://api.twitter.com/2/problems/';

export const PROBLEM_JSON = 'application/problem+json';

export const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };

export const CREDITS_DEPLETED = { title: 'CreditsDepleted', detail: 'Your enrolled account does not have any credits' };

export const CLIENT_FORBIDDEN = {
  client_id: '12345678',
  detail:
    'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
  registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
  title: 'Client Forbidden',
  required_enrollment: 'Appropriate Level of API Access',
  reason: 'client-not-enrolled',
  type: `${PROBLEMS}client-forbidden`,
};

export const USAGE_CAPPED = {
  account_id: '1234567890',
  product_name: 'standard-basic',
  title: 'UsageCapExceeded',
  period: 'Monthly',
  scope: 'Product',
  detail: 'Usage cap exceeded: Monthly product cap',
  type: `${PROBLEMS}usage-capped`,
};

export const TOO_MANY_REQUESTS = { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 };

/** [ASSUMED] body for a path X does not serve. */
export const ROUTE_NOT_FOUND = {
  errors: [{ message: 'The requested resource could not be found.' }],
  title: 'Not Found Error',
  detail: 'The requested resource could not be found.',
  type: `${PROBLEMS}resource-not-found`,
};

const SERVER_TITLES: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** Default body of an injected 5xx (or other) fault. */
export function serverError(status: number): { body: unknown; contentType: string } {
  const title = SERVER_TITLES[status] ?? 'Error';
  return { body: { title, detail: title, type: 'about:blank', status }, contentType: PROBLEM_JSON };
}

/** One entry of a 400's `errors[]`. */
export interface ParamError {
  parameters: Record<string, string[]>;
  message: string;
}

export function invalidRequest(errors: ParamError[]) {
  return {
    errors,
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: `${PROBLEMS}invalid-request`,
  };
}

/** An inline error of a 200 (missing, suspended or protected resource). */
export interface ResourceError {
  value: string;
  detail: string;
  title: string;
  resource_type: string;
  parameter: string;
  resource_id: string;
  type: string;
}

export function notFound(resourceType: 'user' | 'tweet', parameter: string, value: string, by = parameter): ResourceError {
  return {
    value,
    detail: `Could not find ${resourceType} with ${by}: [${value}].`,
    title: 'Not Found Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: `${PROBLEMS}resource-not-found`,
  };
}

/** [OBSERVED detail prefix; ASSUMED title/type] */
export function suspended(parameter: string, value: string): ResourceError {
  return {
    value,
    detail: `User has been suspended: [${value}].`,
    title: 'Forbidden',
    resource_type: 'user',
    parameter,
    resource_id: value,
    type: `${PROBLEMS}resource-not-found`,
  };
}

/** [ASSUMED] protected account seen with an app-only token. */
export function notAuthorized(parameter: string, value: string): ResourceError {
  return {
    value,
    detail: `Sorry, you are not authorized to see the user with ${parameter}: [${value}].`,
    title: 'Authorization Error',
    resource_type: 'user',
    parameter,
    resource_id: value,
    type: `${PROBLEMS}not-authorized-for-resource`,
  };
}
