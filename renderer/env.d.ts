// Stylesheets are bundled by Vite; importing one is a side effect only.
declare module '*.css';
