// Server side of "#antd/auto-complete" (package.json imports; the browser gets antd/es/auto-complete).
export { AutoComplete as default } from 'antd';
