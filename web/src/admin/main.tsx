import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/i18n/index.ts';
import { AdminApp } from './AdminApp.tsx';
import './admin.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
