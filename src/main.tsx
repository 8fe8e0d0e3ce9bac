import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { startApp } from './state/actions';
import { installTestHooks } from './testHooks';
import { initialLanguage, setLanguage } from './i18n';
import { parseUrlState } from './state/urlState';
import './styles.css';

// The language first: the first render speaks it.
setLanguage(initialLanguage(parseUrlState(window.location.hash).lang));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
installTestHooks();
startApp();
