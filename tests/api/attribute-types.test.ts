import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { errorBody, runScenarios, type Scenario } from '../support/scenarios.js';

const specimen = collection('specimen', 'specimens', {
  label: { type: 'string', required: true, minLength: 2, maxLength: 20 },
  code: { type: 'string', regex: '^[A-Z]{3}$' },
  notes: { type: 'text' },
  story: { type: 'richtext' },
  contact: { type: 'email' },
  secret: { type: 'password', minLength: 8 },
  handle: { type: 'uid', targetField: 'label' },
  count: { type: 'integer', min: 0, max: 1000 },
  big: { type: 'biginteger' },
  ratio: { type: 'float' },
  price: { type: 'decimal' },
  active: { type: 'boolean' },
  day: { type: 'date' },
  at: { type: 'time' },
  stamp: { type: 'datetime' },
  meta: { type: 'json' },
  size: { type: 'enumeration', enum: ['small', 'large'] },
  hint: { type: 'string', default: 'none' },
});

/** One invalid value per attribute type: each is a 400 that names the field. */
const invalid: Array<[string, unknown]> = [
  ['label', 'x'], ['label', 'x'.repeat(21)], ['label', 42], ['code', 'abc'], ['contact', 'not-an-email'],
  ['secret', 'short'], ['handle', 'has spaces'], ['count', -1], ['count', 1.5], ['count', 2147483648], ['count', 'seven'],
  ['big', '9223372036854775808'], ['big', 'x1'], ['ratio', 'NaN'], ['price', {}], ['active', 'yes'], ['active', 2],
  ['day', '2024-02-30'], ['day', '20240101'], ['at', '25:00'], ['at', '12:60'], ['stamp', '2024-13-01T00:00:00Z'], ['stamp', 'yesterday'],
  ['size', 'medium'], ['notes', ['a']],
];

const scenarios: Scenario[] = [
  {
    name: 'valid values of every type are stored and returned in the contract formats',
    method: 'POST', url: '/api/specimens',
    body: {
      data: {
        label: 'Crème Brûlée', code: 'ABC', notes: 'long text', story: '# Title', contact: 'cook@example.com', secret: 'correct horse',
        count: 12, big: '9223372036854775807', ratio: 0.1, price: 19.99, active: 'true', day: '2024-02-29', at: '09:30',
        stamp: '2024-05-06T07:08:09.123+02:00', meta: { z: 1, a: [true, null, 'x'] }, size: 'small',
      },
    },
    expectStatus: 201,
    expectBody: {
      data: {
        label: 'Crème Brûlée', code: 'ABC', notes: 'long text', story: '# Title', contact: 'cook@example.com',
        handle: 'creme-brulee', count: 12, big: '9223372036854775807', ratio: 0.1, price: 19.99, active: true,
        day: '2024-02-29', at: '09:30:00.000', stamp: '2024-05-06T05:08:09.123Z', meta: { z: 1, a: [true, null, 'x'] },
        size: 'small', hint: 'none',
      },
    },
    notExpectText: ['correct horse', '"secret"'],
    save: (response, vars) => { vars.id = response.body.data.documentId; },
  },
  {
    name: 'lenient inputs: a datetime without zone is UTC, a date keeps the UTC date of a datetime, HH:mm:ss.SSS, 0/1 booleans',
    method: 'PUT', url: (vars) => `/api/specimens/${vars.id}`,
    body: { data: { stamp: '2024-05-06 23:30:00', day: '2024-05-06T23:30:00-02:00', at: '23:59:59.5', active: 0, big: 42, meta: [1, 2] } },
    expectStatus: 200,
    expectBody: { data: { stamp: '2024-05-06T23:30:00.000Z', day: '2024-05-07', at: '23:59:59.500', active: false, big: '42', meta: [1, 2] } },
  },
  {
    name: 'null clears optional values of every kind',
    method: 'PUT', url: (vars) => `/api/specimens/${vars.id}`,
    body: { data: { code: null, count: null, big: null, ratio: null, price: null, active: null, day: null, at: null, stamp: null, meta: null, size: null } },
    expectStatus: 200,
    expectBody: { data: { code: null, count: null, big: null, ratio: null, price: null, active: null, day: null, at: null, stamp: null, meta: null, size: null } },
  },
  {
    name: 'null on a required field is a 400',
    method: 'PUT', url: (vars) => `/api/specimens/${vars.id}`, body: { data: { label: null } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['label'] }] } }),
  },
  ...invalid.map(([field, value]): Scenario => ({
    name: `${field} = ${JSON.stringify(value)} is a 400 naming ${field}`,
    method: 'PUT', url: (vars) => `/api/specimens/${vars.id}`, body: { data: { [field]: value } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: [field], name: 'ValidationError' }] } }),
  })),
  {
    name: 'several problems are reported together',
    method: 'POST', url: '/api/specimens', body: { data: { count: -5, size: 'huge' } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: '3 errors occurred' }),
  },
  {
    name: 'nothing invalid was stored',
    method: 'GET', url: (vars) => `/api/specimens/${vars.id}`, expectStatus: 200,
    expectBody: { data: { label: 'Crème Brûlée', count: null, size: null } },
  },
];

runScenarios('every attribute type', dialects, scenarios, { specimen });
