// The system module has no tables of its own: it reports on the server and its settings.
export {};
