import { expect } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { errorBody, runScenarios } from '../support/scenarios.js';

const rel = (relation: string, target: string, extra: Record<string, unknown> = {}) => ({ type: 'relation', relation, target, ...extra });

/** Every relation kind, one-way and two-way, plus a self-relation. */
const contentTypes = {
  person: collection('person', 'people', {
    name: { type: 'string', required: true },
    passport: rel('oneToOne', 'passport', { inversedBy: 'holder' }),
    pets: rel('oneToMany', 'pet'),
    home: rel('manyToOne', 'city', { inversedBy: 'residents' }),
    clubs: rel('manyToMany', 'club', { inversedBy: 'members' }),
    favouriteCity: rel('manyToOne', 'city'),
    mentor: rel('oneToOne', 'person'),
  }),
  passport: collection('passport', 'passports', { number: { type: 'string' }, holder: rel('oneToOne', 'person', { mappedBy: 'passport' }) }),
  pet: collection('pet', 'pets', { name: { type: 'string' } }),
  city: collection('city', 'cities', { name: { type: 'string' }, residents: rel('oneToMany', 'person', { mappedBy: 'home' }) }),
  club: collection('club', 'clubs', { name: { type: 'string' }, members: rel('manyToMany', 'person', { mappedBy: 'clubs' }) }),
};

const ids = (list: Array<{ documentId: string }>) => list.map((entry) => entry.documentId).sort();
const create = (url: string, name: string, key: string, field = 'name') => ({
  name: `create ${key}`, method: 'POST', url, body: { data: { [field]: name } }, expectStatus: 201,
  save: (response: { body: any }, vars: Record<string, any>) => { vars[key] = response.body.data.documentId; },
});

runScenarios('relation kinds', dialects, [
  create('/api/passports', 'P-1', 'passport1', 'number'),
  create('/api/passports', 'P-2', 'passport2', 'number'),
  create('/api/pets', 'Rex', 'rex'),
  create('/api/pets', 'Tom', 'tom'),
  create('/api/cities', 'Paris', 'paris'),
  create('/api/cities', 'Oslo', 'oslo'),
  create('/api/clubs', 'Chess', 'chess'),
  create('/api/clubs', 'Rowing', 'rowing'),
  {
    name: 'write every kind at once',
    method: 'POST', url: '/api/people?populate=*',
    body: (v) => ({ data: { name: 'Ann', passport: v.passport1, pets: [v.rex, v.tom], home: v.paris, clubs: [v.chess], favouriteCity: { connect: [v.oslo] } } }),
    expectStatus: 201,
    check: (response, v) => {
      const data = response.body.data;
      expect(data.passport.documentId).toBe(v.passport1);
      expect(ids(data.pets)).toEqual([v.rex, v.tom].sort());
      expect(data.home.documentId).toBe(v.paris);
      expect(ids(data.clubs)).toEqual([v.chess]);
      expect(data.favouriteCity.documentId).toBe(v.oslo);
      expect(data.mentor).toBeNull();
    },
    save: (response, v) => { v.ann = response.body.data.documentId; },
  },
  {
    name: 'a second person takes the same passport (oneToOne): it moves, it is not shared',
    method: 'POST', url: '/api/people?populate=passport',
    body: (v) => ({ data: { name: 'Bob', passport: v.passport1, mentor: v.ann, clubs: [v.chess, v.rowing] } }),
    expectStatus: 201,
    expectBody: (v) => ({ data: { passport: { documentId: v.passport1 } } }),
    save: (response, v) => { v.bob = response.body.data.documentId; },
  },
  {
    name: 'Ann no longer holds it',
    method: 'GET', url: (v) => `/api/people/${v.ann}?populate=passport`, expectStatus: 200,
    expectBody: { data: { passport: null } },
  },
  {
    name: 'a oneToMany one-way target moves too: Bob takes Rex',
    method: 'PUT', url: (v) => `/api/people/${v.bob}?populate=pets`, body: (v) => ({ data: { pets: { connect: [v.rex] } } }), expectStatus: 200,
    check: (response, v) => expect(ids(response.body.data.pets)).toEqual([v.rex]),
  },
  {
    name: 'Ann keeps only Tom',
    method: 'GET', url: (v) => `/api/people/${v.ann}?populate=pets`, expectStatus: 200,
    check: (response, v) => expect(ids(response.body.data.pets)).toEqual([v.tom]),
  },
  {
    name: 'the inverse of oneToOne reads back from the passport',
    method: 'GET', url: (v) => `/api/passports/${v.passport1}?populate=holder`, expectStatus: 200,
    expectBody: (v) => ({ data: { holder: { documentId: v.bob, name: 'Bob' } } }),
  },
  {
    name: 'the inverse of manyToOne lists residents',
    method: 'GET', url: (v) => `/api/cities/${v.paris}?populate=residents`, expectStatus: 200,
    check: (response, v) => expect(ids(response.body.data.residents)).toEqual([v.ann]),
  },
  {
    name: 'the inverse of manyToMany lists members',
    method: 'GET', url: (v) => `/api/clubs/${v.chess}?populate=members`, expectStatus: 200,
    check: (response, v) => expect(ids(response.body.data.members)).toEqual([v.ann, v.bob].sort()),
  },
  {
    name: 'writing from the inverse side works: Oslo gets Bob as a resident',
    method: 'PUT', url: (v) => `/api/cities/${v.oslo}?populate=residents`, body: (v) => ({ data: { residents: { connect: [v.bob] } } }), expectStatus: 200,
    check: (response, v) => expect(ids(response.body.data.residents)).toEqual([v.bob]),
  },
  {
    name: 'and Bob reads Oslo as home',
    method: 'GET', url: (v) => `/api/people/${v.bob}?populate[0]=home&populate[1]=mentor`, expectStatus: 200,
    expectBody: (v) => ({ data: { home: { documentId: v.oslo }, mentor: { documentId: v.ann } } }),
  },
  {
    name: 'set replaces a to-many set',
    method: 'PUT', url: (v) => `/api/people/${v.bob}?populate=clubs`, body: (v) => ({ data: { clubs: { set: [v.rowing] } } }), expectStatus: 200,
    check: (response, v) => expect(ids(response.body.data.clubs)).toEqual([v.rowing]),
  },
  {
    name: 'an empty array clears a to-many relation',
    method: 'PUT', url: (v) => `/api/people/${v.bob}?populate=clubs`, body: { data: { clubs: [] } }, expectStatus: 200,
    expectBody: { data: { clubs: [] } },
  },
  {
    name: 'two values for a to-one relation is a 400',
    method: 'PUT', url: (v) => `/api/people/${v.bob}`, body: (v) => ({ data: { home: [v.paris, v.oslo] } }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['home'] }] } }),
  },
  {
    name: 'deleting a city unlinks it everywhere',
    method: 'DELETE', url: (v) => `/api/cities/${v.oslo}`, expectStatus: 204,
  },
  {
    name: 'Bob has no home now and keeps everything else',
    method: 'GET', url: (v) => `/api/people/${v.bob}?populate=*`, expectStatus: 200,
    expectBody: (v) => ({ data: { name: 'Bob', home: null, passport: { documentId: v.passport1 } } }),
  },
], contentTypes);
