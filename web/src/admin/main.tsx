import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/i18n/index.ts';
import { AdminApp } from './AdminApp.tsx';
import './admin.css';
// Shared by several domains' pages (KPI rows, ratio bars): loaded once for the whole console.
import './deliberation/deliberation.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
