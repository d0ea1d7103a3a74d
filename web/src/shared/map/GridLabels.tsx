import { geoJSON, type LatLng, type LatLngBounds, type Map as LeafletMap } from 'leaflet';
import { useMemo, useState } from 'react';
import { CircleMarker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import type { GridFeatureCollection } from '../types.ts';
import { GRID_LABELS_MIN_ZOOM, labelWidth } from './buildings.ts';
import './labels.css';

/**
 * Grid names written on the map, so an area can be read without hovering; a name shows
 * only once its grid is drawn wide enough to hold it. The collection is in the map's datum.
 */
export function GridLabels({ collection }: { collection: GridFeatureCollection }) {
  const map = useMap();
  const [zoom, setZoom] = useState(map.getZoom());
  useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  const places = useMemo(() => gridLabelPlaces(collection), [collection]);
  // Each name is a permanent tooltip on an invisible, non-interactive point: text (never markup
  // from the data), above the shapes, letting clicks through, and not a marker among markers.
  return shownGridLabels(map, places).map((label) => (
    <CircleMarker
      key={`${label.id}-${zoom}`}
      center={label.center}
      radius={0}
      stroke={false}
      fill={false}
      interactive={false}
    >
      <Tooltip permanent direction="center" className="gz-grid-label">
        {label.text}
      </Tooltip>
    </CircleMarker>
  ));
}

interface GridLabelPlace {
  id: number;
  text: string;
  bounds: LatLngBounds;
  center: LatLng;
}

/** Where each grid's name would go: the middle of its bounds. */
export function gridLabelPlaces(collection: GridFeatureCollection): GridLabelPlace[] {
  return collection.features.map((feature) => {
    const bounds = geoJSON(feature).getBounds();
    return { id: feature.properties.id, text: feature.properties.name, bounds, center: bounds.getCenter() };
  });
}

/** The grid names written at the map's zoom: those whose grid is drawn wide enough to hold them. */
export function shownGridLabels<T extends GridLabelPlace>(map: LeafletMap, places: readonly T[]): T[] {
  if (map.getZoom() < GRID_LABELS_MIN_ZOOM) return [];
  return places.filter((place) => {
    const width =
      map.latLngToLayerPoint(place.bounds.getNorthEast()).x - map.latLngToLayerPoint(place.bounds.getSouthWest()).x;
    return width >= labelWidth(place.text);
  });
}
