import { divIcon, geoJSON } from 'leaflet';
import { useMemo, useState } from 'react';
import { Marker, useMap, useMapEvents } from 'react-leaflet';
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
  const labels = useMemo(
    () =>
      collection.features.map((feature) => {
        const name = document.createElement('span');
        name.textContent = feature.properties.name; // text, never markup from the data
        return {
          id: feature.properties.id,
          text: feature.properties.name,
          bounds: geoJSON(feature).getBounds(),
          icon: divIcon({ className: 'gz-map-label', html: name, iconSize: [0, 0] }),
        };
      }),
    [collection],
  );
  if (zoom < GRID_LABELS_MIN_ZOOM) return null;
  const fits = (label: (typeof labels)[number]) => {
    const width =
      map.latLngToLayerPoint(label.bounds.getNorthEast()).x - map.latLngToLayerPoint(label.bounds.getSouthWest()).x;
    return width >= labelWidth(label.text);
  };
  return labels
    .filter(fits)
    .map((label) => (
      <Marker
        key={`${label.id}-${zoom}`}
        position={label.bounds.getCenter()}
        icon={label.icon}
        interactive={false}
        keyboard={false}
      />
    ));
}
