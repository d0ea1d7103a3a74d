import { divIcon, type DivIcon } from 'leaflet';
import './pin.css';

const cache = new Map<string, DivIcon>();

/**
 * A map pin drawn in CSS (no image files to resolve), in the given colour;
 * the tip sits on the point.
 */
export function pinIcon(color: string, className = ''): DivIcon {
  const key = `${color}|${className}`;
  let icon = cache.get(key);
  if (!icon) {
    // A string, not an element: one element cannot sit in two markers at once. The
    // colour and class come from the code, never from data.
    const html = `<span class="gz-pin ${className}" style="--pin-color:${color}"></span>`;
    icon = divIcon({ className: 'gz-pin-wrap', html, iconSize: [26, 34], iconAnchor: [13, 32], popupAnchor: [0, -30] });
    cache.set(key, icon);
  }
  return icon;
}
