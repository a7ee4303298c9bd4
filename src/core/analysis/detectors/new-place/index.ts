/**
 * New countries and autonomous systems for the organisation after the
 * baseline ('new-country', 'new-as'), from enrich's offline country and AS
 * data, looked up once per distinct public address.
 */
export { checkNewPlaceSettings, newPlaceSettings, scoreNewPlace, type NewPlaceSettings, type NewPlaceSummary } from './score.js';
export { queryNewPlaces } from './query.js';
