import { unstableSetRender } from 'antd-mobile';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import '../shared/i18n/index.ts';
import { H5App } from './H5App.tsx';
import { applyShellClasses } from './shell.ts';
import './h5.css';
// Lists, cards and codes used across the points, volunteer and care screens.
import './points/points.css';

// antd-mobile 5 shows Toast and Dialog through ReactDOM.render, which React 19 no
// longer has; give it createRoot instead (https://mobile.ant.design/guide/v5-for-19).
const roots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  const root = roots.get(container) ?? createRoot(container);
  roots.set(container, root);
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});

// Elder mode and WeChat are classes on <html> before the first paint, so nothing jumps.
applyShellClasses();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <H5App />
  </StrictMode>,
);
