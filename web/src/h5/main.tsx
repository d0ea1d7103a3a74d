import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/i18n/index.ts';
import { H5App } from './H5App.tsx';
import './h5.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <H5App />
  </StrictMode>,
);
